package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which pod events wake a KafkaCluster: its node pods appearing, going away, or changing health (Ready, phase,
 * container restarts, deletion). So a broker that crashes shows in the cluster's status at once, not at the next
 * resync; other pod updates (annotations, resource versions) do not reconcile.
 */
public final class ClusterPodEvents {
    private ClusterPodEvents() {
    }

    /** The KafkaCluster a node pod belongs to, from its {@link ClusterLabels#CLUSTER} label. */
    public static Set<ResourceID> clusterOf(Pod pod) {
        String cluster = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(ClusterLabels.CLUSTER);
        return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
    }

    public static boolean healthChanged(Pod newPod, Pod oldPod) {
        return NodeStates.isReady(newPod) != NodeStates.isReady(oldPod)
                || !Objects.equals(phase(newPod), phase(oldPod))
                || restarts(newPod) != restarts(oldPod)
                || !Objects.equals(newPod.getMetadata().getDeletionTimestamp(), oldPod.getMetadata().getDeletionTimestamp());
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static int restarts(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return statuses == null ? 0 : statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }
}
