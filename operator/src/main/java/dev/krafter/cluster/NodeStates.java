package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roll planner's view of the nodes, from the pods: one entry per ordinal of each StatefulSet (also for a pod that
 * is missing right now), outdated when the pod's template hash differs from its StatefulSet's, the pod carries the
 * restart annotation, or it must restart to load a renewed certificate ({@link CertificateRestarts}).
 */
public final class NodeStates {
    private NodeStates() {}

    public static List<NodeState> of(ClusterTopology topology, ObservedCluster observed) {
        return of(topology, observed, Map.of());
    }

    /** @param certificateRestarts pods that must restart to load renewed certificates, with why */
    static List<NodeState> of(
            ClusterTopology topology, ObservedCluster observed, Map<String, String> certificateRestarts) {
        List<NodeState> nodes = new ArrayList<>();
        observed.controllerSet()
                .ifPresent(set -> addSet(
                        nodes,
                        set,
                        observed,
                        ClusterTopology.CONTROLLER_NODE_ID_OFFSET,
                        ordinal -> true,
                        false,
                        certificateRestarts));
        observed.brokerSet()
                .ifPresent(
                        set -> addSet(nodes, set, observed, 0, topology::isCombinedVoter, true, certificateRestarts));
        return nodes;
    }

    private interface RolePredicate {
        boolean controller(int ordinal);
    }

    private static void addSet(
            List<NodeState> nodes,
            StatefulSet set,
            ObservedCluster observed,
            int idOffset,
            RolePredicate controller,
            boolean broker,
            Map<String, String> certificateRestarts) {
        String wantedHash = templateHash(set);
        int replicas = set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String podName = ClusterNames.podName(set.getMetadata().getName(), ordinal);
            Optional<Pod> pod = observed.pods().stream()
                    .filter(p -> podName.equals(p.getMetadata().getName()))
                    .findFirst();
            boolean deleting =
                    pod.map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(false);
            boolean ready = pod.isPresent() && !deleting && isReady(pod.get());
            String reason = pod.isEmpty() || deleting
                    ? null
                    : Optional.ofNullable(outdatedReason(pod.get(), wantedHash))
                            .orElse(certificateRestarts.get(podName));
            nodes.add(new NodeState(
                    podName,
                    idOffset + ordinal,
                    controller.controller(ordinal),
                    broker,
                    ready,
                    reason != null,
                    reason));
        }
    }

    static String outdatedReason(Pod pod, String wantedHash) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        if (annotations.containsKey(ApiGroup.RESTART_ANNOTATION)) {
            return "restart requested by the " + ApiGroup.RESTART_ANNOTATION + " annotation on the pod";
        }
        String podHash = annotations.get(ClusterLabels.TEMPLATE_HASH);
        if (wantedHash != null && !wantedHash.equals(podHash)) {
            return "pod template changed (image, read-only config, JVM options, resources or restart annotation)";
        }
        return null;
    }

    public static String templateHash(StatefulSet set) {
        var annotations = set.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ClusterLabels.TEMPLATE_HASH);
    }

    /**
     * The broker to ask for the brokers' config: registered, unfenced and with a Ready pod; the lowest such id, so the
     * answer is stable. A broker whose container just crashed stays unfenced in KRaft until its session times out, and
     * a request to it would only time out; its pod has already left Ready.
     */
    public static OptionalInt configSource(KafkaSnapshot snapshot, ClusterTopology topology, List<Pod> brokerPods) {
        Set<Integer> readyPods = brokerPods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && isReady(p))
                .map(p -> topology.nodeIdOf(p.getMetadata().getName()))
                .collect(Collectors.toSet());
        return snapshot.registeredBrokers().stream()
                .filter(id -> snapshot.registeredAndUnfenced(id) && readyPods.contains(id))
                .mapToInt(Integer::intValue)
                .min();
    }

    public static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
