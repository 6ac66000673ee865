package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterPodEventsTest {
    private static Pod pod(boolean ready, int restarts) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("demo-broker-0")
                .withNamespace("s1")
                .withLabels(Map.of(ClusterLabels.CLUSTER, "demo"))
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .addNewContainerStatus()
                .withName("kafka")
                .withRestartCount(restarts)
                .endContainerStatus()
                .endStatus()
                .build();
    }

    @Test
    void onlyHealthChangesOfAPodReconcile() {
        assertThat(ClusterPodEvents.healthChanged(pod(false, 0), pod(true, 0)))
                .as("left Ready")
                .isTrue();
        assertThat(ClusterPodEvents.healthChanged(pod(true, 1), pod(true, 0)))
                .as("container restarted")
                .isTrue();
        Pod deleting = new PodBuilder(pod(true, 0))
                .editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z")
                .endMetadata()
                .build();
        assertThat(ClusterPodEvents.healthChanged(deleting, pod(true, 0)))
                .as("being deleted")
                .isTrue();
        Pod annotated = new PodBuilder(pod(true, 0))
                .editMetadata()
                .withAnnotations(Map.of("a", "b"))
                .endMetadata()
                .build();
        assertThat(ClusterPodEvents.healthChanged(annotated, pod(true, 0)))
                .as("annotation only")
                .isFalse();
    }
}
