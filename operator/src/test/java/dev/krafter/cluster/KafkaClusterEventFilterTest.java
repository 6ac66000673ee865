package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class KafkaClusterEventFilterTest {
    private final KafkaClusterEventFilter filter = new KafkaClusterEventFilter();

    private static KafkaCluster cluster(long generation) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withNamespace("ns")
                .withName("demo")
                .withGeneration(generation)
                .withAnnotations(new HashMap<>())
                .build());
        cluster.setStatus(new dev.krafter.api.v1alpha1.KafkaClusterStatus());
        return cluster;
    }

    @Test
    void aStatusWriteAloneDoesNotTriggerAReconcile() {
        KafkaCluster updated = cluster(3);
        updated.getStatus().setMetadataVersion("33");
        assertThat(filter.accept(updated, cluster(3))).isFalse();
    }

    @Test
    void aSpecChangeAndANewRestartAnnotationValueDo() {
        assertThat(filter.accept(cluster(4), cluster(3))).isTrue();
        KafkaCluster restart = cluster(3);
        restart.getMetadata().getAnnotations().put("krafter.dev/restart", "2026-11-27T05:00:00Z");
        assertThat(filter.accept(restart, cluster(3))).as("restart asked").isTrue();
        KafkaCluster again = cluster(3);
        again.getMetadata().getAnnotations().put("krafter.dev/restart", "2026-11-27T06:00:00Z");
        assertThat(filter.accept(again, restart)).as("restart asked again").isTrue();
        assertThat(filter.accept(restart, restart)).as("same token").isFalse();
        KafkaCluster other = cluster(3);
        other.getMetadata().getAnnotations().put("example.com/owner", "team-a");
        assertThat(filter.accept(other, cluster(3)))
                .as("an unrelated annotation")
                .isFalse();
    }
}
