package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.roll.RollDecision.Action;
import dev.krafter.roll.RollDecision.WaitCause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code spec.rollout.maxConcurrent}: several nodes restart together only when every partition keeps its
 * min.insync.replicas without all of them and the quorum keeps a majority; brokers of one rack are preferred.
 */
class ParallelRollPlannerTest {

    /** Racks a, b, c of six brokers: a = {0, 3}, b = {1, 4}, c = {2, 5}. */
    private static final List<List<Integer>> RACKS = List.of(List.of(0, 3), List.of(1, 4), List.of(2, 5));

    private static NodeState broker(int id, boolean ready, boolean outdated) {
        return new NodeState("kafka-broker-" + id, id, false, true, ready, outdated, outdated ? "image changed" : null);
    }

    private static NodeState combined(int id, boolean ready, boolean outdated) {
        return new NodeState("kafka-broker-" + id, id, true, true, ready, outdated, outdated ? "image changed" : null);
    }

    private static NodeState controller(int id, boolean ready, boolean outdated) {
        return new NodeState(
                "kafka-controller-" + (id - 3000), id, true, false, ready, outdated, outdated ? "image changed" : null);
    }

    private static List<NodeState> outdatedBrokers(int count) {
        return IntStream.range(0, count).mapToObj(id -> broker(id, true, true)).toList();
    }

    /** Six brokers in racks a, b, c; every partition has one replica in each of {@code racksPerPartition} racks. */
    private static Snapshots rackSpread(int replicationFactor, int minIsr) {
        Snapshots snapshot = Snapshots.cluster()
                .brokers(0, 1, 2, 3, 4, 5)
                .voters(3000, 3000)
                .rack("a", 0, 3)
                .rack("b", 1, 4)
                .rack("c", 2, 5);
        int partition = 0;
        for (List<Integer> replicas : rackSpreadReplicaSets(replicationFactor)) {
            snapshot.partition("orders", partition++, replicas, replicas, minIsr);
        }
        return snapshot;
    }

    /** Every choice of one broker from each of {@code replicationFactor} different racks. */
    private static List<List<Integer>> rackSpreadReplicaSets(int replicationFactor) {
        List<List<Integer>> sets = new ArrayList<>();
        for (int first = 0; first < RACKS.size(); first++) {
            for (int second = first + 1; second < RACKS.size(); second++) {
                if (replicationFactor == 2) {
                    for (int x : RACKS.get(first)) {
                        for (int y : RACKS.get(second)) {
                            sets.add(List.of(x, y));
                        }
                    }
                }
            }
        }
        if (replicationFactor == 3) {
            for (int x : RACKS.get(0)) {
                for (int y : RACKS.get(1)) {
                    for (int z : RACKS.get(2)) {
                        sets.add(List.of(x, y, z));
                    }
                }
            }
        }
        return sets;
    }

    /** Six brokers without racks, RF 3: every three brokers share a partition. */
    private static Snapshots everyTriple(int minIsr) {
        Snapshots snapshot = Snapshots.cluster().brokers(0, 1, 2, 3, 4, 5).voters(3000, 3000);
        int partition = 0;
        for (int x = 0; x < 6; x++) {
            for (int y = x + 1; y < 6; y++) {
                for (int z = y + 1; z < 6; z++) {
                    snapshot.partition("orders", partition++, List.of(x, y, z), List.of(x, y, z), minIsr);
                }
            }
        }
        return snapshot;
    }

    /** Six brokers without racks, RF 3, replicas on consecutive brokers (p, p+1, p+2 mod 6): 0 and 3 share nothing. */
    private static Snapshots ring(int minIsr) {
        Snapshots snapshot = Snapshots.cluster().brokers(0, 1, 2, 3, 4, 5).voters(3000, 3000);
        for (int p = 0; p < 6; p++) {
            List<Integer> replicas = List.of(p, (p + 1) % 6, (p + 2) % 6);
            snapshot.partition("orders", p, replicas, replicas, minIsr);
        }
        return snapshot;
    }

    static Stream<Arguments> firstRestartTable() {
        return Stream.of(
                Arguments.of("3 racks, RF 3, min ISR 2: one rack at a time", rackSpread(3, 2), 2, List.of(0, 3)),
                Arguments.of(
                        "3 racks, RF 3, min ISR 2, room for 6: still one rack", rackSpread(3, 2), 6, List.of(0, 3)),
                Arguments.of("3 racks, RF 3, min ISR 2, serial", rackSpread(3, 2), 1, List.of(0)),
                Arguments.of("3 racks, RF 2, min ISR 1: one rack at a time", rackSpread(2, 1), 3, List.of(0, 3)),
                Arguments.of("3 racks, RF 3, min ISR 1: two racks", rackSpread(3, 1), 6, List.of(0, 1, 3, 4)),
                Arguments.of(
                        "3 racks, RF 3, min ISR 1, room for 3: a rack, then what else is safe",
                        rackSpread(3, 1),
                        3,
                        List.of(0, 1, 3)),
                Arguments.of(
                        "no racks, every triple shares a partition, RF 3, min ISR 2: one",
                        everyTriple(2),
                        3,
                        List.of(0)),
                Arguments.of(
                        "no racks, every triple shares a partition, RF 3, min ISR 1: two",
                        everyTriple(1),
                        3,
                        List.of(0, 1)),
                Arguments.of(
                        "no racks, ring placement, RF 3, min ISR 2: brokers sharing nothing",
                        ring(2),
                        3,
                        List.of(0, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstRestartTable")
    void restartsTheLargestSafeSetPreferringOneRack(
            String shape, Snapshots snapshot, int maxConcurrent, List<Integer> expected) {
        RollDecision decision = RollPlanner.next(outdatedBrokers(6), snapshot.build(), Set.of(), maxConcurrent);

        assertThat(decision.action()).as(decision.reason()).isEqualTo(Action.RESTART);
        assertThat(decision.pods())
                .containsExactlyElementsOf(
                        expected.stream().map(id -> "kafka-broker-" + id).toList());
        assertThat(decision.podName()).isEqualTo("kafka-broker-" + expected.get(0));
    }

    static Stream<Arguments> wholeRollTable() {
        return Stream.of(
                Arguments.of(
                        "3 racks, RF 3, min ISR 2, serial",
                        rackSpread(3, 2),
                        1,
                        List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4), List.of(5))),
                Arguments.of(
                        "3 racks, RF 3, min ISR 2, 2 at a time",
                        rackSpread(3, 2),
                        2,
                        List.of(List.of(0, 3), List.of(1, 4), List.of(2, 5))),
                Arguments.of(
                        "3 racks, RF 2, min ISR 1, 2 at a time",
                        rackSpread(2, 1),
                        2,
                        List.of(List.of(0, 3), List.of(1, 4), List.of(2, 5))),
                Arguments.of(
                        "3 racks, RF 3, min ISR 1, 4 at a time",
                        rackSpread(3, 1),
                        4,
                        List.of(List.of(0, 1, 3, 4), List.of(2, 5))),
                Arguments.of(
                        "no racks, every triple, RF 3, min ISR 2, 3 allowed",
                        everyTriple(2),
                        3,
                        List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4), List.of(5))));
    }

    /** Rolls to completion, every restarted pod coming back before the next wave; the waves are the restart sets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeRollTable")
    void rollsInWavesThatKeepEveryPartitionAtItsMinIsr(
            String shape, Snapshots snapshot, int maxConcurrent, List<List<Integer>> waves) {
        KafkaSnapshot kafka = snapshot.build();
        Map<Integer, NodeState> nodes = new LinkedHashMap<>();
        outdatedBrokers(6).forEach(n -> nodes.put(n.nodeId(), n));
        List<List<Integer>> seen = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            RollDecision decision = RollPlanner.next(List.copyOf(nodes.values()), kafka, Set.of(), maxConcurrent);
            if (decision.action() == Action.DONE) {
                break;
            }
            assertThat(decision.action()).as(decision.reason()).isEqualTo(Action.RESTART);
            List<Integer> wave = decision.pods().stream()
                    .map(p -> Integer.parseInt(p.substring(p.lastIndexOf('-') + 1)))
                    .toList();
            assertThat(wave.size()).isLessThanOrEqualTo(maxConcurrent);
            assertKeepsMinIsr(kafka, new HashSet<>(wave));
            seen.add(wave);
            wave.forEach(id -> nodes.put(id, broker(id, false, false)));
            KafkaSnapshot whileDown = without(kafka, wave);
            RollDecision meanwhile = RollPlanner.next(List.copyOf(nodes.values()), whileDown, Set.of(), maxConcurrent);
            assertThat(meanwhile.action())
                    .as("nothing more while the wave %s is away: %s", wave, meanwhile.reason())
                    .isIn(Action.WAIT, Action.DONE);
            wave.forEach(id -> nodes.put(id, broker(id, true, false)));
        }
        assertThat(seen).containsExactlyElementsOf(waves);
    }

    @Test
    void aFreeSlotIsFilledWhileAnotherRestartedBrokerIsStillAway() {
        // broker 0 (rack a) is coming back; broker 3, the other of rack a, shares no partition with it
        List<NodeState> nodes = new ArrayList<>(outdatedBrokers(6));
        nodes.set(0, broker(0, false, false));
        KafkaSnapshot kafka = without(rackSpread(3, 2).build(), List.of(0));

        RollDecision decision = RollPlanner.next(nodes, kafka, Set.of(), 2);

        assertThat(decision.action()).as(decision.reason()).isEqualTo(Action.RESTART);
        assertThat(decision.pods()).containsExactly("kafka-broker-3");
    }

    @Test
    void aBrokerSharingPartitionsWithOneStillAwayWaitsForIt() {
        // rack a is back except broker 3; every broker of racks b and c shares a partition with it
        List<NodeState> nodes = new ArrayList<>(outdatedBrokers(6));
        nodes.set(0, broker(0, true, false));
        nodes.set(3, broker(3, false, false));
        KafkaSnapshot kafka = without(rackSpread(3, 2).build(), List.of(3));

        RollDecision decision = RollPlanner.next(nodes, kafka, Set.of(), 2);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.REJOINING);
        assertThat(decision.podName()).isEqualTo("kafka-broker-3");
        assertThat(decision.reason()).isEqualTo("waiting for pod kafka-broker-3 to become ready");
    }

    @Test
    void restartedBrokersStillAwayTakeTheirSlots() {
        List<NodeState> nodes = new ArrayList<>(outdatedBrokers(6));
        nodes.set(0, broker(0, false, false));
        nodes.set(3, broker(3, false, false));
        KafkaSnapshot kafka = without(rackSpread(3, 1).build(), List.of(0, 3));

        RollDecision decision = RollPlanner.next(nodes, kafka, Set.of(), 2);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.podName()).isEqualTo("kafka-broker-0");
    }

    @Test
    void aBrokerBackButNotYetInEveryIsrStillHoldsItsSlot() {
        List<NodeState> nodes = new ArrayList<>(outdatedBrokers(6));
        nodes.set(0, broker(0, true, false));
        KafkaSnapshot outOfIsr = without(rackSpread(3, 2).build(), List.of(0));
        KafkaSnapshot kafka = new KafkaSnapshot(
                outOfIsr.registeredBrokers(),
                Set.of(),
                outOfIsr.quorumLeader(),
                outOfIsr.voters(),
                outOfIsr.partitions(),
                outOfIsr.metadataVersion(),
                outOfIsr.caughtUpVoters(),
                outOfIsr.racks());

        RollDecision serial = RollPlanner.next(nodes, kafka, Set.of(), 1);
        RollDecision parallel = RollPlanner.next(nodes, kafka, Set.of(), 2);

        assertThat(serial.action()).isEqualTo(Action.WAIT);
        assertThat(serial.reason()).startsWith("waiting for broker 0 (pod kafka-broker-0) to rejoin the ISR of");
        assertThat(parallel.pods()).as("broker 0 holds one of the two slots").containsExactly("kafka-broker-3");
    }

    @Test
    void combinedVotersRestartOneAtATimeWithBrokersAndTheQuorumLeaderLast() {
        // 0, 1, 2 are combined voters (2 leads), 3, 4, 5 brokers; RF 3 min ISR 1 would let two racks go at once
        KafkaSnapshot kafka = rackSpread(3, 1).voters(2, 0, 1, 2).build();
        List<NodeState> nodes = List.of(
                combined(0, true, true),
                combined(1, true, true),
                combined(2, true, true),
                broker(3, true, true),
                broker(4, true, true),
                broker(5, true, true));

        RollDecision decision = RollPlanner.next(nodes, kafka, Set.of(), 6);

        assertThat(decision.pods())
                .as(decision.reason())
                .containsExactly("kafka-broker-0", "kafka-broker-3", "kafka-broker-4");
    }

    @Test
    void dedicatedControllersRollBeforeBrokersKeepingAMajority() {
        KafkaSnapshot kafka =
                rackSpread(3, 2).voters(3002, 3000, 3001, 3002, 3003, 3004).build();
        List<NodeState> nodes = new ArrayList<>(IntStream.range(3000, 3005)
                .mapToObj(id -> controller(id, true, true))
                .toList());
        nodes.addAll(outdatedBrokers(6));

        RollDecision first = RollPlanner.next(nodes, kafka, Set.of(), 3);

        assertThat(first.pods())
                .as("two of five voters may be away; no broker before the controllers")
                .containsExactly("kafka-controller-0", "kafka-controller-1");

        List<NodeState> threeVoters = new ArrayList<>(IntStream.range(3000, 3003)
                .mapToObj(id -> controller(id, true, true))
                .toList());
        threeVoters.addAll(outdatedBrokers(6));
        KafkaSnapshot threeVoterKafka =
                rackSpread(3, 2).voters(3002, 3000, 3001, 3002).build();
        assertThat(RollPlanner.next(threeVoters, threeVoterKafka, Set.of(), 3).pods())
                .containsExactly("kafka-controller-0");
    }

    @Test
    void theDedicatedQuorumLeaderWaitsUntilTheOtherControllersAreBackAndGoesAlone() {
        KafkaSnapshot kafka = rackSpread(3, 2)
                .voters(3002, 3000, 3001, 3002)
                .caughtUp(3000, 3002)
                .build();
        List<NodeState> nodes = new ArrayList<>(
                List.of(controller(3000, true, false), controller(3001, true, false), controller(3002, true, true)));
        nodes.addAll(outdatedBrokers(6));

        RollDecision lagging = RollPlanner.next(nodes, kafka, Set.of(), 6);
        assertThat(lagging.action()).isEqualTo(Action.WAIT);
        assertThat(lagging.reason()).contains("controller 3001");

        KafkaSnapshot caughtUp = rackSpread(3, 2).voters(3002, 3000, 3001, 3002).build();
        assertThat(RollPlanner.next(nodes, caughtUp, Set.of(), 6).pods()).containsExactly("kafka-controller-2");
    }

    @Test
    void topicsAcceptedBelowMinIsrDoNotLimitTheSet() {
        Snapshots snapshot = rackSpread(3, 2).partition("scratch", 0, List.of(0, 3), List.of(0, 3), 2);

        assertThat(RollPlanner.next(outdatedBrokers(6), snapshot.build(), Set.of("scratch"), 2)
                        .pods())
                .containsExactly("kafka-broker-0", "kafka-broker-3");
        RollDecision refused = RollPlanner.next(outdatedBrokers(6), snapshot.build(), Set.of(), 2);
        assertThat(refused.pods())
                .as("scratch (RF 2, min ISR 2) keeps 0 and 3 apart; 0 alone would break it too")
                .containsExactly("kafka-broker-1", "kafka-broker-4");
    }

    @Test
    void withNothingSafeTheFirstBlockedBrokerIsNamedAsToday() {
        // broker 9 (not in this cluster any more) is out of the ISR: neither 0 nor 1 may go, alone or together
        KafkaSnapshot kafka = Snapshots.cluster()
                .brokers(0, 1)
                .partition("orders", 0, List.of(0, 1, 9), List.of(0, 1), 2)
                .build();
        List<NodeState> nodes = List.of(broker(0, true, true), broker(1, true, true));

        RollDecision parallel = RollPlanner.next(nodes, kafka, Set.of(), 3);
        RollDecision serial = RollPlanner.next(nodes, kafka, Set.of(), 1);

        assertThat(parallel).isEqualTo(serial);
        assertThat(parallel.waitCause()).isEqualTo(WaitCause.UNSAFE);
    }

    private static void assertKeepsMinIsr(KafkaSnapshot kafka, Set<Integer> restarting) {
        kafka.partitions().forEach((tp, p) -> {
            long left = p.isr().stream().filter(id -> !restarting.contains(id)).count();
            if (p.replicas().stream().anyMatch(restarting::contains)) {
                assertThat(left).as("%s with %s restarting", tp, restarting).isGreaterThanOrEqualTo(p.requiredIsr());
            }
        });
    }

    /** The snapshot once {@code away} left every ISR and were fenced. */
    private static KafkaSnapshot without(KafkaSnapshot kafka, List<Integer> away) {
        Map<org.apache.kafka.common.TopicPartition, PartitionState> partitions = new LinkedHashMap<>();
        kafka.partitions()
                .forEach((tp, p) -> partitions.put(
                        tp,
                        new PartitionState(
                                p.replicas(),
                                p.isr().stream()
                                        .filter(id -> !away.contains(id))
                                        .toList(),
                                away.contains(p.leader())
                                        ? p.isr().stream()
                                                .filter(id -> !away.contains(id))
                                                .findFirst()
                                                .orElse(-1)
                                        : p.leader(),
                                p.minIsr())));
        Set<Integer> fenced = new HashSet<>(kafka.fencedBrokers());
        fenced.addAll(away);
        return new KafkaSnapshot(
                kafka.registeredBrokers(),
                fenced,
                kafka.quorumLeader(),
                kafka.voters(),
                partitions,
                kafka.metadataVersion(),
                kafka.caughtUpVoters(),
                kafka.racks());
    }
}
