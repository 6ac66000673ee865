package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.SecuritySpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InternalTlsTest {

    private static KafkaCluster resource(Boolean internalTls) {
        KafkaCluster resource = cluster("c", 3, Mode.COMBINED, 3);
        resource.setStatus(new KafkaClusterStatus());
        if (internalTls != null) {
            resource.getSpec().setSecurity(new SecuritySpec(internalTls));
        }
        return resource;
    }

    @Test
    void aNewClusterGetsInternalTlsUnlessTheSpecSaysNo() {
        assertThat(InternalTls.effective(resource(null), Optional.empty())).isTrue();
        assertThat(InternalTls.effective(resource(false), Optional.empty())).isFalse();
    }

    @Test
    void anExistingClusterKeepsWhatItWasCreatedWith() {
        assertThat(InternalTls.effective(resource(null), Optional.of(false))).isFalse();
        assertThat(InternalTls.effective(resource(null), Optional.of(true))).isTrue();
        assertThat(InternalTls.change(resource(null), Optional.of(false))).isEmpty();
    }

    @Test
    void switchingARunningClusterIsRefusedWithWhatToDo() {
        assertThat(InternalTls.change(resource(true), Optional.of(false)))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("spec.security.internalTls cannot change")
                        .contains("runs with plaintext")
                        .contains("set it to false"));
        assertThat(InternalTls.change(resource(true), Optional.of(true))).isEmpty();
        assertThat(InternalTls.change(resource(true), Optional.empty())).isEmpty();
    }

    @Test
    void theStatusRecordsTheEffectiveValue() {
        KafkaCluster old = resource(null);
        InternalTls.record(old, Optional.of(false));
        assertThat(old.getStatus().getInternalTls()).isFalse();
        KafkaCluster created = resource(null);
        InternalTls.record(created, Optional.empty());
        assertThat(created.getStatus().getInternalTls()).isTrue();
    }
}
