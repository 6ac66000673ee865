package dev.krafter.roll;

import dev.krafter.roll.RollDecision.WaitCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

    private RollPlanner() {}

    public static RollDecision next(List<NodeState> nodes, KafkaSnapshot snapshot) {
        return next(nodes, snapshot, Set.of());
    }

    /**
     * @param belowMinIsrAccepted topics whose partitions may go under min.insync.replicas while a broker restarts
     *                            ({@code spec.rollout.restartBelowMinIsr}, "*" for all)
     */
    public static RollDecision next(List<NodeState> nodes, KafkaSnapshot snapshot, Set<String> belowMinIsrAccepted) {
        return next(nodes, snapshot, belowMinIsrAccepted, 1);
    }

    /**
     * @param maxConcurrent the most nodes away at once ({@code spec.rollout.maxConcurrent}); nodes away for any reason
     *                      (restarted and not back, crashed, out of an ISR) take their slots
     */
    public static RollDecision next(
            List<NodeState> nodes, KafkaSnapshot snapshot, Set<String> belowMinIsrAccepted, int maxConcurrent) {
        List<NodeState> outdated = nodes.stream()
                .filter(NodeState::outdated)
                .sorted(rollOrder(snapshot))
                .toList();
        if (outdated.isEmpty()) {
            return RollDecision.done();
        }
        Set<Integer> readyVoters = nodes.stream()
                .filter(n -> n.controller() && n.podReady())
                .map(NodeState::nodeId)
                .filter(snapshot.voters()::contains)
                .collect(Collectors.toSet());

        List<NodeState> notReady = nodes.stream().filter(n -> !n.podReady()).toList();
        if (!notReady.isEmpty() && notReady.stream().allMatch(NodeState::outdated)) {
            return restartStuckPod(notReady, outdated, readyVoters, snapshot);
        }
        Optional<RollDecision> unsettled = notReady.isEmpty()
                ? waitUntilSettled(nodes, snapshot)
                : notReady.stream()
                        .filter(n -> !n.outdated())
                        .findFirst()
                        .map(restarted -> RollDecision.waitFor(
                                restarted.podName(),
                                WaitCause.REJOINING,
                                "waiting for pod " + restarted.podName() + " to become ready"));
        List<NodeState> away = nodes.stream().filter(n -> away(n, snapshot)).toList();
        int step = step(outdated.get(0), snapshot);
        boolean noQuorumLeader = nodes.stream().anyMatch(NodeState::controller)
                && snapshot.quorumLeader().isEmpty();
        if (unsettled.isPresent()
                && (away.size() >= maxConcurrent
                        || away.isEmpty()
                        || noQuorumLeader
                        || away.stream().anyMatch(n -> step(n, snapshot) != step))) {
            // Every slot is taken, the quorum has no leader, or a node of another step is still coming back.
            return unsettled.get();
        }

        Set<Integer> awayIds = away.stream().map(NodeState::nodeId).collect(Collectors.toSet());
        List<NodeState> candidates = outdated.stream()
                .filter(n -> step(n, snapshot) == step && !awayIds.contains(n.nodeId()))
                .toList();
        List<NodeState> chosen = largestSafeSet(
                candidates, awayIds, maxConcurrent - away.size(), readyVoters, snapshot, belowMinIsrAccepted);
        if (!chosen.isEmpty()) {
            return RollDecision.restart(chosen, restartReason(chosen));
        }
        if (unsettled.isPresent()) {
            return unsettled.get();
        }
        RollDecision firstBlocked = null;
        for (NodeState candidate : candidates) {
            Optional<RollSafety.Block> blocker = blockers(candidate, readyVoters, snapshot, belowMinIsrAccepted);
            if (blocker.isPresent()) {
                firstBlocked = RollDecision.waitFor(
                        candidate.podName(),
                        blocker.get().neverSafe() ? WaitCause.NEVER_SAFE : WaitCause.UNSAFE,
                        "not restarting " + candidate.describe()
                                + (blocker.get().neverSafe() ? ": " : " yet: ")
                                + blocker.get().message());
                break;
            }
        }
        return firstBlocked;
    }

    /**
     * Nodes not serving fully right now: pod not ready (or gone), broker not registered, fenced or with a replica out
     * of its ISR, voter not caught up with the quorum leader. A restarted node holds its slot until none of this holds.
     */
    public static boolean away(NodeState node, KafkaSnapshot snapshot) {
        if (!node.podReady()) {
            return true;
        }
        if (node.broker()
                && (!snapshot.registeredAndUnfenced(node.nodeId())
                        || !snapshot.outOfSyncOn(node.nodeId()).isEmpty())) {
            return true;
        }
        return node.controller()
                && snapshot.voters().contains(node.nodeId())
                && !snapshot.caughtUpVoters().contains(node.nodeId());
    }

    /**
     * The largest set of at most {@code free} candidates that may be away together with {@code away}: tried greedily
     * in roll order and with each rack's brokers first; among sets of one size the one spanning the fewest racks,
     * then the one earliest in roll order (with one free slot: the first safe candidate, as a serial roll picks).
     */
    static List<NodeState> largestSafeSet(
            List<NodeState> candidates,
            Set<Integer> away,
            int free,
            Set<Integer> readyVoters,
            KafkaSnapshot snapshot,
            Set<String> accepted) {
        List<List<NodeState>> orders = new ArrayList<>();
        orders.add(candidates);
        candidates.stream()
                .map(n -> snapshot.rackOf(n.nodeId()))
                .filter(Objects::nonNull)
                .distinct()
                .forEach(rack -> {
                    List<NodeState> rackFirst = new ArrayList<>();
                    candidates.stream()
                            .filter(n -> rack.equals(snapshot.rackOf(n.nodeId())))
                            .forEach(rackFirst::add);
                    candidates.stream()
                            .filter(n -> !rack.equals(snapshot.rackOf(n.nodeId())))
                            .forEach(rackFirst::add);
                    orders.add(rackFirst);
                });
        Comparator<List<NodeState>> preference = Comparator.<List<NodeState>>comparingInt(set -> -set.size())
                .thenComparingLong(set -> set.stream()
                        .map(n -> snapshot.rackOf(n.nodeId()))
                        .filter(Objects::nonNull)
                        .distinct()
                        .count())
                .thenComparing(set -> set.stream().map(candidates::indexOf).toList(), RollPlanner::lexicographic);
        List<NodeState> best = List.of();
        for (List<NodeState> order : orders) {
            List<NodeState> set = new ArrayList<>();
            for (NodeState candidate : order) {
                if (set.size() >= free) {
                    break;
                }
                if (safeTogether(candidate, set, away, readyVoters, snapshot, accepted)) {
                    set.add(candidate);
                }
            }
            set.sort(Comparator.comparingInt(candidates::indexOf));
            if (preference.compare(set, best) < 0) {
                best = set;
            }
        }
        return best;
    }

    private static boolean safeTogether(
            NodeState candidate,
            List<NodeState> chosen,
            Set<Integer> away,
            Set<Integer> readyVoters,
            KafkaSnapshot snapshot,
            Set<String> accepted) {
        Set<Integer> restarting = new HashSet<>(away);
        chosen.forEach(n -> restarting.add(n.nodeId()));
        restarting.add(candidate.nodeId());
        if (candidate.controller()
                && RollSafety.quorumBlockers(restarting, readyVoters, snapshot).isPresent()) {
            return false;
        }
        return !candidate.broker() || RollSafety.safeTogether(restarting, snapshot, accepted);
    }

    private static int lexicographic(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Integer.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
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
        Optional<NodeState> notReady =
                nodes.stream().filter(n -> !n.podReady()).min(Comparator.comparingInt(NodeState::nodeId));
        if (notReady.isPresent()) {
            return Optional.of(RollDecision.waitFor(
                    notReady.get().podName(),
                    WaitCause.REJOINING,
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

    private static RollDecision restartStuckPod(
            List<NodeState> notReady, List<NodeState> outdated, Set<Integer> readyVoters, KafkaSnapshot snapshot) {
        NodeState firstNotReady = notReady.stream()
                .min(Comparator.comparingInt(NodeState::nodeId))
                .orElseThrow();
        String waitReason = "waiting for pod " + firstNotReady.podName() + " to become ready";
        for (NodeState stuck : outdated) {
            if (stuck.podReady() || (stuck.broker() && snapshot.registeredAndUnfenced(stuck.nodeId()))) {
                continue;
            }
            // No voters known (Kafka unreachable, nothing serving): there is no quorum to protect that a pod which
            // is not ready could be part of.
            Optional<String> quorum = stuck.controller() && !snapshot.voters().isEmpty()
                    ? RollSafety.quorumBlockers(stuck.nodeId(), readyVoters, snapshot)
                    : Optional.empty();
            if (quorum.isEmpty()) {
                return RollDecision.restart(
                        stuck,
                        restartReason(stuck) + "; the pod is not ready and serves"
                                + " nothing, so restarting it first cannot lower availability");
            }
        }
        return RollDecision.waitFor(firstNotReady.podName(), WaitCause.REJOINING, waitReason);
    }

    private static Optional<RollDecision> waitUntilSettled(List<NodeState> nodes, KafkaSnapshot snapshot) {
        for (NodeState node : nodes) {
            if (node.broker() && !snapshot.registeredBrokers().contains(node.nodeId())) {
                return Optional.of(RollDecision.waitFor(
                        node.podName(),
                        WaitCause.REJOINING,
                        "waiting for broker " + node.nodeId() + " (pod " + node.podName() + ") to register"));
            }
            if (node.broker() && snapshot.fencedBrokers().contains(node.nodeId())) {
                return Optional.of(RollDecision.waitFor(
                        node.podName(),
                        WaitCause.REJOINING,
                        "waiting for broker " + node.nodeId() + " (pod " + node.podName() + ") to be unfenced"));
            }
        }
        for (NodeState node : nodes) {
            if (node.broker()) {
                List<TopicPartition> behind = snapshot.outOfSyncOn(node.nodeId());
                if (!behind.isEmpty()) {
                    return Optional.of(RollDecision.waitFor(
                            node.podName(),
                            WaitCause.REJOINING,
                            "waiting for broker " + node.nodeId() + " (pod " + node.podName()
                                    + ") to rejoin the ISR of " + behind.size() + " partition(s): "
                                    + RollSafety.list(behind)));
                }
            }
        }
        if (nodes.stream().anyMatch(NodeState::controller)) {
            if (snapshot.quorumLeader().isEmpty()) {
                return Optional.of(RollDecision.waitFor(
                        null, WaitCause.REJOINING, "waiting for the KRaft quorum to elect a leader"));
            }
            for (NodeState node : nodes) {
                if (node.controller()
                        && snapshot.voters().contains(node.nodeId())
                        && !snapshot.caughtUpVoters().contains(node.nodeId())) {
                    return Optional.of(RollDecision.waitFor(
                            node.podName(),
                            WaitCause.REJOINING,
                            "waiting for controller " + node.nodeId() + " (pod " + node.podName()
                                    + ") to catch up with the quorum leader"));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<RollSafety.Block> blockers(
            NodeState node, Set<Integer> readyVoters, KafkaSnapshot snapshot, Set<String> belowMinIsrAccepted) {
        if (node.controller()) {
            Optional<String> quorum = RollSafety.quorumBlockers(node.nodeId(), readyVoters, snapshot);
            if (quorum.isPresent()) {
                return quorum.map(message -> new RollSafety.Block(message, false));
            }
        }
        return node.broker() ? RollSafety.brokerBlock(node.nodeId(), snapshot, belowMinIsrAccepted) : Optional.empty();
    }

    private static String restartReason(List<NodeState> nodes) {
        if (nodes.size() == 1) {
            return restartReason(nodes.get(0));
        }
        return "restarting " + nodes.size() + " nodes together (every partition keeps its min.insync.replicas and the"
                + " quorum its majority without them): "
                + nodes.stream()
                        .map(n -> n.describe() + ": "
                                + (n.outdatedReason() == null
                                                || n.outdatedReason().isBlank()
                                        ? "outdated"
                                        : n.outdatedReason()))
                        .collect(Collectors.joining("; "));
    }

    private static String restartReason(NodeState node) {
        String why =
                node.outdatedReason() == null || node.outdatedReason().isBlank() ? "outdated" : node.outdatedReason();
        return "restarting " + node.describe() + ": " + why;
    }
}
