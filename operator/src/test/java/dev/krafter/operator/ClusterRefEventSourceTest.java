package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Which changes of a KafkaCluster wake the Topics, ConsumerGroups and KafkaUsers that name it. */
class ClusterRefEventSourceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Health STARTING = Health.progressing("CreatingPods", "waiting for pods");
    private static final Health READY = Health.ready(Reasons.READY, "3 brokers ready");

    private static KafkaCluster cluster(long generation, Health health) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("demo")
                .withNamespace("ns")
                .withGeneration(generation)
                .build());
        cluster.setStatus(new KafkaClusterStatus());
        cluster.getStatus().setConditions(Conditions.apply(null, health, generation, CLOCK));
        return cluster;
    }

    @Test
    void turningReadyOrStoppingBeingReadyWakes() {
        assertThat(ClusterRefEventSource.wakesReferrers(cluster(1, READY), cluster(1, STARTING)))
                .isTrue();
        assertThat(ClusterRefEventSource.wakesReferrers(cluster(1, STARTING), cluster(1, READY)))
                .isTrue();
    }

    @Test
    void aStallAppearingOrClearingWakes() {
        Health stalled = Health.stalled("PodUnschedulable", "pod demo-broker-0: 0/1 nodes are available");
        assertThat(ClusterRefEventSource.wakesReferrers(cluster(1, stalled), cluster(1, STARTING)))
                .isTrue();
        assertThat(ClusterRefEventSource.wakesReferrers(cluster(1, STARTING), cluster(1, stalled)))
                .isTrue();
    }

    @Test
    void aNewGenerationOrTheStartOfDeletionWakes() {
        assertThat(ClusterRefEventSource.wakesReferrers(cluster(2, READY), cluster(1, READY)))
                .isTrue();
        KafkaCluster deleting = cluster(1, READY);
        deleting.getMetadata().setDeletionTimestamp("2026-03-01T10:05:00Z");
        assertThat(ClusterRefEventSource.wakesReferrers(deleting, cluster(1, READY)))
                .isTrue();
    }

    @Test
    void otherStatusWritesDoNotWake() {
        KafkaCluster progressed = cluster(1, Health.progressing("CreatingPods", "waiting for pods (2 of 3 ready)"));
        progressed.getStatus().setMetadataVersion("4.4-IV0");
        assertThat(ClusterRefEventSource.wakesReferrers(progressed, cluster(1, STARTING)))
                .isFalse();
        KafkaCluster stillReady = cluster(1, Health.ready(Reasons.READY, "3 brokers ready, 1 topic"));
        assertThat(ClusterRefEventSource.wakesReferrers(stillReady, cluster(1, READY)))
                .isFalse();
    }
}
