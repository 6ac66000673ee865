package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.events.EventRecorder;
import dev.krafter.failure.SpecProblem;
import dev.krafter.kafka.BrokerRacks;
import dev.krafter.reassign.BrokerInfo;
import dev.krafter.reassign.RebalanceProgress;
import dev.krafter.reassign.RebalanceRequest;
import dev.krafter.reassign.Rebalancer;
import dev.krafter.roll.KafkaSnapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "scale": {@link #plan} asks {@link ScalePlanner} for the broker count to apply now (before the objects are
 * applied); {@link #run} then carries out the rest of the step: rebalance onto new brokers, drain brokers to remove
 * (cordoned meanwhile, so nothing new lands on them), unregister removed brokers from KRaft and delete their claims when
 * {@code deleteClaim} is set. Before the shrink and before unregistering, the replicas on the brokers to remove are
 * counted again from Kafka: a broker that hosts one is never removed.
 */
final class ScalingStep {
    private static final Logger LOG = LoggerFactory.getLogger(ScalingStep.class);
    /** A reassignment progresses inside Kafka, which sends no event: its progress is polled. */
    static final Duration WHILE_REBALANCING = Duration.ofSeconds(10);
    /** Kafka drops an unregistered broker from its metadata on its own time, with no event. */
    static final Duration AFTER_UNREGISTER = Duration.ofSeconds(2);
    /**
     * How soon to look again while new broker pods run but Kafka does not list them as registered yet: registration
     * happens in Kafka, which sends no event. Pods starting, becoming Ready or going away wake the cluster through the
     * pod informer, and Kafka not answering while a pod is Ready has its own timer
     * ({@link KafkaClusterReconciler#WHILE_KAFKA_BEHIND_READY_PODS}), so the other waits need none.
     */
    static final Duration WHILE_BROKERS_REGISTER = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Duration timeout;
    private final Clock clock;

    ScalingStep(KubernetesClient client, EventRecorder events, Duration timeout, Clock clock) {
        this.client = client;
        this.events = events;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * The scale step of this reconcile. A drain whose brokers are empty is finished here, before the objects are
     * applied: once the rebalancer's last step (throttles removed, preferred leaders elected) reports done, the step
     * becomes the shrink.
     */
    ScalePlanner.ScaleStep plan(ClusterFacts facts, ReconcileOutcome outcome) throws Exception {
        ScalePlanner.ScaleStep step = decide(facts);
        if (step.action() == ScalePlanner.Action.FINISH_DRAIN
                && rebalance(
                        facts,
                        IntStream.range(0, facts.currentBrokers()).boxed().toList(),
                        step.brokers(),
                        ClusterReasons.SCALING_DOWN,
                        step.message(),
                        outcome)) {
            step = ScalePlanner.shrink(facts.topology().brokers(), step.brokers());
        }
        return step.action() == ScalePlanner.Action.SHRINK ? recountBeforeShrink(facts, step) : step;
    }

    /**
     * The snapshot of this reconcile (or the drain's last step) may be older than a replica Kafka or a Topic placed on a
     * broker being removed since: count again right before lowering the StatefulSet. Replicas found there make the step
     * a drain again (rebalancing on) or a refusal (off).
     */
    private ScalePlanner.ScaleStep recountBeforeShrink(ClusterFacts facts, ScalePlanner.ScaleStep shrink)
            throws Exception {
        KafkaSnapshot now = KafkaSnapshot.read(facts.kafka().admin(), timeout);
        ScalePlanner.ScaleStep again = ScalePlanner.decide(
                facts.topology().brokers(),
                facts.currentBrokers(),
                Optional.of(now),
                facts.cluster().getSpec().getRebalance().isEnabled(),
                false,
                podOrdinals(facts));
        if (again.action() == ScalePlanner.Action.SHRINK || again.action() == ScalePlanner.Action.FINISH_DRAIN) {
            return shrink;
        }
        LOG.info(
                "{}: not removing broker(s) {} yet: {}", facts.ref(), new TreeSet<>(shrink.brokers()), again.message());
        return again;
    }

    static ScalePlanner.ScaleStep decide(ClusterFacts facts) {
        ClusterTopology topology = facts.topology();
        OperationStatus operation = facts.status().getOperation();
        // status.rebalancePending survives a roll recording its own operation over the scale-up's; the operation type
        // still counts for clusters whose status an earlier operator wrote.
        boolean scaleUpPending = Boolean.TRUE.equals(facts.status().getRebalancePending())
                || operation != null
                        && Set.of(ClusterReasons.SCALING_UP, ClusterReasons.REBALANCING)
                                .contains(operation.getType());
        return ScalePlanner.decide(
                topology.brokers(),
                facts.currentBrokers(),
                facts.kafka().snapshot(),
                facts.cluster().getSpec().getRebalance().isEnabled(),
                scaleUpPending,
                podOrdinals(facts));
    }

    private static Set<Integer> podOrdinals(ClusterFacts facts) {
        ClusterTopology topology = facts.topology();
        return facts.observed().podsOf(topology.brokerStatefulSet()).stream()
                .map(p -> topology.nodeIdOf(p.getMetadata().getName()))
                .collect(Collectors.toSet());
    }

    void run(ClusterFacts facts, ScalePlanner.ScaleStep step, ReconcileOutcome outcome) throws Exception {
        KafkaCluster cluster = facts.cluster();
        int current = facts.currentBrokers();
        if (step.action() == ScalePlanner.Action.WAIT_FOR_NEW_BROKERS && current > 0) {
            outcome.lookAgainWithin(WHILE_BROKERS_REGISTER);
        }
        KafkaClusterStatus status = facts.status();
        boolean pending = Boolean.TRUE.equals(status.getRebalancePending());
        switch (step.action()) {
            case STEADY -> {
                if (pending) {
                    giveBackDrainedBrokers(facts);
                }
                status.setRebalancePending(null);
            }
            case GROW -> {
                if (current > 0) {
                    events.normal(cluster, ClusterReasons.SCALING_UP, step.message());
                    outcome.operation(ClusterReasons.SCALING_UP, step.message(), null);
                    status.setRebalancePending(true);
                }
            }
            case WAIT_FOR_NEW_BROKERS -> {
                outcome.operation(ClusterReasons.SCALING_UP, step.message(), null);
                status.setRebalancePending(true);
            }
            case NEED_KAFKA ->
                outcome.operation(
                        current > facts.topology().brokers() ? ClusterReasons.SCALING_DOWN : ClusterReasons.SCALING_UP,
                        step.message() + ": " + facts.kafka().problem(),
                        null);
            case REBALANCE -> {
                status.setRebalancePending(true);
                if (rollUnderWay(outcome)) {
                    // Moving partitions while brokers restart one by one helps neither: the rebalance waits for the
                    // roll.
                    LOG.info("{}: the rebalance onto the brokers waits until the rolling restart is over", facts.ref());
                    break;
                }
                if (giveBackDrainedBrokers(facts)) {
                    // Kafka lifts a cordon from the broker's next heartbeat: moves onto it are refused until then.
                    outcome.operation(ClusterReasons.REBALANCING, "giving back drained broker(s)", null);
                    outcome.lookAgainWithin(WHILE_REBALANCING);
                    break;
                }
                if (rebalance(
                        facts,
                        IntStream.range(0, facts.topology().brokers()).boxed().toList(),
                        Set.of(),
                        ClusterReasons.REBALANCING,
                        "rebalance after scale-up",
                        outcome)) {
                    status.setRebalancePending(null);
                }
            }
            case DRAIN -> {
                // A scale-down reverted now leaves a half-drained cluster: the flag makes it rebalance (and cancel).
                status.setRebalancePending(true);
                if (rebalance(
                        facts,
                        IntStream.range(0, current).boxed().toList(),
                        step.brokers(),
                        ClusterReasons.SCALING_DOWN,
                        step.message(),
                        outcome)) {
                    outcome.operation(ClusterReasons.SCALING_DOWN, step.message() + ": done", null);
                }
            }
            case FINISH_DRAIN -> {
                // plan() ran the drain's last step and recorded the operation.
                status.setRebalancePending(true);
            }
            case SHRINK -> {
                events.normal(cluster, ClusterReasons.SCALING_DOWN, step.message());
                outcome.operation(ClusterReasons.SCALING_DOWN, step.message(), null);
                status.setRebalancePending(null);
            }
            case WAIT_FOR_REMOVAL -> outcome.operation(ClusterReasons.SCALING_DOWN, step.message(), null);
            case UNREGISTER -> {
                Optional<String> hosting = ScalePlanner.stillHosting(
                        KafkaSnapshot.read(facts.kafka().admin(), timeout), step.brokers());
                if (hosting.isPresent()) {
                    LOG.warn("{}: {}", facts.ref(), hosting.get());
                    outcome.stall(ClusterReasons.BLOCKED, hosting.get());
                    break;
                }
                for (int id : new TreeSet<>(step.brokers())) {
                    facts.kafka().admin().unregisterBroker(id).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("{}: unregistered removed broker {}", facts.ref(), id);
                    deleteClaimIfAsked(facts, id);
                }
                events.normal(cluster, ClusterReasons.SCALING_DOWN, step.message());
                outcome.operation(ClusterReasons.SCALING_DOWN, step.message(), null);
                outcome.lookAgainWithin(AFTER_UNREGISTER);
            }
            case BLOCKED -> outcome.stall(ClusterReasons.BLOCKED, step.message());
        }
    }

    private static boolean rollUnderWay(ReconcileOutcome outcome) {
        return outcome.operation()
                .map(op -> Set.of(ClusterReasons.ROLLING_RESTART, ClusterReasons.UPGRADING)
                        .contains(op.getType()))
                .orElse(false);
    }

    /**
     * Brokers the cluster keeps that are still cordoned from a drain (a scale-down reverted mid-drain, or a removed
     * broker id that came back) get their cordon removed, and the drain's moves in flight and its throttles are
     * cancelled: the rebalance that follows places partitions over every broker again. True when there were any.
     */
    private boolean giveBackDrainedBrokers(ClusterFacts facts) throws Exception {
        KafkaSnapshot snapshot = facts.kafka().snapshot().orElse(null);
        if (snapshot == null) {
            return false;
        }
        Set<Integer> kept = IntStream.range(0, facts.topology().brokers())
                .boxed()
                .filter(snapshot::registeredAndUnfenced)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> cordoned = Rebalancer.cordoned(facts.kafka().admin(), timeout, kept);
        if (cordoned.isEmpty()) {
            return false;
        }
        List<BrokerInfo> brokers =
                brokersWithRacks(kept, BrokerRacks.read(facts.kafka().admin(), timeout));
        Rebalancer.cancel(
                facts.kafka().admin(),
                timeout,
                RebalanceRequest.wholeCluster(
                        facts.ref(),
                        brokers,
                        cordoned,
                        facts.cluster().getSpec().getRebalance(),
                        0));
        String message = "broker(s) " + cordoned + " are kept after all: cancelled the moves of their drain, removed"
                + " their cordon and the replication throttles";
        LOG.info("{}: {}", facts.ref(), message);
        events.normal(facts.cluster(), ClusterReasons.REBALANCING, message);
        return true;
    }

    /** One rebalancer step; records the operation while it is not done, or stalls. True when done. */
    private boolean rebalance(
            ClusterFacts facts,
            List<Integer> brokerIds,
            Set<Integer> drained,
            String type,
            String what,
            ReconcileOutcome outcome)
            throws Exception {
        List<BrokerInfo> brokers =
                brokersWithRacks(brokerIds, BrokerRacks.read(facts.kafka().admin(), timeout));
        RebalanceRequest request = RebalanceRequest.wholeCluster(
                facts.ref(),
                brokers,
                drained,
                facts.cluster().getSpec().getRebalance(),
                knownTotalMoves(facts.status(), type));
        try {
            RebalanceProgress progress = Rebalancer.step(facts.kafka().admin(), timeout, request);
            if (progress.done()) {
                if (drained.isEmpty()) {
                    events.normal(
                            facts.cluster(),
                            ClusterReasons.REBALANCED,
                            "partitions balanced over " + brokers.size() + " brokers");
                }
                return true;
            }
            OperationStatus recorded = outcome.operation(type, what + ": " + progress.phase(), progress.progress());
            recorded.setThrottleBytesPerSecond(progress.throttleBytesPerSecond());
            RebalanceWatch.Verdict verdict = RebalanceWatch.judge(
                    facts.status().getOperation(),
                    type,
                    progress.progress(),
                    Instant.now(clock),
                    Duration.ofSeconds(facts.cluster().getSpec().getRebalance().getProgressTimeoutSeconds()),
                    progress.throttleBytesPerSecond());
            if (type.equals(recorded.getType())) {
                recorded.setProgressAt(verdict.progressAt());
            }
            verdict.stalled().ifPresent(message -> outcome.stall(ClusterReasons.BLOCKED, what + ": " + message));
            outcome.lookAgainWithin(WHILE_REBALANCING);
        } catch (SpecProblem e) {
            outcome.stall(ClusterReasons.BLOCKED, what + " is not possible: " + e.getMessage());
        }
        return false;
    }

    /**
     * The brokers to balance over, each with the rack Kafka reports for it (broker.rack, from the node label named by
     * {@code spec.brokers.rackTopologyKey}), so the planner spreads each partition's replicas over racks. Brokers
     * without a rack get none; the planner refuses a mix with a message saying so.
     */
    static List<BrokerInfo> brokersWithRacks(Collection<Integer> brokerIds, Map<Integer, String> racks) {
        return brokerIds.stream()
                .sorted()
                .map(id -> BrokerInfo.of(id, racks.get(id)))
                .toList();
    }

    /** The total moves an earlier step of the same operation reported ("moved/total" in status), or 0. */
    static int knownTotalMoves(KafkaClusterStatus status, String type) {
        OperationStatus previous = status.getOperation();
        if (previous == null
                || !type.equals(previous.getType())
                || previous.getProgress() == null
                || !previous.getProgress().contains("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(
                    previous.getProgress().substring(previous.getProgress().indexOf('/') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void deleteClaimIfAsked(ClusterFacts facts, int brokerId) {
        StorageSpec storage = facts.cluster().getSpec().getBrokers().getStorage();
        if (storage != null && storage.getType() == StorageSpec.Type.PERSISTENT && storage.isDeleteClaim()) {
            String claim = ClusterObjects.claimName(facts.topology().brokerStatefulSet(), brokerId);
            client.persistentVolumeClaims()
                    .inNamespace(facts.namespace())
                    .withName(claim)
                    .delete();
            LOG.info("{}: deleted claim {} of removed broker {} (deleteClaim: true)", facts.ref(), claim, brokerId);
        }
    }
}
