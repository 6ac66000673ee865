package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuorumSizeTest {
    static KafkaCluster unset(int brokers, Mode mode) {
        KafkaCluster resource = cluster("demo", brokers, mode, 3);
        resource.getSpec().getControllers().setReplicas(null);
        return resource;
    }

    @Test
    void aNewClusterGetsVotersForItsBrokerCount() {
        assertThat(QuorumSize.resolve(unset(1, Mode.COMBINED), false, Optional.empty()))
                .isEqualTo(1);
        assertThat(QuorumSize.resolve(unset(2, Mode.COMBINED), false, Optional.empty()))
                .isEqualTo(1);
        assertThat(QuorumSize.resolve(unset(3, Mode.COMBINED), false, Optional.empty()))
                .isEqualTo(3);
        assertThat(QuorumSize.resolve(unset(1, Mode.DEDICATED), false, Optional.empty()))
                .isEqualTo(3);
    }

    @Test
    void anExistingClusterKeepsTheVotersItWasCreatedWith() {
        // Stored when the schema defaulted replicas to 3: the broker ConfigMap records combined/3.
        assertThat(QuorumSize.resolve(unset(5, Mode.COMBINED), true, Optional.of("combined/3")))
                .isEqualTo(3);
        // Created with one broker (one voter), scaled to three: still one voter.
        KafkaCluster scaled = unset(3, Mode.COMBINED);
        QuorumSize.record(scaled, false, Optional.empty());
        scaled.getSpec().getBrokers().setReplicas(1);
        QuorumSize.record(scaled, false, Optional.empty());
        assertThat(scaled.getStatus().getControllers().getReplicas())
                .as("not created yet: follows the spec")
                .isEqualTo(1);
        scaled.getSpec().getBrokers().setReplicas(3);
        QuorumSize.record(scaled, true, Optional.of("combined/1"));
        assertThat(scaled.getStatus().getControllers().getReplicas()).isEqualTo(1);
        assertThat(ClusterTopology.of(scaled).controllers()).isEqualTo(1);
        // Without the ConfigMap, the status of a created cluster still tells.
        QuorumSize.record(scaled, true, Optional.empty());
        assertThat(ClusterTopology.of(scaled).controllers()).isEqualTo(1);
    }

    @Test
    void anExplicitCountWins() {
        KafkaCluster explicit = cluster("demo", 5, Mode.COMBINED, 5);
        assertThat(QuorumSize.resolve(explicit, true, Optional.of("combined/3")))
                .isEqualTo(5);
    }

    @Test
    void withTheCountUnsetTheBrokersCannotGoBelowTheChosenVoters() {
        KafkaCluster resource = unset(2, Mode.COMBINED);
        QuorumSize.record(resource, true, Optional.of("combined/3"));
        assertThat(ClusterValidation.validate(resource).message())
                .contains("spec.brokers.replicas (2) is below the 3 KRaft voters this cluster was created with");
        resource.getSpec().setControllers(new ControllersSpec());
        assertThat(ClusterValidation.validate(resource).isValid()).isFalse();
    }
}
