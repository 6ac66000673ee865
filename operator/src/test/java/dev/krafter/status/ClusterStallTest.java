package dev.krafter.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterStallTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private static KafkaCluster cluster(Health health) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName("demo").withNamespace("ns").build());
        cluster.setStatus(new KafkaClusterStatus());
        cluster.getStatus().setConditions(Conditions.apply(null, health, 1, CLOCK));
        return cluster;
    }

    private static final Health UNREACHABLE = Health.progressing(Reasons.KAFKA_UNREACHABLE, "cannot reach Kafka");

    @Test
    void aResourceWaitingOnAStalledClusterIsStalledWithTheClustersCause() {
        KafkaCluster stalled =
                cluster(Health.stalled("PodUnschedulable", "pod demo-broker-0: 0/1 nodes are available"));

        assertThat(ClusterStall.unlessBlocked(stalled, UNREACHABLE))
                .isEqualTo(Health.stalled(
                        Reasons.CLUSTER_STALLED,
                        "KafkaCluster demo is Stalled (PodUnschedulable): pod demo-broker-0: 0/1 nodes are available"));
    }

    @Test
    void readyAndTheResourcesOwnStallAreKeptAndAClusterThatIsNotStalledBlocksNothing() {
        KafkaCluster stalled =
                cluster(Health.stalled("PodUnschedulable", "pod demo-broker-0: 0/1 nodes are available"));
        Health ready = Health.ready(Reasons.READY, "topic in sync");
        Health own = Health.stalled("TopicNameChanged", "set spec.topicName back");

        assertThat(ClusterStall.unlessBlocked(stalled, ready)).isEqualTo(ready);
        assertThat(ClusterStall.unlessBlocked(stalled, own)).isEqualTo(own);
        assertThat(ClusterStall.unlessBlocked(cluster(Health.progressing("Creating", "waiting")), UNREACHABLE))
                .isEqualTo(UNREACHABLE);
        assertThat(ClusterStall.of(new KafkaCluster())).isEmpty();
    }

    @Test
    void aMissingOrDeletedClusterIsWaitedForAndSaysWhichAndWhere() {
        KafkaCluster deleting = cluster(Health.ready(Reasons.READY, "ready"));
        deleting.getMetadata().setDeletionTimestamp("2026-03-01T10:00:00Z");

        assertThat(ClusterStall.missing("demo", Optional.empty(), "ns"))
                .contains(Health.progressing(
                        Reasons.CLUSTER_NOT_FOUND, "KafkaCluster demo does not exist in namespace ns"));
        assertThat(ClusterStall.missing("demo", Optional.of(deleting), "ns"))
                .contains(Health.progressing(
                        Reasons.CLUSTER_NOT_FOUND, "KafkaCluster demo is being deleted in namespace ns"));
        assertThat(ClusterStall.missing("demo", Optional.of(cluster(Health.ready(Reasons.READY, "ready"))), "ns"))
                .isEmpty();
    }
}
