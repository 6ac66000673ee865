package dev.krafter.probe;

import java.util.Optional;
import java.util.Set;

/** Decides whether a node is ready to receive traffic, from its roles and a metrics snapshot. Pure. */
public final class Readiness {

    /** Kafka's BrokerState RUNNING: caught up with the metadata log, registered and unfenced. */
    public static final int BROKER_STATE_RUNNING = 3;

    private Readiness() {}

    /** The outcome: ready or not, with a one-line reason. */
    public record Verdict(boolean ready, String reason) {
        static Verdict ready(String reason) {
            return new Verdict(true, reason);
        }

        static Verdict notReady(String reason) {
            return new Verdict(false, reason);
        }
    }

    public static Verdict evaluate(Set<NodeRole> roles, NodeMetrics metrics) {
        if (roles.isEmpty()) {
            return Verdict.notReady("process.roles unknown: the probe agent could not read the server config");
        }
        if (roles.contains(NodeRole.BROKER)) {
            return evaluateBroker(metrics.brokerState());
        }
        return evaluateController(metrics.raftState(), metrics.raftHighWatermark(), metrics.raftLogEndOffset());
    }

    static Verdict evaluateBroker(Optional<Integer> brokerState) {
        if (brokerState.isEmpty()) {
            return Verdict.notReady("broker not started: BrokerState metric not registered yet");
        }
        int state = brokerState.get();
        if (state == BROKER_STATE_RUNNING) {
            return Verdict.ready("broker RUNNING");
        }
        return Verdict.notReady(
                "broker state is " + brokerStateName(state) + " (" + state + "), waiting for RUNNING (3)");
    }

    static Verdict evaluateController(
            Optional<String> raftState, Optional<Long> highWatermark, Optional<Long> logEndOffset) {
        if (raftState.isEmpty()) {
            return Verdict.notReady("controller not started: raft-metrics not registered yet");
        }
        String state = raftState.get();
        if (!state.equals("leader") && !state.equals("follower")) {
            return Verdict.notReady("controller raft state is " + state + ", waiting for leader or follower");
        }
        long hw = highWatermark.orElse(-1L);
        if (hw < 0) {
            return Verdict.notReady("controller is " + state + " but the quorum high watermark is not known yet");
        }
        long leo = logEndOffset.orElse(-1L);
        if (leo < hw) {
            return Verdict.notReady(
                    "controller is " + state + " and catching up: log end offset " + leo + " < high watermark " + hw);
        }
        return Verdict.ready(
                "controller " + state + ", caught up (log end offset " + leo + ", high watermark " + hw + ")");
    }

    static String brokerStateName(int state) {
        return switch (state) {
            case 0 -> "NOT_RUNNING";
            case 1 -> "STARTING";
            case 2 -> "RECOVERY";
            case 3 -> "RUNNING";
            case 6 -> "PENDING_CONTROLLED_SHUTDOWN";
            case 7 -> "SHUTTING_DOWN";
            default -> "UNKNOWN";
        };
    }
}
