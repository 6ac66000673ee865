package dev.krafter.roll;

import java.util.List;

/**
 * What the rolling restart should do next.
 *
 * @param action RESTART: delete {@code pods} now; WAIT: do nothing, check again later; DONE: no pod is outdated
 * @param podName the (first) pod to restart, or the pod being waited for (null when the wait concerns no single pod)
 * @param reason human-readable, for status and events
 * @param waitCause for WAIT, why: decides whether the per-pod timeout applies ({@link WaitCause#REJOINING}) or
 *     the safety retry period ({@link WaitCause#UNSAFE}); {@link WaitCause#NONE} otherwise
 * @param pods for RESTART, every pod to delete now, in roll order ({@code podName} first); empty otherwise
 */
public record RollDecision(Action action, String podName, String reason, WaitCause waitCause, List<String> pods) {

    public enum Action {
        RESTART,
        WAIT,
        DONE
    }

    public enum WaitCause {
        NONE,
        /** A pod is not ready, a broker is not registered/unfenced or not back in ISR, a voter has not caught up. */
        REJOINING,
        /** Restarting the next pod would put partitions under min.insync.replicas or break the quorum majority. */
        UNSAFE,
        /**
         * Restarting the next broker would put partitions under min.insync.replicas whose replication factor is not
         * above it: no amount of waiting helps, only a change (see the reason).
         */
        NEVER_SAFE
    }

    public RollDecision {
        pods = List.copyOf(pods);
    }

    public RollDecision(Action action, String podName, String reason, WaitCause waitCause) {
        this(
                action,
                podName,
                reason,
                waitCause,
                action == Action.RESTART && podName != null ? List.of(podName) : List.of());
    }

    public RollDecision(Action action, String podName, String reason) {
        this(action, podName, reason, WaitCause.NONE);
    }

    public static RollDecision restart(NodeState node, String reason) {
        return new RollDecision(Action.RESTART, node.podName(), reason, WaitCause.NONE);
    }

    /** Restarts {@code nodes} together (at least one). */
    public static RollDecision restart(List<NodeState> nodes, String reason) {
        return new RollDecision(
                Action.RESTART,
                nodes.get(0).podName(),
                reason,
                WaitCause.NONE,
                nodes.stream().map(NodeState::podName).toList());
    }

    public static RollDecision waitFor(String podName, WaitCause cause, String reason) {
        return new RollDecision(Action.WAIT, podName, reason, cause);
    }

    public static RollDecision done() {
        return new RollDecision(Action.DONE, null, "every pod is up to date", WaitCause.NONE);
    }
}
