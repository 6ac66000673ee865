package dev.krafter.reassign;

import dev.krafter.failure.TransientProblem;
import dev.krafter.kafka.TopicPartitions;
import dev.krafter.status.Reasons;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out reassignments one step at a time, keeping no state between steps: everything it needs is read from
 * Kafka on each call (the partitions, the reassignments in flight, the throttles set), so a new instance after an
 * operator restart continues where the old one stopped.
 *
 * <p>A step: plans from the current assignment, with in-flight reassignments taken as already done (the planner is
 * deterministic and minimal, so the plan is exactly the work left); sets throttles for what is moving; starts as many
 * planned moves as the per-broker limit allows; and once nothing is left, removes the throttles and runs a preferred
 * leader election.
 */
public final class ReassignmentExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ReassignmentExecutor.class);

    private final ReassignmentAdmin admin;

    public ReassignmentExecutor(ReassignmentAdmin admin) {
        this.admin = admin;
    }

    /** The work left for the request, without doing any: moves not started yet, in-flight ones taken as done. */
    public ReassignmentPlan plan(RebalanceRequest request) {
        return plan(
                request,
                settled(request)
                        .orElseThrow(() -> new TransientProblem(
                                Reasons.KAFKA_ERROR,
                                "Kafka's partition metadata is still settling after a reassignment; read again in a moment",
                                null)));
    }

    public RebalanceProgress step(RebalanceRequest request) {
        cordonDrained(request);
        Optional<Snapshot> settled = settled(request);
        if (settled.isEmpty()) {
            // The caller comes back within seconds (the contract of step); no waiting inside a reconcile.
            return new RebalanceProgress(
                    0,
                    request.knownTotalMoves(),
                    0,
                    0,
                    null,
                    false,
                    "waiting for Kafka's partition metadata to settle");
        }
        Snapshot snapshot = settled.get();
        ReassignmentPlan plan = plan(request, snapshot);

        List<PartitionMove> pending = plan.moves().stream()
                .filter(m -> !snapshot.allInFlight.containsKey(m.partition()))
                .toList();
        List<ReplicaMovement> allInFlight = snapshot.allInFlight.entrySet().stream()
                .map(e -> ReplicaMovement.of(e.getKey(), e.getValue()))
                .toList();
        List<PartitionMove> batch = MoveBatcher.nextBatch(pending, allInFlight, request.maxConcurrentMovesPerBroker());

        List<ReplicaMovement> moving = new ArrayList<>(snapshot.inFlightInScope());
        batch.stream().map(ReplicaMovement::of).forEach(moving::add);
        int remaining = plan.movedReplicas()
                + snapshot.inFlightInScope().stream()
                        .mapToInt(m -> m.adding().size())
                        .sum();
        int total = Math.max(request.knownTotalMoves(), remaining);

        if (moving.isEmpty() && pending.isEmpty()) {
            removeThrottles(request, snapshot, snapshot.allInFlight.isEmpty());
            electPreferredLeaders(request, snapshot);
            return new RebalanceProgress(total, total, 0, 0, null, true, "done");
        }

        Long throttle = null;
        if (request.throttleBytesPerSecond() > 0 && moving.stream().anyMatch(ReplicaMovement::copiesData)) {
            applyThrottles(request, snapshot, moving);
            throttle = request.throttleBytesPerSecond();
        }
        if (!batch.isEmpty()) {
            Map<TopicPartition, Optional<List<Integer>>> changes = new LinkedHashMap<>();
            batch.forEach(m -> changes.put(m.partition(), Optional.of(m.to())));
            admin.alterReassignments(changes);
            LOG.info(
                    "{}: started {} partition moves ({} replicas to copy), {} in flight before, {} waiting",
                    request.resource(),
                    batch.size(),
                    batch.stream().mapToInt(m -> m.addedReplicas().size()).sum(),
                    snapshot.inFlightInScope().size(),
                    pending.size() - batch.size());
        }
        int inFlight = snapshot.inFlightInScope().size() + batch.size();
        String phase = pending.size() > batch.size() ? "moving replicas" : "waiting for the last moves";
        return new RebalanceProgress(
                total - remaining, total, inFlight, pending.size() - batch.size(), throttle, false, phase);
    }

    /**
     * Cancels the reassignments in flight for the request's topics (Kafka reverts those partitions to their replicas
     * before the move) and removes the throttles. Moves that already finished stay; a later {@link #step} with the
     * new wish moves them back if needed.
     */
    public RebalanceProgress cancel(RebalanceRequest request) {
        Snapshot snapshot = snapshot(request);
        Map<TopicPartition, Optional<List<Integer>>> cancels = new TreeMap<>(TopicPartitions.ORDER);
        snapshot.allInFlight.keySet().stream()
                .filter(tp -> snapshot.scope.contains(tp.topic()))
                .forEach(tp -> cancels.put(tp, Optional.empty()));
        admin.alterReassignments(cancels);
        if (!cancels.isEmpty()) {
            LOG.info("{}: cancelled {} partition reassignments", request.resource(), cancels.size());
        }
        boolean othersInFlight =
                snapshot.allInFlight.keySet().stream().anyMatch(tp -> !snapshot.scope.contains(tp.topic()));
        removeThrottles(request, snapshot, !othersInFlight);
        uncordon(request.resource(), request.drainedBrokers());
        return new RebalanceProgress(0, 0, 0, 0, null, true, "cancelled");
    }

    /**
     * The brokers the cluster may place replicas on: the registered ones, less those cordoned (being drained). What a
     * Topic's replication-factor change may use.
     */
    public List<BrokerInfo> usableBrokers() {
        List<BrokerInfo> registered = admin.brokers();
        Set<Integer> ids = new TreeSet<>();
        registered.forEach(b -> ids.add(b.id()));
        Set<Integer> cordoned = Cordons.cordoned(admin.brokerConfigs(ids, Cordons.CONFIGS));
        return registered.stream().filter(b -> !cordoned.contains(b.id())).toList();
    }

    /** Removes the cordon from the given brokers (a drain given up, a removed broker id that came back). */
    public void uncordon(String resource, Set<Integer> brokers) {
        if (brokers.isEmpty()) {
            return;
        }
        Map<Integer, Map<String, Optional<String>>> changes =
                Cordons.uncordoning(brokers, Cordons.cordoned(admin.brokerConfigs(brokers, Cordons.CONFIGS)));
        if (!changes.isEmpty()) {
            admin.alterBrokerConfigs(changes);
            LOG.info("{}: removed the cordon from brokers {}", resource, changes.keySet());
        }
    }

    /** Cordons the drained brokers first, so neither Kafka nor anyone else places a new replica on them meanwhile. */
    private void cordonDrained(RebalanceRequest request) {
        if (request.drainedBrokers().isEmpty()) {
            return;
        }
        Map<Integer, Map<String, Optional<String>>> changes = Cordons.cordoning(
                request.drainedBrokers(),
                Cordons.cordoned(admin.brokerConfigs(request.drainedBrokers(), Cordons.CONFIGS)));
        if (!changes.isEmpty()) {
            admin.alterBrokerConfigs(changes);
            LOG.info(
                    "{}: cordoned brokers {} ({}=*): no new replica is placed on them while they drain",
                    request.resource(),
                    changes.keySet(),
                    Cordons.CONFIG);
        }
    }

    private static ReassignmentPlan plan(RebalanceRequest request, Snapshot snapshot) {
        return ReassignmentPlanner.plan(new PlanInput(
                snapshot.effective,
                request.brokers(),
                request.targetReplicationFactors(),
                request.drainedBrokers(),
                snapshot.scope));
    }

    private Snapshot snapshot(RebalanceRequest request) {
        Set<String> topics = admin.listTopics();
        SortedSet<String> scope = new TreeSet<>(request.topics().orElse(new TreeSet<>(topics)));
        Set<String> missing = new TreeSet<>(scope);
        missing.removeAll(topics);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("topics " + missing + " do not exist in Kafka");
        }
        // Reassignments first: one finishing between the two reads then shows as its final replicas, whereas the other
        // order could show a partition's old and new replicas together with no reassignment to explain them.
        Map<TopicPartition, ReassignmentAdmin.InFlightReassignment> listed = admin.listReassignments();
        Map<TopicPartition, ReassignmentAdmin.PartitionPlacement> partitions = admin.describePartitions(topics);
        Map<TopicPartition, ReassignmentAdmin.InFlightReassignment> inFlight = new TreeMap<>(TopicPartitions.ORDER);
        for (Map.Entry<TopicPartition, ReassignmentAdmin.InFlightReassignment> e : listed.entrySet()) {
            if (partitions.containsKey(e.getKey())) {
                inFlight.put(e.getKey(), e.getValue());
            }
        }
        Map<TopicPartition, List<Integer>> effective = new HashMap<>();
        partitions.forEach((tp, state) ->
                effective.put(tp, inFlight.containsKey(tp) ? inFlight.get(tp).target() : state.replicas()));
        return new Snapshot(
                scope, partitions, inFlight, Assignment.of(effective), looksMidReassignment(partitions, listed));
    }

    /**
     * The snapshot, or empty while it shows a partition with more replicas than the rest of its topic and no
     * reassignment to explain them: a broker's metadata can trail the controller for a moment after a reassignment
     * ends, and the extra replica must not be taken for the partition's replication factor. The next step reads again.
     */
    private Optional<Snapshot> settled(RebalanceRequest request) {
        Snapshot snapshot = snapshot(request);
        if (snapshot.unsettled()) {
            LOG.info(
                    "{}: partitions with more replicas than the rest of their topic; reading again on the next step",
                    request.resource());
            return Optional.empty();
        }
        return Optional.of(snapshot);
    }

    static boolean looksMidReassignment(
            Map<TopicPartition, ReassignmentAdmin.PartitionPlacement> partitions,
            Map<TopicPartition, ReassignmentAdmin.InFlightReassignment> inFlight) {
        Map<String, Integer> fewestReplicas = new HashMap<>();
        partitions.forEach((tp, state) -> {
            if (!inFlight.containsKey(tp)) {
                fewestReplicas.merge(tp.topic(), state.replicas().size(), Math::min);
            }
        });
        return partitions.entrySet().stream()
                .anyMatch(e -> !inFlight.containsKey(e.getKey())
                        && e.getValue().replicas().size()
                                > fewestReplicas.get(e.getKey().topic()));
    }

    private void applyThrottles(RebalanceRequest request, Snapshot snapshot, List<ReplicaMovement> moving) {
        Map<String, Map<String, String>> wanted = Throttles.topicConfigs(moving);
        Map<String, Map<String, String>> present = admin.topicConfigs(snapshot.scope, Throttles.TOPIC_CONFIGS);
        Map<String, Map<String, Optional<String>>> topicChanges = new TreeMap<>();
        for (String topic : snapshot.scope) {
            Map<String, String> want = wanted.getOrDefault(topic, Map.of());
            Map<String, String> have = present.getOrDefault(topic, Map.of());
            Map<String, Optional<String>> change = new TreeMap<>();
            for (String name : Throttles.TOPIC_CONFIGS) {
                if (want.containsKey(name) && !want.get(name).equals(have.get(name))) {
                    change.put(name, Optional.of(want.get(name)));
                } else if (!want.containsKey(name) && have.containsKey(name)) {
                    change.put(name, Optional.empty());
                }
            }
            if (!change.isEmpty()) {
                topicChanges.put(topic, change);
            }
        }
        admin.alterTopicConfigs(topicChanges);

        Set<Integer> brokers = Throttles.brokersInvolved(moving);
        Map<String, String> rates = Throttles.brokerRates(request.throttleBytesPerSecond());
        Map<Integer, Map<String, String>> presentRates = admin.brokerConfigs(brokers, Throttles.BROKER_CONFIGS);
        Map<Integer, Map<String, Optional<String>>> brokerChanges = new TreeMap<>();
        for (int broker : brokers) {
            if (!rates.equals(presentRates.getOrDefault(broker, Map.of()))) {
                Map<String, Optional<String>> change = new TreeMap<>();
                rates.forEach((name, value) -> change.put(name, Optional.of(value)));
                brokerChanges.put(broker, change);
            }
        }
        admin.alterBrokerConfigs(brokerChanges);
        if (!topicChanges.isEmpty() || !brokerChanges.isEmpty()) {
            LOG.info(
                    "{}: replication throttle {} B/s on brokers {} for topics {}",
                    request.resource(),
                    request.throttleBytesPerSecond(),
                    brokers,
                    wanted.keySet());
        }
    }

    /**
     * Removes throttled-replica lists from the topics in scope and, if nothing else moves, rates from the brokers.
     * Config reads can trail a change just made (each broker applies it from the metadata log), so the brokers' rates
     * and the lists of topics still moving in the snapshot are deleted whether or not a read shows them.
     */
    private void removeThrottles(RebalanceRequest request, Snapshot snapshot, boolean includingBrokerRates) {
        Set<String> topics = new TreeSet<>();
        admin.topicConfigs(snapshot.scope, Throttles.TOPIC_CONFIGS).forEach((topic, values) -> {
            if (!values.isEmpty()) {
                topics.add(topic);
            }
        });
        snapshot.inFlightInScope().forEach(m -> topics.add(m.partition().topic()));
        Map<String, Map<String, Optional<String>>> topicChanges = new TreeMap<>();
        topics.forEach(topic -> topicChanges.put(topic, deleting(Throttles.TOPIC_CONFIGS)));
        admin.alterTopicConfigs(topicChanges);
        Map<Integer, Map<String, Optional<String>>> brokerChanges = new TreeMap<>();
        if (includingBrokerRates) {
            request.brokers().forEach(b -> brokerChanges.put(b.id(), deleting(Throttles.BROKER_CONFIGS)));
            admin.alterBrokerConfigs(brokerChanges);
        }
        LOG.info(
                "{}: removed replication throttles from topics {} and brokers {}",
                request.resource(),
                topicChanges.keySet(),
                brokerChanges.keySet());
    }

    private static Map<String, Optional<String>> deleting(Set<String> names) {
        Map<String, Optional<String>> deletes = new TreeMap<>();
        names.forEach(name -> deletes.put(name, Optional.empty()));
        return deletes;
    }

    private void electPreferredLeaders(RebalanceRequest request, Snapshot snapshot) {
        Set<TopicPartition> notLedByPreferred = new TreeSet<>(TopicPartitions.ORDER);
        snapshot.partitions.forEach((tp, state) -> {
            if (snapshot.scope.contains(tp.topic())
                    && !state.replicas().isEmpty()
                    && !state.leader().equals(Optional.of(state.replicas().get(0)))) {
                notLedByPreferred.add(tp);
            }
        });
        if (notLedByPreferred.isEmpty()) {
            return;
        }
        Map<TopicPartition, String> failures = admin.electPreferredLeaders(notLedByPreferred);
        LOG.info(
                "{}: preferred leader election for {} partitions, {} could not move yet{}",
                request.resource(),
                notLedByPreferred.size(),
                failures.size(),
                failures.isEmpty() ? "" : ": " + failures);
    }

    private record Snapshot(
            SortedSet<String> scope,
            Map<TopicPartition, ReassignmentAdmin.PartitionPlacement> partitions,
            Map<TopicPartition, ReassignmentAdmin.InFlightReassignment> allInFlight,
            Assignment effective,
            boolean unsettled) {

        List<ReplicaMovement> inFlightInScope() {
            return allInFlight.entrySet().stream()
                    .filter(e -> scope.contains(e.getKey().topic()))
                    .map(e -> ReplicaMovement.of(e.getKey(), e.getValue()))
                    .toList();
        }
    }
}
