package dev.krafter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    record Snapshot(
            Optional<Integer> brokerState,
            Optional<String> raftState,
            Optional<Long> raftHighWatermark,
            Optional<Long> raftLogEndOffset)
            implements NodeMetrics {

        static Snapshot broker(Integer state) {
            return new Snapshot(
                    Optional.ofNullable(state), Optional.of("follower"), Optional.of(10L), Optional.of(10L));
        }

        static Snapshot raft(String state, long highWatermark, long logEnd) {
            return new Snapshot(
                    Optional.empty(), Optional.ofNullable(state), Optional.of(highWatermark), Optional.of(logEnd));
        }
    }

    private static final Set<NodeRole> BROKER = EnumSet.of(NodeRole.BROKER);
    private static final Set<NodeRole> COMBINED = EnumSet.of(NodeRole.BROKER, NodeRole.CONTROLLER);
    private static final Set<NodeRole> CONTROLLER = EnumSet.of(NodeRole.CONTROLLER);

    @Test
    void brokerIsReadyOnlyWhenRunning() {
        assertThat(Readiness.evaluate(BROKER, Snapshot.broker(3)).ready()).isTrue();
        assertThat(Readiness.evaluate(BROKER, Snapshot.broker(null)))
                .isEqualTo(new Readiness.Verdict(false, "broker not started: BrokerState metric not registered yet"));
        assertThat(Readiness.evaluate(BROKER, Snapshot.broker(1)).reason()).contains("STARTING (1)");
        assertThat(Readiness.evaluate(BROKER, Snapshot.broker(2)).ready()).isFalse();
        assertThat(Readiness.evaluate(BROKER, Snapshot.broker(6)).reason()).contains("PENDING_CONTROLLED_SHUTDOWN");
    }

    @Test
    void combinedNodeFollowsTheBrokerState() {
        // The raft side looks healthy, but the broker has not caught up and unfenced yet.
        assertThat(Readiness.evaluate(COMBINED, Snapshot.broker(1)).ready()).isFalse();
        assertThat(Readiness.evaluate(COMBINED, Snapshot.broker(3)).ready()).isTrue();
    }

    @Test
    void controllerIsReadyWhenLeaderOrCaughtUpFollower() {
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("leader", 42, 42))
                        .ready())
                .isTrue();
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("follower", 42, 42))
                        .ready())
                .isTrue();
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("follower", 42, 50))
                        .ready())
                .isTrue();
    }

    @Test
    void controllerIsNotReadyWhileElectingOrCatchingUp() {
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("candidate", 42, 42))
                        .reason())
                .isEqualTo("controller raft state is candidate, waiting for leader or follower");
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("unattached", -1, 0))
                        .ready())
                .isFalse();
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("follower", -1, 0))
                        .reason())
                .contains("high watermark is not known");
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft("follower", 100, 40))
                        .reason())
                .isEqualTo("controller is follower and catching up: log end offset 40 < high watermark 100");
        assertThat(Readiness.evaluate(CONTROLLER, Snapshot.raft(null, 0, 0)).reason())
                .contains("not started");
    }

    @Test
    void unknownRolesAreNeverReady() {
        assertThat(Readiness.evaluate(Set.of(), Snapshot.broker(3)).ready()).isFalse();
    }

    @Test
    void parsesProcessRoles() {
        assertThat(NodeRole.parse("broker, controller"))
                .containsExactlyInAnyOrder(NodeRole.BROKER, NodeRole.CONTROLLER);
        assertThat(NodeRole.parse("controller")).containsExactly(NodeRole.CONTROLLER);
        assertThat(NodeRole.parse(null)).isEmpty();
    }
}
