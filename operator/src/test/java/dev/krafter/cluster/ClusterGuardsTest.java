package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.StorageSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterGuardsTest {
    @Test
    void quorumShapeIsFixedAfterCreation() {
        ClusterTopology combined3 = ClusterTopology.of(cluster("c", 3, Mode.COMBINED, 3));
        assertThat(ClusterGuards.quorumChange(combined3, Optional.empty()))
                .as("not created yet")
                .isEmpty();
        assertThat(ClusterGuards.quorumChange(combined3, Optional.of("combined/3")))
                .isEmpty();
        assertThat(ClusterGuards.quorumChange(
                        ClusterTopology.of(cluster("c", 3, Mode.COMBINED, 1)), Optional.of("combined/3")))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("spec.controllers cannot change after creation")
                        .contains("runs 3 combined")
                        .contains("asks for 1 combined"));
        assertThat(ClusterGuards.quorumChange(
                        ClusterTopology.of(cluster("c", 3, Mode.DEDICATED, 3)), Optional.of("combined/3")))
                .hasValueSatisfying(m -> assertThat(m).contains("mode: combined"));
    }

    @Test
    void aNewClusterWhoseOnlyVoterIsEphemeralIsRefusedUnlessItIsTheWholeCluster() {
        KafkaCluster dedicated = cluster("c", 3, Mode.DEDICATED, 1);
        dedicated.getSpec().getControllers().setStorage(storage(StorageSpec.Type.EPHEMERAL));
        assertThat(ClusterGuards.loneEphemeralVoter(dedicated, ClusterTopology.of(dedicated), false))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("spec.controllers.storage.type: ephemeral")
                        .contains("set spec.controllers.storage.type: persistent")
                        .contains("spec.controllers.replicas: 3"));
        assertThat(ClusterGuards.loneEphemeralVoter(dedicated, ClusterTopology.of(dedicated), true))
                .as("created by an earlier version: left running")
                .isEmpty();
        dedicated.getSpec().getControllers().setStorage(null);
        assertThat(ClusterGuards.loneEphemeralVoter(dedicated, ClusterTopology.of(dedicated), false))
                .as("default storage is persistent")
                .isEmpty();

        KafkaCluster combined = cluster("c", 3, Mode.COMBINED, 1);
        assertThat(ClusterGuards.loneEphemeralVoter(combined, ClusterTopology.of(combined), false))
                .as("broker 0 is the only voter of three ephemeral brokers")
                .hasValueSatisfying(m -> assertThat(m).contains("spec.brokers.storage.type: ephemeral"));
        assertThat(ClusterGuards.loneEphemeralVoter(
                        cluster("c", 3, Mode.COMBINED, 3),
                        ClusterTopology.of(cluster("c", 3, Mode.COMBINED, 3)),
                        false))
                .as("a majority survives a restart")
                .isEmpty();
        KafkaCluster single = cluster("c", 1, Mode.COMBINED, 1);
        assertThat(ClusterGuards.loneEphemeralVoter(single, ClusterTopology.of(single), false))
                .as("one combined node loses its data with its metadata anyway")
                .isEmpty();
        KafkaCluster persistentDedicated = cluster("c", 3, Mode.DEDICATED, 1);
        persistentDedicated.getSpec().getControllers().setStorage(storage(StorageSpec.Type.PERSISTENT));
        assertThat(ClusterGuards.loneEphemeralVoter(
                        persistentDedicated, ClusterTopology.of(persistentDedicated), false))
                .isEmpty();
    }

    private static StorageSpec storage(StorageSpec.Type type) {
        StorageSpec storage = new StorageSpec();
        storage.setType(type);
        storage.setSize("1Gi");
        return storage;
    }

    @Test
    void downgradeBelowTheFinalizedMetadataReleaseIsRefused() {
        KafkaCluster resource = cluster("c", 3, Mode.COMBINED, 3);
        resource.getSpec().setVersion("4.3.1");
        assertThat(ClusterGuards.unsafeDowngrade(resource, Optional.of("4.4.0")))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("4.3.1").contains("4.4.0").contains("metadata.version"));
        resource.getSpec().setVersion("4.4.1");
        assertThat(ClusterGuards.unsafeDowngrade(resource, Optional.of("4.4.2")))
                .as("patch releases share it")
                .isEmpty();
        resource.getSpec().setVersion("4.5.0");
        assertThat(ClusterGuards.unsafeDowngrade(resource, Optional.of("4.4.0")))
                .isEmpty();
        assertThat(ClusterGuards.unsafeDowngrade(resource, Optional.empty())).isEmpty();
    }

    @Test
    void metadataVersionIsRaisedOnlyOnceEveryNodeRunsTheNewRelease() {
        var levels = new MetadataVersionUpgrade.Levels((short) 26, (short) 28);
        assertThat(MetadataVersionUpgrade.raiseTo(levels, false, false)).isEmpty();
        assertThat(MetadataVersionUpgrade.raiseTo(levels, true, false)).contains((short) 28);
        assertThat(MetadataVersionUpgrade.raiseTo(
                        new MetadataVersionUpgrade.Levels((short) 28, (short) 28), true, false))
                .isEmpty();
    }

    @Test
    void versionNumbersBeyondIntDoNotBreakTheGuard() {
        KafkaCluster resource = cluster("c", 3, Mode.COMBINED, 3);
        resource.getSpec().setVersion("4.99999999999.0");
        assertThat(ClusterGuards.unsafeDowngrade(resource, Optional.of("4.4.0")))
                .as("an upgrade, not a crash")
                .isEmpty();
        resource.getSpec().setVersion("4.4.0");
        assertThat(ClusterGuards.unsafeDowngrade(resource, Optional.of("4.99999999999.0")))
                .isPresent();
    }

    @Test
    void metadataVersionIsNotRaisedWhileTheUserHoldsIt() {
        var levels = new MetadataVersionUpgrade.Levels((short) 26, (short) 28);
        assertThat(MetadataVersionUpgrade.raiseTo(levels, true, true))
                .as("held for a rollback window")
                .isEmpty();
        assertThat(MetadataVersionUpgrade.raiseTo(levels, true, false)).contains((short) 28);
    }
}
