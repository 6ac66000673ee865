package dev.krafter.reassign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans partition reassignments: pure, deterministic, no I/O.
 *
 * <p>The new assignment satisfies, in this order of priority:
 * <ol>
 *   <li>every partition of a topic in scope has its target replication factor on distinct brokers, none drained, and
 *       when brokers have racks no rack holds more than ceil(RF / racks) replicas of a partition (so with RF &lt;=
 *       racks every replica is on its own rack);</li>
 *   <li>replicas per broker differ by at most one across the brokers that are not drained (counting the replicas
 *       of topics out of scope, which do not move); when racks of unequal size make that impossible, as close as the
 *       rack rule allows;</li>
 *   <li>the fewest replicas are copied to brokers that did not hold them;</li>
 *   <li>replicas of each topic are spread evenly too, where that costs no extra copy.</li>
 * </ol>
 * Then preferred leaders (first replicas) are chosen so that leaders per broker differ by at most one, keeping the
 * current leader wherever balance allows; leadership changes only reorder replicas, never move them. Should that
 * fail to balance leaders (partitions with a single replica must be led by its broker, which can leave too few
 * choices), leaders are chosen first and the other replicas placed around them, at the cost of a few extra copies.
 *
 * <p>Replica placement and leader choice are each solved exactly as a minimum-cost flow whose costs encode those
 * priorities lexicographically (balance penalties dominate copy costs, which dominate per-topic penalties).
 * Since the plan is minimal and deterministic, recomputing it after part of it has been applied yields the rest of
 * the work, never more: callers need not persist plans.
 */
public final class ReassignmentPlanner {

    private ReassignmentPlanner() {}

    public static ReassignmentPlan plan(PlanInput input) {
        Layout layout = Layout.of(input);
        Map<TopicPartition, Set<Integer>> replicaSets = placeReplicas(layout, Map.of());
        Map<TopicPartition, Integer> leaders = chooseLeaders(layout, replicaSets);
        if (leaderSpread(layout, leaders) > 1) {
            // Replicas were placed without regard to who can lead; partitions with a single replica (whose broker must
            // lead them) can leave too few choices. Then choose leaders first and place the other replicas around
            // them: leaders balance for sure, at the price of a few more copies.
            Map<TopicPartition, Integer> leadersFirst = leadersBeforeReplicas(layout);
            Map<TopicPartition, Set<Integer>> aroundLeaders = placeReplicas(layout, leadersFirst);
            Map<TopicPartition, Integer> balancedLeaders = chooseLeaders(layout, aroundLeaders);
            if (leaderSpread(layout, balancedLeaders) < leaderSpread(layout, leaders)) {
                replicaSets = aroundLeaders;
                leaders = balancedLeaders;
            }
        }

        Map<TopicPartition, List<Integer>> changed = new LinkedHashMap<>();
        List<PartitionMove> moves = new ArrayList<>();
        for (TopicPartition tp : layout.movable) {
            List<Integer> from = input.current().replicasOf(tp);
            List<Integer> to = ordered(from, replicaSets.get(tp), leaders.get(tp));
            if (!to.equals(from)) {
                changed.put(tp, to);
                moves.add(new PartitionMove(tp, from, to));
            }
        }
        return new ReassignmentPlan(input.current().with(changed), moves);
    }

    /**
     * A lower bound of the replicas any plan must copy to reach a balanced assignment satisfying the rules above:
     * the larger of (1) the replicas partitions lack once replicas on drained brokers, over the rack limit or beyond a
     * lower replication factor are discounted, and (2) the replicas brokers lack to reach their balanced share when
     * the larger shares go to the brokers already holding the most.
     */
    public static int lowerBoundOfMoves(PlanInput input) {
        Layout layout = Layout.of(input);
        int partitionShortfall = 0;
        Map<Integer, Integer> load = new HashMap<>(layout.fixedReplicaLoad);
        for (TopicPartition tp : layout.movable) {
            int rf = layout.replicationFactor.get(tp);
            Map<String, Integer> keptPerRack = new HashMap<>();
            int keepable = 0;
            for (int broker : input.current().replicasOf(tp)) {
                if (!layout.allowed.contains(broker)) {
                    continue;
                }
                load.merge(broker, 1, Integer::sum);
                if (layout.rackAware()) {
                    int onRack = keptPerRack.merge(layout.rackOf.get(broker), 1, Integer::sum);
                    if (onRack > layout.rackLimit(rf)) {
                        continue;
                    }
                }
                keepable++;
            }
            partitionShortfall += Math.max(0, rf - keepable);
        }
        List<Integer> loads = layout.allowed.stream()
                .map(b -> load.getOrDefault(b, 0))
                .sorted((a, b) -> Integer.compare(b, a))
                .toList();
        int total = layout.totalReplicas();
        int floor = total / layout.allowed.size();
        int largerShares = total % layout.allowed.size();
        int brokerShortfall = 0;
        for (int i = 0; i < loads.size(); i++) {
            int share = i < largerShares ? floor + 1 : floor;
            brokerShortfall += Math.max(0, share - loads.get(i));
        }
        return Math.max(partitionShortfall, brokerShortfall);
    }

    /**
     * Replica sets of the partitions in scope. {@code leaders}, when given, are already placed (one replica each) and
     * the flow places the others around them.
     */
    private static Map<TopicPartition, Set<Integer>> placeReplicas(
            Layout layout, Map<TopicPartition, Integer> leaders) {
        int movingReplicas = layout.movingReplicas();
        int unitsToPlace = movingReplicas - leaders.size();
        Map<Integer, Integer> leaderLoad = new HashMap<>();
        Map<String, Map<Integer, Integer>> leaderLoadPerGroup = new HashMap<>();
        leaders.forEach((tp, broker) -> {
            leaderLoad.merge(broker, 1, Integer::sum);
            leaderLoadPerGroup
                    .computeIfAbsent(topicGroup(layout, tp), g -> new HashMap<>())
                    .merge(broker, 1, Integer::sum);
        });
        long topicPenalty = 1;
        long copyCost = 6L * movingReplicas + 1;
        long balancePenalty = copyCost * (movingReplicas + 1);

        MinCostFlow flow = new MinCostFlow(2);
        int source = 0;
        int sink = 1;
        Map<Integer, Integer> brokerNode = new HashMap<>();
        for (int broker : layout.allowed) {
            int node = flow.addNode();
            brokerNode.put(broker, node);
            addConvexArcs(
                    flow,
                    node,
                    sink,
                    layout.fixedReplicaLoad.getOrDefault(broker, 0) + leaderLoad.getOrDefault(broker, 0),
                    layout.totalReplicas(),
                    layout.allowed.size(),
                    balancePenalty);
        }
        // A partition with a single replica is also led by it: spread those evenly too, or leaders cannot balance.
        int singleReplicaPartitions = (int) layout.movable.stream()
                .filter(tp -> layout.replicationFactor.get(tp) == 1)
                .count();
        Map<Integer, Integer> singleReplicaNode = new HashMap<>();
        for (int broker : layout.allowed) {
            int node = flow.addNode();
            singleReplicaNode.put(broker, node);
            int placedAlready = leaderLoadPerGroup.entrySet().stream()
                    .filter(e -> e.getKey().endsWith(SINGLE_REPLICA_GROUP))
                    .mapToInt(e -> e.getValue().getOrDefault(broker, 0))
                    .sum();
            addConvexArcs(
                    flow,
                    node,
                    brokerNode.get(broker),
                    placedAlready,
                    singleReplicaPartitions,
                    layout.allowed.size(),
                    balancePenalty);
        }
        // Per topic (and separately for its single-replica partitions): replicas per broker, softly balanced.
        Map<String, Map<Integer, Integer>> topicBrokerNode = new HashMap<>();
        Map<String, Integer> replicasPerTopic = new TreeMap<>();
        layout.movable.forEach(
                tp -> replicasPerTopic.merge(topicGroup(layout, tp), layout.replicationFactor.get(tp), Integer::sum));
        replicasPerTopic.forEach((group, replicas) -> {
            Map<Integer, Integer> nodes = new HashMap<>();
            for (int broker : layout.allowed) {
                int node = flow.addNode();
                nodes.put(broker, node);
                int next =
                        group.endsWith(SINGLE_REPLICA_GROUP) ? singleReplicaNode.get(broker) : brokerNode.get(broker);
                int placedAlready =
                        leaderLoadPerGroup.getOrDefault(group, Map.of()).getOrDefault(broker, 0);
                addConvexArcs(flow, node, next, placedAlready, replicas, layout.allowed.size(), topicPenalty);
            }
            topicBrokerNode.put(group, nodes);
        });

        Map<TopicPartition, Map<Integer, Integer>> placementArcs = new HashMap<>();
        for (TopicPartition tp : layout.movable) {
            int rf = layout.replicationFactor.get(tp);
            Integer leader = leaders.get(tp);
            int partitionNode = flow.addNode();
            flow.addArc(source, partitionNode, leader == null ? rf : rf - 1, 0);
            Set<Integer> current = Set.copyOf(layout.input.current().replicasOf(tp));
            Map<String, Integer> rackNode = new HashMap<>();
            if (layout.rackAware()) {
                for (String rack : layout.racks) {
                    int node = flow.addNode();
                    rackNode.put(rack, node);
                    boolean leaderRack = leader != null && rack.equals(layout.rackOf.get(leader));
                    flow.addArc(partitionNode, node, layout.rackLimit(rf) - (leaderRack ? 1 : 0), 0);
                }
            }
            Map<Integer, Integer> arcs = new HashMap<>();
            for (int broker : layout.allowed) {
                if (leader != null && leader == broker) {
                    continue;
                }
                int from = layout.rackAware() ? rackNode.get(layout.rackOf.get(broker)) : partitionNode;
                long cost = current.contains(broker) ? 0 : copyCost;
                arcs.put(
                        broker,
                        flow.addArc(
                                from,
                                topicBrokerNode.get(topicGroup(layout, tp)).get(broker),
                                1,
                                cost));
            }
            placementArcs.put(tp, arcs);
        }

        int placed = flow.run(source, sink);
        if (placed < unitsToPlace) {
            throw new IllegalArgumentException("cannot place " + movingReplicas + " replicas on brokers "
                    + layout.allowed + " with at most ceil(RF/" + layout.racks.size() + ") replicas per rack of each"
                    + " partition: racks " + layout.brokersPerRack() + " are too small; add brokers to the small racks"
                    + " or lower the replication factor");
        }
        Map<TopicPartition, Set<Integer>> sets = new HashMap<>();
        placementArcs.forEach((tp, arcs) -> {
            Set<Integer> set = new TreeSet<>();
            if (leaders.containsKey(tp)) {
                set.add(leaders.get(tp));
            }
            arcs.forEach((broker, arc) -> {
                if (flow.flowOn(arc) > 0) {
                    set.add(broker);
                }
            });
            sets.put(tp, set);
        });
        return sets;
    }

    private static final String SINGLE_REPLICA_GROUP = "\u0000rf1";

    private static String topicGroup(Layout layout, TopicPartition tp) {
        return layout.replicationFactor.get(tp) == 1 ? tp.topic() + SINGLE_REPLICA_GROUP : tp.topic();
    }

    /** A balanced choice of leaders on any allowed broker, preferring the current leader, then a current replica. */
    private static Map<TopicPartition, Integer> leadersBeforeReplicas(Layout layout) {
        int partitions = layout.movable.size();
        long copyCost = 2L * partitions + 2;
        return balancedLeaders(layout, copyCost * (partitions + 1), tp -> {
            List<Integer> current = layout.input.current().replicasOf(tp);
            Map<Integer, Long> costs = new LinkedHashMap<>();
            for (int broker : layout.allowed) {
                costs.put(broker, broker == current.get(0) ? 0L : current.contains(broker) ? 1L : copyCost);
            }
            return costs;
        });
    }

    /**
     * One leader per movable partition, chosen by min-cost flow among its candidate brokers at each candidate's cost,
     * with the leaders spread evenly over the allowed brokers (counting the fixed leaders of topics out of scope): a
     * leader beyond a broker's even share costs {@code balancePenalty}.
     *
     * @param candidateCosts per partition, its candidate leaders and the cost of each, in the order arcs are added
     */
    private static Map<TopicPartition, Integer> balancedLeaders(
            Layout layout, long balancePenalty, Function<TopicPartition, Map<Integer, Long>> candidateCosts) {
        int partitions = layout.movable.size();
        MinCostFlow flow = new MinCostFlow(2);
        int source = 0;
        int sink = 1;
        int leadersTotal = partitions
                + layout.fixedLeaderLoad.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum();
        Map<Integer, Integer> brokerNode = new HashMap<>();
        for (int broker : layout.allowed) {
            int node = flow.addNode();
            brokerNode.put(broker, node);
            addConvexArcs(
                    flow,
                    node,
                    sink,
                    layout.fixedLeaderLoad.getOrDefault(broker, 0),
                    leadersTotal,
                    layout.allowed.size(),
                    balancePenalty);
        }
        Map<TopicPartition, Map<Integer, Integer>> leaderArcs = new HashMap<>();
        for (TopicPartition tp : layout.movable) {
            int node = flow.addNode();
            flow.addArc(source, node, 1, 0);
            Map<Integer, Integer> arcs = new HashMap<>();
            candidateCosts
                    .apply(tp)
                    .forEach((broker, cost) -> arcs.put(broker, flow.addArc(node, brokerNode.get(broker), 1, cost)));
            leaderArcs.put(tp, arcs);
        }
        flow.run(source, sink);
        return chosen(flow, leaderArcs);
    }

    private static Map<TopicPartition, Integer> chosen(
            MinCostFlow flow, Map<TopicPartition, Map<Integer, Integer>> arcsPerPartition) {
        Map<TopicPartition, Integer> chosen = new HashMap<>();
        arcsPerPartition.forEach((tp, arcs) -> arcs.forEach((broker, arc) -> {
            if (flow.flowOn(arc) > 0) {
                chosen.put(tp, broker);
            }
        }));
        return chosen;
    }

    private static int leaderSpread(Layout layout, Map<TopicPartition, Integer> leaders) {
        Map<Integer, Integer> counts = new HashMap<>(layout.fixedLeaderLoad);
        leaders.values().forEach(b -> counts.merge(b, 1, Integer::sum));
        int max = layout.allowed.stream()
                .mapToInt(b -> counts.getOrDefault(b, 0))
                .max()
                .orElse(0);
        int min = layout.allowed.stream()
                .mapToInt(b -> counts.getOrDefault(b, 0))
                .min()
                .orElse(0);
        return max - min;
    }

    private static Map<TopicPartition, Integer> chooseLeaders(Layout layout, Map<TopicPartition, Set<Integer>> sets) {
        return balancedLeaders(layout, layout.movable.size() + 1L, tp -> {
            int currentLeader = layout.input.current().replicasOf(tp).get(0);
            Map<Integer, Long> costs = new LinkedHashMap<>();
            for (int broker : sets.get(tp)) {
                costs.put(broker, broker == currentLeader ? 0L : 1L);
            }
            return costs;
        });
    }

    /**
     * Arcs from {@code node} to {@code target} whose marginal cost makes the total of {@code total} units spread as
     * evenly as possible over {@code shares} nodes: free up to the floor share, {@code penalty} per unit up to the
     * ceiling share, three times that beyond. {@code alreadyThere} units are counted as present and do not flow.
     */
    private static void addConvexArcs(
            MinCostFlow flow, int node, int target, int alreadyThere, int total, int shares, long penalty) {
        int floor = total / shares;
        int ceiling = (total + shares - 1) / shares;
        flow.addArc(node, target, Math.max(0, floor - alreadyThere), 0);
        flow.addArc(node, target, Math.max(0, ceiling - Math.max(floor, alreadyThere)), penalty);
        flow.addArc(node, target, MinCostFlow.UNLIMITED, 3 * penalty);
    }

    /** Leader first, then the kept replicas in their current order, then the new ones by id. */
    private static List<Integer> ordered(List<Integer> current, Set<Integer> replicas, int leader) {
        List<Integer> list = new ArrayList<>();
        list.add(leader);
        current.stream().filter(b -> b != leader && replicas.contains(b)).forEach(list::add);
        replicas.stream().filter(b -> !list.contains(b)).sorted().forEach(list::add);
        return list;
    }

    /** The validated input with the figures both the planner and the lower bound use. */
    private record Layout(
            PlanInput input,
            List<Integer> allowed,
            Map<Integer, String> rackOf,
            List<String> racks,
            List<TopicPartition> movable,
            Map<TopicPartition, Integer> replicationFactor,
            Map<Integer, Integer> fixedReplicaLoad,
            Map<Integer, Integer> fixedLeaderLoad) {

        static Layout of(PlanInput input) {
            if (input.brokers().isEmpty()) {
                throw new IllegalArgumentException("no brokers given");
            }
            Set<Integer> ids = new HashSet<>();
            for (BrokerInfo broker : input.brokers()) {
                if (!ids.add(broker.id())) {
                    throw new IllegalArgumentException("broker " + broker.id() + " is listed twice");
                }
            }
            long withRack =
                    input.brokers().stream().filter(b -> b.rack().isPresent()).count();
            if (withRack != 0 && withRack != input.brokers().size()) {
                throw new IllegalArgumentException("brokers "
                        + input.brokers().stream()
                                .filter(b -> b.rack().isEmpty())
                                .map(BrokerInfo::id)
                                .toList()
                        + " have no rack while others have one: give every broker a rack or none");
            }
            List<Integer> allowed = input.brokers().stream()
                    .map(BrokerInfo::id)
                    .filter(id -> !input.drainedBrokers().contains(id))
                    .sorted()
                    .toList();
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("every broker is to be drained: keep at least one");
            }
            Map<Integer, String> rackOf = new HashMap<>();
            input.brokers().stream()
                    .filter(b -> allowed.contains(b.id()) && b.rack().isPresent())
                    .forEach(b -> rackOf.put(b.id(), b.rack().get()));
            List<String> racks = new ArrayList<>(new TreeSet<>(rackOf.values()));

            Set<String> unknown = new TreeSet<>(input.topicsInScope());
            unknown.removeAll(input.current().topics());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("topics " + unknown + " are in scope but have no partitions");
            }
            input.targetReplicationFactors().forEach((topic, rf) -> {
                if (rf < 1) {
                    throw new IllegalArgumentException(
                            "topic " + topic + ": replication factor must be >= 1, got " + rf);
                }
                if (rf > allowed.size()) {
                    throw new IllegalArgumentException("topic " + topic + " needs replication factor " + rf
                            + " but only " + allowed.size() + " brokers " + allowed + " may hold replicas"
                            + " (drained: " + new TreeSet<>(input.drainedBrokers()) + "): lower it or add brokers");
                }
            });

            List<TopicPartition> movable = new ArrayList<>();
            Map<TopicPartition, Integer> replicationFactor = new HashMap<>();
            Map<Integer, Integer> fixedReplicas = new HashMap<>();
            Map<Integer, Integer> fixedLeaders = new HashMap<>();
            input.current().replicas().forEach((tp, replicas) -> {
                if (input.topicsInScope().contains(tp.topic())) {
                    int rf = input.targetReplicationFactors().getOrDefault(tp.topic(), replicas.size());
                    if (rf > allowed.size()) {
                        throw new IllegalArgumentException("partition " + tp + " has " + rf + " replicas but only "
                                + allowed.size() + " brokers " + allowed + " may hold them: lower its replication"
                                + " factor or add brokers");
                    }
                    movable.add(tp);
                    replicationFactor.put(tp, rf);
                } else {
                    replicas.stream().filter(allowed::contains).forEach(b -> fixedReplicas.merge(b, 1, Integer::sum));
                    if (allowed.contains(replicas.get(0))) {
                        fixedLeaders.merge(replicas.get(0), 1, Integer::sum);
                    }
                }
            });
            return new Layout(input, allowed, rackOf, racks, movable, replicationFactor, fixedReplicas, fixedLeaders);
        }

        boolean rackAware() {
            return !racks.isEmpty();
        }

        int rackLimit(int replicationFactor) {
            return (replicationFactor + racks.size() - 1) / racks.size();
        }

        int movingReplicas() {
            return replicationFactor.values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
        }

        int totalReplicas() {
            return movingReplicas()
                    + fixedReplicaLoad.values().stream()
                            .mapToInt(Integer::intValue)
                            .sum();
        }

        SortedMap<String, Long> brokersPerRack() {
            return rackOf.values().stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
        }
    }
}
