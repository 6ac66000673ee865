package dev.krafter.reassign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReassignmentPlannerTest {

    private static final int RANDOM_CASES = 300;

    @ParameterizedTest(name = "{0} -> {1} brokers")
    @CsvSource({"3, 4", "6, 7", "6, 5", "12, 13", "4, 3"})
    void scalingFiftyTopicsMovesExactlyTheLowerBoundAndBalancesEverything(int before, int after) {
        Assignment start = Clusters.roundRobin(50, 12, 3, ids(before));
        Set<Integer> drained = after < before ? range(after, before) : Set.of();
        PlanInput input = PlanInput.allTopics(start, Clusters.brokers(Math.max(before, after)), Map.of(), drained);

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertValid(input, plan);
        AssignmentBalance balance = AssignmentBalance.of(plan.target(), ids(after));
        assertThat(balance.replicaSpread()).isLessThanOrEqualTo(1);
        assertThat(balance.leaderSpread()).isLessThanOrEqualTo(1);
        assertThat(balance.worstTopicReplicaSpread()).isLessThanOrEqualTo(1);
        assertThat(plan.movedReplicas()).isEqualTo(ReassignmentPlanner.lowerBoundOfMoves(input));
        // Adding one broker to n: it takes 1800/(n+1) replicas, nothing more moves.
        if (after > before) {
            assertThat(plan.movedReplicas()).isEqualTo(1800 / after);
        }
    }

    @Test
    void balancedClusterNeedsNoMove() {
        Assignment start = Clusters.roundRobin(5, 6, 3, ids(3));
        PlanInput input = PlanInput.allTopics(start, Clusters.brokers(3), Map.of(), Set.of());

        assertThat(ReassignmentPlanner.plan(input).moves()).isEmpty();
        assertThat(ReassignmentPlanner.lowerBoundOfMoves(input)).isZero();
    }

    @Test
    void leadershipIsBalancedByReorderingReplicasNotByMovingThem() {
        // Every partition led by broker 0: a reorder fixes it, no data moves.
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            replicas.put(new TopicPartition("t", p), List.of(0, 1, 2));
        }
        PlanInput input = PlanInput.allTopics(Assignment.of(replicas), Clusters.brokers(3), Map.of(), Set.of());

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertThat(plan.movedReplicas()).isZero();
        assertThat(plan.target().leaderCounts()).isEqualTo(Map.of(0, 2, 1, 2, 2, 2));
        plan.moves().forEach(m -> assertThat(new TreeSet<>(m.to())).isEqualTo(new TreeSet<>(m.from())));
    }

    @Test
    void leadersBalanceEvenWhenSingleReplicaPartitionsForceSomeOfThem() {
        // Nine brokers, nine partitions: each broker must lead exactly one, and six partitions have one replica.
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        replicas.put(new TopicPartition("a", 0), List.of(1, 3));
        replicas.put(new TopicPartition("a", 1), List.of(5, 1));
        replicas.put(new TopicPartition("a", 2), List.of(2, 1));
        List<Integer> single = List.of(0, 6, 6, 6, 2, 1);
        for (int p = 0; p < single.size(); p++) {
            replicas.put(new TopicPartition("b", p), List.of(single.get(p)));
        }
        PlanInput input = PlanInput.allTopics(Assignment.of(replicas), Clusters.brokers(9), Map.of(), Set.of());

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertValid(input, plan);
        assertThat(plan.target().leaderCounts())
                .hasSize(9)
                .allSatisfy((broker, leaders) -> assertThat(leaders).isOne());
        assertBalanced(input, plan, input.toString());
    }

    @Test
    void raisingTheReplicationFactorOfOneTopicAddsOneReplicaPerPartitionOnTheLeastLoadedBrokers() {
        Assignment start = Clusters.roundRobin(3, 8, 2, ids(4));
        PlanInput input = new PlanInput(
                start, Clusters.brokers(4), Map.of("topic-01", 3), Set.of(), new TreeSet<>(Set.of("topic-01")));

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertValid(input, plan);
        assertThat(plan.movedReplicas()).isEqualTo(8);
        assertThat(plan.moves())
                .allSatisfy(m -> assertThat(m.partition().topic()).isEqualTo("topic-01"));
        assertThat(plan.target()
                        .filter(tp -> tp.topic().equals("topic-01"))
                        .replicas()
                        .values())
                .allSatisfy(list -> assertThat(list).hasSize(3));
        assertThat(plan.movedReplicas()).isEqualTo(ReassignmentPlanner.lowerBoundOfMoves(input));
    }

    @Test
    void loweringTheReplicationFactorCopiesNothing() {
        Assignment start = Clusters.roundRobin(2, 6, 3, ids(3));
        PlanInput input = PlanInput.allTopics(start, Clusters.brokers(3), Map.of("topic-00", 2), Set.of());

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertValid(input, plan);
        assertThat(plan.movedReplicas()).isZero();
        assertThat(AssignmentBalance.of(plan.target(), ids(3)).isBalanced()).isTrue();
    }

    @Test
    void racksGetOneReplicaEachWhenReplicationFactorAllowsIt() {
        // All replicas of each partition start on brokers 0,3,6 (rack-0) and 1 (rack-1): two racks of three unused.
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        for (int p = 0; p < 12; p++) {
            replicas.put(new TopicPartition("t", p), List.of(0, 3, 1));
        }
        List<BrokerInfo> brokers = Clusters.brokersOnRacks(9, 3);
        PlanInput input = PlanInput.allTopics(Assignment.of(replicas), brokers, Map.of(), Set.of());

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertValid(input, plan);
        assertThat(AssignmentBalance.of(plan.target(), ids(9)).isBalanced()).isTrue();
        assertThat(plan.movedReplicas()).isEqualTo(ReassignmentPlanner.lowerBoundOfMoves(input));
    }

    @Test
    void randomlyScaledBalancedClustersWithoutRacksMoveExactlyTheLowerBound() {
        for (int seed = 0; seed < RANDOM_CASES; seed++) {
            Random random = new Random(seed);
            int before = 2 + random.nextInt(10);
            int rf = 1 + random.nextInt(Math.min(3, before));
            Assignment start = Clusters.roundRobin(1 + random.nextInt(20), 1 + random.nextInt(16), rf, ids(before));
            int after = Math.max(rf, before + random.nextInt(5) - 2);
            Set<Integer> drained = new TreeSet<>();
            if (after < before) {
                // Drain random brokers rather than always the highest ids.
                List<Integer> shuffled = new ArrayList<>(ids(before));
                java.util.Collections.shuffle(shuffled, random);
                drained.addAll(shuffled.subList(0, before - after));
            }
            PlanInput input = PlanInput.allTopics(start, Clusters.brokers(Math.max(before, after)), Map.of(), drained);

            ReassignmentPlan plan = ReassignmentPlanner.plan(input);

            String why = "seed " + seed + ": " + input;
            assertValid(input, plan, why);
            assertThat(AssignmentBalance.of(plan.target(), allowed(input)).isBalanced())
                    .as(why)
                    .isTrue();
            assertThat(plan.movedReplicas()).as(why).isEqualTo(ReassignmentPlanner.lowerBoundOfMoves(input));
        }
    }

    @Test
    void arbitraryClustersWithoutRacksAreValidAndBalanced() {
        for (int seed = 0; seed < RANDOM_CASES; seed++) {
            Random random = new Random(5000 + seed);
            int brokerCount = 1 + random.nextInt(9);
            Assignment start = Clusters.random(random, 1 + random.nextInt(6), 10, 3, ids(brokerCount));
            int total = brokerCount + random.nextInt(3);
            Set<Integer> drained = new HashSet<>();
            int maxRf = start.replicas().values().stream()
                    .mapToInt(List::size)
                    .max()
                    .orElse(1);
            while (random.nextBoolean() && total - drained.size() - 1 >= maxRf) {
                drained.add(random.nextInt(total));
            }
            PlanInput input = PlanInput.allTopics(start, Clusters.brokers(total), Map.of(), drained);

            assertPlanValidBalancedAndAtLeastTheLowerBound(input, "seed " + seed + ": " + input);
        }
    }

    @Test
    void onTinyClustersNoBalancedAssignmentMovesFewerReplicasThanThePlan() {
        for (int seed = 0; seed < 150; seed++) {
            Random random = new Random(9000 + seed);
            int brokerCount = 2 + random.nextInt(3);
            Assignment start = Clusters.random(random, 2, 2, 3, ids(brokerCount));
            int total = brokerCount + random.nextInt(2);
            Set<Integer> drained = new HashSet<>();
            int maxRf = start.replicas().values().stream()
                    .mapToInt(List::size)
                    .max()
                    .orElse(1);
            if (random.nextBoolean() && total - 1 >= maxRf) {
                drained.add(random.nextInt(total));
            }
            PlanInput input = PlanInput.allTopics(start, Clusters.brokers(total), Map.of(), drained);

            ReassignmentPlan plan = ReassignmentPlanner.plan(input);

            assertThat(plan.movedReplicas())
                    .as("seed " + seed + ": " + input)
                    .isEqualTo(BruteForce.fewestMovesToBalance(input));
        }
    }

    @Test
    void randomReplicationFactorChangesAreValidAndBalanced() {
        for (int seed = 0; seed < RANDOM_CASES; seed++) {
            Random random = new Random(1000 + seed);
            int brokerCount = 3 + random.nextInt(6);
            Assignment start = Clusters.random(random, 1 + random.nextInt(5), 8, 3, ids(brokerCount));
            Map<String, Integer> rf = new HashMap<>();
            for (String topic : start.topics()) {
                if (random.nextBoolean()) {
                    rf.put(topic, 1 + random.nextInt(brokerCount));
                }
            }
            PlanInput input = PlanInput.allTopics(start, Clusters.brokers(brokerCount), rf, Set.of());

            assertPlanValidBalancedAndAtLeastTheLowerBound(input, "seed " + seed + ": " + input);
        }
    }

    @Test
    void randomRackAwareClustersSpreadEveryPartitionOverRacksAndBalance() {
        for (int seed = 0; seed < RANDOM_CASES; seed++) {
            Random random = new Random(2000 + seed);
            int racks = 2 + random.nextInt(3);
            int perRack = 1 + random.nextInt(3);
            int brokerCount = racks * perRack;
            Assignment start =
                    Clusters.random(random, 1 + random.nextInt(5), 10, Math.min(3, brokerCount), ids(brokerCount));
            PlanInput input =
                    PlanInput.allTopics(start, Clusters.brokersOnRacks(brokerCount, racks), Map.of(), Set.of());

            assertPlanValidBalancedAndAtLeastTheLowerBound(input, "seed " + seed + ": " + input);
        }
    }

    @Test
    void replanningAfterApplyingPartOfAPlanFinishesItWithoutExtraMoves() {
        Assignment start = Clusters.roundRobin(20, 12, 3, ids(6));
        PlanInput input = PlanInput.allTopics(start, Clusters.brokers(7), Map.of(), Set.of());
        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        Map<TopicPartition, List<Integer>> half = new HashMap<>();
        plan.moves().subList(0, plan.moves().size() / 2).forEach(m -> half.put(m.partition(), m.to()));
        int movedSoFar = plan.moves().subList(0, plan.moves().size() / 2).stream()
                .mapToInt(m -> m.addedReplicas().size())
                .sum();
        PlanInput resumed = PlanInput.allTopics(start.with(half), Clusters.brokers(7), Map.of(), Set.of());
        ReassignmentPlan rest = ReassignmentPlanner.plan(resumed);

        assertThat(movedSoFar + rest.movedReplicas()).isEqualTo(plan.movedReplicas());
        assertThat(AssignmentBalance.of(rest.target(), ids(7)).isBalanced()).isTrue();
        assertThat(ReassignmentPlanner.plan(PlanInput.allTopics(rest.target(), Clusters.brokers(7), Map.of(), Set.of()))
                        .moves())
                .isEmpty();
    }

    @Test
    void topicsOutOfScopeNeverMoveButCountTowardsBrokerLoad() {
        Assignment start = Clusters.roundRobin(4, 6, 2, ids(3));
        PlanInput input = new PlanInput(
                start, Clusters.brokers(4), Map.of(), Set.of(), new TreeSet<>(Set.of("topic-00", "topic-01")));

        ReassignmentPlan plan = ReassignmentPlanner.plan(input);

        assertThat(plan.moves())
                .allSatisfy(m -> assertThat(m.partition().topic()).isIn("topic-00", "topic-01"));
        assertThat(plan.target().replicaCounts().get(3)).isEqualTo(12);
    }

    @Test
    void impossibleRequestsAreRefusedWithAnExplanation() {
        Assignment start = Clusters.roundRobin(1, 3, 3, ids(3));
        assertThatThrownBy(() ->
                        ReassignmentPlanner.plan(PlanInput.allTopics(start, Clusters.brokers(3), Map.of(), Set.of(2))))
                .hasMessageContaining("only 2 brokers [0, 1] may hold them");
        assertThatThrownBy(() -> ReassignmentPlanner.plan(
                        PlanInput.allTopics(start, Clusters.brokers(3), Map.of("topic-00", 4), Set.of())))
                .hasMessageContaining("needs replication factor 4");
        assertThatThrownBy(() -> ReassignmentPlanner.plan(PlanInput.allTopics(
                        start,
                        List.of(BrokerInfo.of(0, "a"), BrokerInfo.of(1, "b"), BrokerInfo.of(2)),
                        Map.of(),
                        Set.of())))
                .hasMessageContaining("brokers [2] have no rack");
        assertThatThrownBy(() -> ReassignmentPlanner.plan(PlanInput.allTopics(
                        start,
                        List.of(
                                BrokerInfo.of(0, "a"),
                                BrokerInfo.of(1, "b"),
                                BrokerInfo.of(2, "b"),
                                BrokerInfo.of(3, "b")),
                        Map.of("topic-00", 4),
                        Set.of())))
                .hasMessageContaining("racks {a=1, b=3} are too small");
    }

    /** Rule (a): target RF on distinct allowed brokers, rack limit, untouched partitions out of scope. */
    /** The plan for {@code input} is valid, balanced, and moves no fewer replicas than the lower bound. */
    private static void assertPlanValidBalancedAndAtLeastTheLowerBound(PlanInput input, String why) {
        ReassignmentPlan plan = ReassignmentPlanner.plan(input);
        assertValid(input, plan, why);
        assertBalanced(input, plan, why);
        assertThat(plan.movedReplicas()).as(why).isGreaterThanOrEqualTo(ReassignmentPlanner.lowerBoundOfMoves(input));
    }

    static void assertValid(PlanInput input, ReassignmentPlan plan) {
        assertValid(input, plan, input.toString());
    }

    static void assertValid(PlanInput input, ReassignmentPlan plan, String why) {
        List<Integer> allowed = allowed(input);
        Map<Integer, String> racks = input.brokers().stream()
                .filter(b -> b.rack().isPresent())
                .collect(Collectors.toMap(BrokerInfo::id, b -> b.rack().get()));
        long rackCount = allowed.stream()
                .map(racks::get)
                .filter(r -> r != null)
                .distinct()
                .count();
        assertThat(plan.target().partitions()).as(why).isEqualTo(input.current().partitions());
        plan.target().replicas().forEach((tp, replicas) -> {
            List<Integer> before = input.current().replicasOf(tp);
            if (!input.topicsInScope().contains(tp.topic())) {
                assertThat(replicas).as(why).isEqualTo(before);
                return;
            }
            int rf = input.targetReplicationFactors().getOrDefault(tp.topic(), before.size());
            assertThat(replicas).as(why).hasSize(rf).doesNotHaveDuplicates();
            assertThat(allowed).as(why).containsAll(replicas);
            if (rackCount > 0) {
                long limit = (rf + rackCount - 1) / rackCount;
                Map<String, Long> perRack =
                        replicas.stream().collect(Collectors.groupingBy(racks::get, Collectors.counting()));
                assertThat(perRack.values())
                        .as(why + " " + tp)
                        .allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(limit));
            }
        });
        int added = 0;
        for (PartitionMove move : plan.moves()) {
            assertThat(move.from()).as(why).isEqualTo(input.current().replicasOf(move.partition()));
            assertThat(move.to()).as(why).isEqualTo(plan.target().replicasOf(move.partition()));
            assertThat(move.to()).as(why).isNotEqualTo(move.from());
            added += move.addedReplicas().size();
        }
        assertThat(plan.movedReplicas()).isEqualTo(added);
    }

    /** Rules (b) and (c): replicas and preferred leaders per broker differ by at most one. */
    static void assertBalanced(PlanInput input, ReassignmentPlan plan, String why) {
        AssignmentBalance balance = AssignmentBalance.of(plan.target(), allowed(input));
        assertThat(balance.replicaSpread()).as(why).isLessThanOrEqualTo(1);
        assertThat(balance.leaderSpread()).as(why).isLessThanOrEqualTo(1);
    }

    static List<Integer> allowed(PlanInput input) {
        return input.brokers().stream()
                .map(BrokerInfo::id)
                .filter(b -> !input.drainedBrokers().contains(b))
                .sorted()
                .toList();
    }

    static List<Integer> ids(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    static Set<Integer> range(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
