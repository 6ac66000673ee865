package dev.krafter.roll;

import dev.krafter.roll.RollDecision.WaitCause;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides the next step of a rolling restart from what the pods and Kafka show now. Nothing is remembered
 * between calls: after an operator restart the roll carries on from the same inputs.
 *
 * <ol>
 *   <li>Nothing outdated: DONE (the last restarted pod may still be coming back: {@link #settling} tells, so
 *       the reconciler can keep reporting the roll, and its per-pod timeout, until the cluster settled).</li>
 *   <li>One pod at a time: WAIT while a pod is not ready, a broker is not registered or fenced, a broker has a
 *       replica out of the ISR (a restarted broker has not caught up yet), the quorum has no leader or a voter
 *       has not caught up with it. Exception: an outdated pod that is not ready and serves nothing (its broker
 *       is not registered-and-unfenced) may be restarted while every not-ready pod is outdated, since a pod
 *       stuck on the old template is often fixed by the new one. It still passes the quorum check when Kafka
 *       reports voters; with no quorum information at all (nothing serving) it does not need to.</li>
 *   <li>Order: dedicated controllers (followers before the active quorum leader), then brokers and combined
 *       nodes (the combined node that leads the quorum last of all), node id ascending within a step.</li>
 *   <li>Safety: a node with the broker role is restarted only if {@link RollSafety#blockers} is empty; a node
 *       with the controller role only if {@link RollSafety#quorumBlockers} is empty. A blocked node lets the next
 *       node of the same step go first, never a node of a later step. A broker blocked by partitions that can
 *       never lose a replica (replication factor not above min.insync.replicas) waits with
 *       {@link WaitCause#NEVER_SAFE}, naming their topics, unless the user accepts them going under
 *       min.insync.replicas ({@code spec.rollout.restartBelowMinIsr}).</li>
 * </ol>
 */
public final class RollPlanner {

    private RollPlanner() {
    }

    public static RollDecision next(List<NodeState> nodes, KafkaSnapshot snapshot) {
        return next(nodes, snapshot, Set.of());
    }

    /**
     * @param belowMinIsrAccepted topics whose partitions may go under min.insync.replicas while a broker restarts
     *                            ({@code spec.rollout.restartBelowMinIsr}, "*" for all)
     */
    public static RollDecision next(List<NodeState> nodes, KafkaSnapshot snapshot, Set<String> belowMinIsrAccepted) {
        List<NodeState> outdated = nodes.stream().filter(NodeState::outdated).sorted(rollOrder(snapshot)).toList();
        if (outdated.isEmpty()) {
            return RollDecision.done();
        }
        Set<Integer> readyVoters = nodes.stream()
                .filter(n -> n.controller() && n.podReady())
                .map(NodeState::nodeId)
                .filter(snapshot.voters()::contains)
                .collect(Collectors.toSet());

        List<NodeState> notReady = nodes.stream().filter(n -> !n.podReady()).toList();
        if (!notReady.isEmpty()) {
            return restartStuckPod(notReady, outdated, readyVoters, snapshot);
        }
        Optional<RollDecision> unsettled = waitUntilSettled(nodes, snapshot);
        if (unsettled.isPresent()) {
            return unsettled.get();
        }

        int step = step(outdated.get(0), snapshot);
        RollDecision firstBlocked = null;
        for (NodeState candidate : outdated) {
            if (step(candidate, snapshot) != step) {
                break;
            }
            Optional<RollSafety.Block> blocker = blockers(candidate, readyVoters, snapshot, belowMinIsrAccepted);
            if (blocker.isEmpty()) {
                return RollDecision.restart(candidate, restartReason(candidate));
            }
            if (firstBlocked == null) {
                firstBlocked = RollDecision.waitFor(candidate.podName(),
                        blocker.get().neverSafe() ? WaitCause.NEVER_SAFE : WaitCause.UNSAFE,
                        "not restarting " + candidate.describe() + (blocker.get().neverSafe() ? ": " : " yet: ")
                                + blocker.get().message());
            }
        }
        return firstBlocked;
    }

    /** Roll progress for status.operation.progress: pods up to date / all pods, e.g. "2/6". */
    public static String progress(List<NodeState> nodes) {
        long upToDate = nodes.stream().filter(n -> !n.outdated()).count();
        return upToDate + "/" + nodes.size();
    }

    /**
     * Why the cluster is not settled enough for the next restart (a pod not ready, a broker not registered,
     * fenced or out of an ISR, no quorum leader, a lagging voter), or empty when it is.
     */
    public static Optional<RollDecision> settling(List<NodeState> nodes, KafkaSnapshot snapshot) {
        Optional<NodeState> notReady = nodes.stream().filter(n -> !n.podReady())
                .min(Comparator.comparingInt(NodeState::nodeId));
        if (notReady.isPresent()) {
            return Optional.of(RollDecision.waitFor(notReady.get().podName(), WaitCause.REJOINING,
                    "waiting for pod " + notReady.get().podName() + " to become ready"));
        }
        return waitUntilSettled(nodes, snapshot);
    }

    /**
     * Roll order: 0 dedicated controller followers, 1 the dedicated controller leading the quorum, 2 brokers and
     * combined followers, 3 the combined node leading the quorum.
     */
    static int step(NodeState node, KafkaSnapshot snapshot) {
        boolean leader = snapshot.isQuorumLeader(node.nodeId());
        if (node.dedicatedController()) {
            return leader ? 1 : 0;
        }
        return node.controller() && leader ? 3 : 2;
    }

    static Comparator<NodeState> rollOrder(KafkaSnapshot snapshot) {
        return Comparator.<NodeState>comparingInt(n -> step(n, snapshot)).thenComparingInt(NodeState::nodeId);
    }

    private static RollDecision restartStuckPod(List<NodeState> notReady, List<NodeState> outdated,
            Set<Integer> readyVoters, KafkaSnapshot snapshot) {
        NodeState firstNotReady = notReady.stream().min(Comparator.comparingInt(NodeState::nodeId)).orElseThrow();
        String waitReason = "waiting for pod " + firstNotReady.podName() + " to become ready";
        if (!notReady.stream().allMatch(NodeState::outdated)) {
            NodeState restarted = notReady.stream().filter(n -> !n.outdated()).findFirst().orElseThrow();
            return RollDecision.waitFor(restarted.podName(), WaitCause.REJOINING,
                    "waiting for pod " + restarted.podName() + " to become ready");
        }
        for (NodeState stuck : outdated) {
            if (stuck.podReady() || (stuck.broker() && snapshot.registeredAndUnfenced(stuck.nodeId()))) {
                continue;
            }
            // No voters known (Kafka unreachable, nothing serving): there is no quorum to protect that a pod which
            // is not ready could be part of.
            Optional<String> quorum = stuck.controller() && !snapshot.voters().isEmpty()
                    ? RollSafety.quorumBlockers(stuck.nodeId(), readyVoters, snapshot) : Optional.empty();
            if (quorum.isEmpty()) {
                return RollDecision.restart(stuck, restartReason(stuck) + "; the pod is not ready and serves"
                        + " nothing, so restarting it first cannot lower availability");
            }
        }
        return RollDecision.waitFor(firstNotReady.podName(), WaitCause.REJOINING, waitReason);
    }

    private static Optional<RollDecision> waitUntilSettled(List<NodeState> nodes, KafkaSnapshot snapshot) {
        for (NodeState node : nodes) {
            if (node.broker() && !snapshot.registeredBrokers().contains(node.nodeId())) {
                return Optional.of(RollDecision.waitFor(node.podName(), WaitCause.REJOINING,
                        "waiting for broker " + node.nodeId() + " (pod " + node.podName() + ") to register"));
            }
            if (node.broker() && snapshot.fencedBrokers().contains(node.nodeId())) {
                return Optional.of(RollDecision.waitFor(node.podName(), WaitCause.REJOINING,
                        "waiting for broker " + node.nodeId() + " (pod " + node.podName() + ") to be unfenced"));
            }
        }
        for (NodeState node : nodes) {
            if (node.broker()) {
                List<TopicPartition> behind = snapshot.outOfSyncOn(node.nodeId());
                if (!behind.isEmpty()) {
                    return Optional.of(RollDecision.waitFor(node.podName(), WaitCause.REJOINING,
                            "waiting for broker " + node.nodeId() + " (pod " + node.podName() + ") to rejoin the ISR of "
                                    + behind.size() + " partition(s): " + RollSafety.list(behind)));
                }
            }
        }
        if (nodes.stream().anyMatch(NodeState::controller)) {
            if (snapshot.quorumLeader().isEmpty()) {
                return Optional.of(RollDecision.waitFor(null, WaitCause.REJOINING,
                        "waiting for the KRaft quorum to elect a leader"));
            }
            for (NodeState node : nodes) {
                if (node.controller() && snapshot.voters().contains(node.nodeId())
                        && !snapshot.caughtUpVoters().contains(node.nodeId())) {
                    return Optional.of(RollDecision.waitFor(node.podName(), WaitCause.REJOINING,
                            "waiting for controller " + node.nodeId() + " (pod " + node.podName()
                                    + ") to catch up with the quorum leader"));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<RollSafety.Block> blockers(NodeState node, Set<Integer> readyVoters, KafkaSnapshot snapshot,
            Set<String> belowMinIsrAccepted) {
        if (node.controller()) {
            Optional<String> quorum = RollSafety.quorumBlockers(node.nodeId(), readyVoters, snapshot);
            if (quorum.isPresent()) {
                return quorum.map(message -> new RollSafety.Block(message, false));
            }
        }
        return node.broker() ? RollSafety.brokerBlock(node.nodeId(), snapshot, belowMinIsrAccepted) : Optional.empty();
    }

    private static String restartReason(NodeState node) {
        String why = node.outdatedReason() == null || node.outdatedReason().isBlank() ? "outdated"
                : node.outdatedReason();
        return "restarting " + node.describe() + ": " + why;
    }
}
