package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Which pod events wake a KafkaCluster: its node pods appearing, going away, or changing health (Ready, phase,
 * container restarts, deletion, the scheduler's verdict, a container's waiting reason such as ImagePullBackOff). So a broker that crashes shows in the cluster's status at once, not at the next
 * resync; other pod updates (annotations, resource versions) do not reconcile.
 */
public final class ClusterPodEvents {
    private ClusterPodEvents() {}

    public static boolean healthChanged(Pod newPod, Pod oldPod) {
        return NodeStates.isReady(newPod) != NodeStates.isReady(oldPod)
                || !Objects.equals(phase(newPod), phase(oldPod))
                || restarts(newPod) != restarts(oldPod)
                || !Objects.equals(scheduling(newPod), scheduling(oldPod))
                || !Objects.equals(waitingReasons(newPod), waitingReasons(oldPod))
                || !Objects.equals(
                        newPod.getMetadata().getDeletionTimestamp(),
                        oldPod.getMetadata().getDeletionTimestamp());
    }

    /** The PodScheduled condition's status, reason and message: the scheduler's verdict. */
    private static List<String> scheduling(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of()
                : pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()))
                        .map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage())
                        .toList();
    }

    private static List<String> waitingReasons(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(
                        pod.getStatus().getInitContainerStatuses() == null
                                ? Stream.empty()
                                : pod.getStatus().getInitContainerStatuses().stream(),
                        pod.getStatus().getContainerStatuses() == null
                                ? Stream.empty()
                                : pod.getStatus().getContainerStatuses().stream())
                .map(c -> c.getState() == null || c.getState().getWaiting() == null
                        ? ""
                        : c.getState().getWaiting().getReason())
                .toList();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static int restarts(Pod pod) {
        List<ContainerStatus> statuses =
                pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return statuses == null
                ? 0
                : statuses.stream()
                        .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount())
                        .sum();
    }
}
