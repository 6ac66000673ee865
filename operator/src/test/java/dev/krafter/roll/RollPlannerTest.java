package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.roll.RollDecision.Action;
import dev.krafter.roll.RollDecision.WaitCause;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RollPlannerTest {

    private static NodeState controller(int id, boolean outdated) {
        return new NodeState(
                "kafka-controllers-" + (id - 10), id, true, false, true, outdated, outdated ? "image changed" : null);
    }

    private static NodeState broker(int id, boolean outdated) {
        return new NodeState("kafka-brokers-" + id, id, false, true, true, outdated, outdated ? "image changed" : null);
    }

    private static NodeState combined(int id, boolean outdated) {
        return new NodeState("kafka-" + id, id, true, true, true, outdated, outdated ? "config changed" : null);
    }

    private static NodeState notReady(NodeState node) {
        return new NodeState(
                node.podName(),
                node.nodeId(),
                node.controller(),
                node.broker(),
                false,
                node.outdated(),
                node.outdatedReason());
    }

    /** Three brokers, one partition per broker pair, RF 3, min ISR 2, all in sync. */
    private static Snapshots healthyBrokers(Integer... brokerIds) {
        Snapshots snapshot = Snapshots.cluster().brokers(brokerIds);
        List<Integer> all = List.of(brokerIds);
        for (int p = 0; p < all.size(); p++) {
            List<Integer> replicas = new ArrayList<>(all);
            Collections.rotate(replicas, -p);
            snapshot.partition("orders", p, replicas, replicas, 2);
        }
        return snapshot;
    }

    @Test
    void nothingOutdatedIsDone() {
        KafkaSnapshot snapshot =
                healthyBrokers(0, 1, 2).voters(0, 0, 1, 2).fenced(2).build();
        List<NodeState> nodes = List.of(combined(0, false), combined(1, false), notReady(combined(2, false)));

        assertThat(RollPlanner.next(nodes, snapshot).action()).isEqualTo(Action.DONE);
    }

    @Test
    void dedicatedControllersRollFirstFollowersBeforeTheLeaderThenBrokersOneAtATime() {
        List<NodeState> nodes = new ArrayList<>(List.of(
                controller(10, true),
                controller(11, true),
                controller(12, true),
                broker(0, true),
                broker(1, true),
                broker(2, true)));
        FakeCluster cluster =
                new FakeCluster(healthyBrokers(0, 1, 2).voters(11, 10, 11, 12).build());

        List<String> order = cluster.rollToCompletion(nodes);

        assertThat(order)
                .containsExactly(
                        "kafka-controllers-0",
                        "kafka-controllers-2",
                        "kafka-controllers-1",
                        "kafka-brokers-0",
                        "kafka-brokers-1",
                        "kafka-brokers-2");
    }

    @Test
    void combinedQuorumLeaderRollsLastOfAll() {
        List<NodeState> nodes = new ArrayList<>(List.of(combined(0, true), combined(1, true), combined(2, true)));
        FakeCluster cluster =
                new FakeCluster(healthyBrokers(0, 1, 2).voters(1, 0, 1, 2).build());

        assertThat(cluster.rollToCompletion(nodes)).containsExactly("kafka-0", "kafka-2", "kafka-1");
    }

    @Test
    void settlingReportsTheLastRestartedPodUntilItIsBack() {
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2).voters(0, 0, 1, 2).build();

        assertThat(RollPlanner.settling(List.of(combined(0, false), combined(1, false), combined(2, false)), snapshot))
                .isEmpty();
        assertThat(RollPlanner.settling(
                        List.of(combined(0, false), combined(1, false), notReady(combined(2, false))), snapshot))
                .hasValueSatisfying(wait -> {
                    assertThat(wait.podName()).isEqualTo("kafka-2");
                    assertThat(wait.waitCause()).isEqualTo(WaitCause.REJOINING);
                });
    }

    @Test
    void progressCountsPodsUpToDate() {
        assertThat(RollPlanner.progress(List.of(broker(0, false), broker(1, true), broker(2, true))))
                .isEqualTo("1/3");
        assertThat(RollPlanner.progress(List.of(broker(0, false), broker(1, false))))
                .isEqualTo("2/2");
    }

    @Test
    void waitsWhileAnyPodIsNotReady() {
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2).voters(0, 0, 1, 2).build();
        List<NodeState> nodes = List.of(combined(0, true), notReady(combined(1, false)), combined(2, true));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.REJOINING);
        assertThat(decision.podName()).isEqualTo("kafka-1");
        assertThat(decision.reason()).contains("kafka-1", "ready");
    }

    @Test
    void waitsWhileABrokerIsFencedOrNotRegistered() {
        List<NodeState> nodes = List.of(broker(0, true), broker(1, false), broker(2, true));

        RollDecision fenced =
                RollPlanner.next(nodes, healthyBrokers(0, 1, 2).fenced(1).build());
        assertThat(fenced.action()).isEqualTo(Action.WAIT);
        assertThat(fenced.reason()).contains("broker 1", "unfenced");

        RollDecision unregistered = RollPlanner.next(nodes, healthyBrokers(0, 2).build());
        assertThat(unregistered.action()).isEqualTo(Action.WAIT);
        assertThat(unregistered.reason()).contains("broker 1", "register");
    }

    @Test
    void waitsUntilARestartedBrokerIsBackInTheIsr() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("orders", 0, List.of(0, 1, 2), List.of(0, 2), 2)
                .partition("orders", 1, List.of(1, 2, 0), List.of(2, 0), 2)
                .build();
        List<NodeState> nodes = List.of(broker(0, true), broker(1, false), broker(2, true));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.REJOINING);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-1");
        assertThat(decision.reason()).contains("rejoin the ISR", "orders-0", "orders-1");
    }

    @Test
    void waitsForALaggingControllerAndForAQuorumLeader() {
        List<NodeState> nodes =
                List.of(controller(10, false), controller(11, true), controller(12, true), broker(0, true));
        Snapshots base = healthyBrokers(0).voters(11, 10, 11, 12);

        RollDecision lagging = RollPlanner.next(nodes, base.caughtUp(11, 12).build());
        assertThat(lagging.action()).isEqualTo(Action.WAIT);
        assertThat(lagging.reason()).contains("controller 10", "catch up");

        RollDecision leaderless =
                RollPlanner.next(nodes, base.caughtUp(10, 11, 12).noLeader().build());
        assertThat(leaderless.action()).isEqualTo(Action.WAIT);
        assertThat(leaderless.reason()).contains("elect a leader");
    }

    @Test
    void refusesABrokerWhosePartitionsWouldGoUnderMinIsrAndPicksASafeOneOfTheSameStep() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("payments", 0, List.of(0, 1), List.of(0, 1), 2)
                .build();

        RollDecision first = RollPlanner.next(List.of(broker(0, true), broker(1, true), broker(2, true)), snapshot);
        assertThat(first.action()).isEqualTo(Action.RESTART);
        assertThat(first.podName()).isEqualTo("kafka-brokers-2");

        RollDecision blocked = RollPlanner.next(List.of(broker(0, true), broker(1, true), broker(2, false)), snapshot);
        assertThat(blocked.action()).isEqualTo(Action.WAIT);
        assertThat(blocked.waitCause())
                .as("replication factor 2, min.insync.replicas 2")
                .isEqualTo(WaitCause.NEVER_SAFE);
        assertThat(blocked.podName()).isEqualTo("kafka-brokers-0");
        assertThat(blocked.reason()).contains("broker 0", "payments", "min.insync.replicas");
    }

    @Test
    void restartsABrokerOnceItsPartitionsCanLoseIt() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("payments", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2)
                .build();

        RollDecision decision =
                RollPlanner.next(List.of(broker(0, true), broker(1, false), broker(2, false)), snapshot);

        assertThat(decision.action()).isEqualTo(Action.RESTART);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-0");
        assertThat(decision.reason()).contains("broker 0", "image changed");
    }

    @Test
    void aBlockedControllerIsNotOvertakenByBrokers() {
        // voter 12 has no pod among the nodes: it cannot count towards the majority
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2).voters(11, 10, 11, 12).build();
        List<NodeState> nodes = List.of(
                controller(10, true), controller(11, false), broker(0, true), broker(1, false), broker(2, false));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.UNSAFE);
        assertThat(decision.podName()).isEqualTo("kafka-controllers-0");
        assertThat(decision.reason()).contains("quorum needs 2");
    }

    @Test
    void combinedNodesPassBothTheQuorumAndTheIsrChecks() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .voters(0, 0, 1, 2)
                .partition("payments", 0, List.of(1, 2), List.of(1, 2), 2)
                .build();
        List<NodeState> nodes = List.of(combined(0, false), combined(1, true), combined(2, true));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.reason()).contains("payments");
    }

    @Test
    void anOutdatedPodThatIsNotReadyAndServesNothingIsRestartedFirst() {
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2).fenced(1).build();
        List<NodeState> nodes = List.of(broker(0, true), notReady(broker(1, true)), broker(2, true));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.RESTART);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-1");
        assertThat(decision.reason()).contains("not ready");
    }

    @Test
    void aClusterWhereNothingServesRestartsItsStuckOutdatedPodsOneByOne() {
        KafkaSnapshot nothingKnown = Snapshots.cluster().build();
        List<NodeState> allStuck =
                List.of(notReady(combined(0, true)), notReady(combined(1, true)), notReady(combined(2, true)));

        RollDecision first = RollPlanner.next(allStuck, nothingKnown);
        assertThat(first.action()).isEqualTo(Action.RESTART);
        assertThat(first.podName()).isEqualTo("kafka-0");

        List<NodeState> firstComingBack =
                List.of(notReady(combined(0, false)), notReady(combined(1, true)), notReady(combined(2, true)));
        assertThat(RollPlanner.next(firstComingBack, nothingKnown).action()).isEqualTo(Action.WAIT);
    }

    @Test
    void aStuckControllerStillNeedsTheOtherVotersWhenTheQuorumIsKnown() {
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2)
                .voters(0, 0, 1, 2)
                .fenced(1)
                .caughtUp(0, 1)
                .build();
        List<NodeState> nodes = List.of(combined(0, false), notReady(combined(1, true)), combined(2, false));

        // voter 2 lags: without voter 1 only voter 0 is healthy
        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.podName()).isEqualTo("kafka-1");
    }

    @Test
    void anOutdatedPodThatIsNotReadyButStillServesIsWaitedFor() {
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2).build();
        List<NodeState> nodes = List.of(broker(0, true), notReady(broker(1, true)), broker(2, true));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-1");
    }

    @Test
    void aStuckPodIsNotRestartedWhileAnotherRestartedPodIsStillComingBack() {
        KafkaSnapshot snapshot = healthyBrokers(0, 1, 2).fenced(1, 2).build();
        List<NodeState> nodes = List.of(broker(0, false), notReady(broker(1, true)), notReady(broker(2, false)));

        RollDecision decision = RollPlanner.next(nodes, snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-2");
    }

    /**
     * A test double of the cluster during a roll: a restarted pod comes back up to date, first not ready (the
     * planner must wait), then ready; a restarted quorum leader hands leadership to the lowest other voter.
     */
    private static final class FakeCluster {
        private KafkaSnapshot snapshot;

        FakeCluster(KafkaSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        List<String> rollToCompletion(List<NodeState> nodes) {
            List<String> restarted = new ArrayList<>();
            Map<String, NodeState> byPod =
                    new TreeMap<>(nodes.stream().collect(Collectors.toMap(NodeState::podName, n -> n)));
            for (int round = 0; round < 50; round++) {
                RollDecision decision = RollPlanner.next(List.copyOf(byPod.values()), snapshot);
                if (decision.action() == Action.DONE) {
                    return restarted;
                }
                assertThat(decision.action()).as(decision.reason()).isEqualTo(Action.RESTART);
                NodeState node = byPod.get(decision.podName());
                restarted.add(node.podName());
                NodeState comingBack = new NodeState(
                        node.podName(), node.nodeId(), node.controller(), node.broker(), false, false, null);
                byPod.put(node.podName(), comingBack);
                if (snapshot.isQuorumLeader(node.nodeId())) {
                    int next = snapshot.voters().stream()
                            .filter(v -> v != node.nodeId())
                            .min(Comparator.naturalOrder())
                            .orElseThrow();
                    snapshot = new KafkaSnapshot(
                            snapshot.registeredBrokers(),
                            snapshot.fencedBrokers(),
                            OptionalInt.of(next),
                            snapshot.voters(),
                            snapshot.partitions(),
                            snapshot.metadataVersion(),
                            snapshot.caughtUpVoters());
                }
                List<NodeState> whileDown = List.copyOf(byPod.values());
                RollDecision next = RollPlanner.next(whileDown, snapshot);
                if (next.action() != Action.DONE) {
                    assertThat(next.action()).as("one pod at a time").isEqualTo(Action.WAIT);
                    assertThat(next.podName()).isEqualTo(node.podName());
                }
                assertThat(RollPlanner.settling(whileDown, snapshot))
                        .hasValueSatisfying(wait -> assertThat(wait.podName()).isEqualTo(node.podName()));
                byPod.put(
                        node.podName(),
                        new NodeState(
                                node.podName(), node.nodeId(), node.controller(), node.broker(), true, false, null));
            }
            throw new AssertionError("the roll did not finish: " + restarted);
        }
    }

    /**
     * Issue #15 item 10: a topic whose replication factor is not above its min.insync.replicas can never lose a broker,
     * so the roll cannot go on by waiting: the decision names the topic, says why, and how to get through.
     */
    @Test
    void aTopicThatCanNeverLoseABrokerIsNamedAndTheRollCannotGoOnByWaiting() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("orders", 0, List.of(0, 1), List.of(0, 1), 2)
                .partition("orders", 1, List.of(1, 2), List.of(1, 2), 2)
                .partition("orders", 2, List.of(2, 0), List.of(2, 0), 2)
                .partition("payments", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2)
                .build();

        RollDecision decision = RollPlanner.next(List.of(broker(0, true), broker(1, true), broker(2, true)), snapshot);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.NEVER_SAFE);
        assertThat(decision.reason())
                .contains("topic(s) that can never lose a broker: orders (replication factor 2,"
                        + " min.insync.replicas 2)")
                .doesNotContain("payments")
                .contains("spec.rollout.restartBelowMinIsr");
    }

    /** The documented way through: topics listed in spec.rollout.restartBelowMinIsr no longer block. */
    @Test
    void topicsTheUserAcceptsBelowMinIsrNoLongerBlockTheRoll() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("orders", 0, List.of(0, 1), List.of(0, 1), 2)
                .partition("payments", 0, List.of(0, 1), List.of(0, 1), 2)
                .build();
        List<NodeState> nodes = List.of(broker(0, true), broker(1, true), broker(2, true));

        assertThat(RollPlanner.next(nodes, snapshot, Set.of("orders")).action())
                .isEqualTo(Action.RESTART)
                .as("broker 2 hosts neither");
        RollDecision onlyOrders =
                RollPlanner.next(List.of(broker(0, true), broker(1, true)), snapshot, Set.of("orders"));
        assertThat(onlyOrders.reason()).contains("payments").doesNotContain("orders");
        assertThat(RollPlanner.next(List.of(broker(0, true), broker(1, true)), snapshot, Set.of("*"))
                        .action())
                .isEqualTo(Action.RESTART);
    }
}
