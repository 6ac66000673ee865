package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.events.EventRecorder;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import dev.krafter.roll.RollDecision;
import dev.krafter.roll.RollPlanner;
import dev.krafter.roll.RollTimeouts;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "roll": restarts the outdated pods {@link RollPlanner} picks (controllers first, the active quorum leader last,
 * brokers only when none of their partitions would drop below min.insync.replicas; up to
 * {@code spec.rollout.maxConcurrent} nodes away at once), and otherwise waits for the restarted pods to rejoin, with the
 * per-pod timeout of {@code spec.rollout}. Records the roll's pace and estimated completion ({@link RollTiming}) in
 * {@code status.operation}, and keeps reporting the roll until the last pods restarted are back. See
 * docs/kafkacluster-operations.md, "Rolling restart".
 */
final class RollStep {
    private static final Logger LOG = LoggerFactory.getLogger(RollStep.class);

    private final EventRecorder events;
    private final Clock clock;

    RollStep(EventRecorder events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    void run(
            ClusterFacts facts,
            ClusterChildren children,
            List<NodeState> nodes,
            ApplyObjectsStep.Applied applied,
            ReconcileOutcome outcome) {
        KafkaCluster cluster = facts.cluster();
        List<Pod> pods = applied.objects().pods();
        boolean anyOutdated = nodes.stream().anyMatch(NodeState::outdated);
        boolean upgrading = pods.stream().anyMatch(p -> !applied.image().equals(ClusterObjects.kafkaImage(p)));
        String type = upgrading ? ClusterReasons.UPGRADING : ClusterReasons.ROLLING_RESTART;
        if (!anyOutdated) {
            // The last pods restarted may still be coming back: the roll goes on being reported until they are.
            type = outcome.previous()
                    .map(OperationStatus::getType)
                    .filter(RollStep::isRoll)
                    .orElse(type);
        }
        RollTiming timing = RollTiming.carriedOver(outcome.previous(), type);
        if (!anyOutdated && timing.restarting().isEmpty()) {
            return;
        }
        String progress = RollPlanner.progress(nodes);
        Optional<KafkaSnapshot> kafka = facts.kafka().snapshot();
        // With no broker serving at all, an empty snapshot lets the planner restart stuck outdated pods.
        boolean noBrokerReady = facts.observed().podsOf(facts.topology().brokerStatefulSet()).stream()
                .noneMatch(NodeStates::isReady);
        if (kafka.isEmpty() && noBrokerReady) {
            kafka = Optional.of(KafkaObservation.emptySnapshot());
        }
        Instant now = Instant.now(clock);
        int waiting = (int) nodes.stream().filter(NodeState::outdated).count();
        if (kafka.isEmpty()) {
            report(
                    outcome.operation(
                            type,
                            "waiting for Kafka to judge which pod can restart safely: "
                                    + facts.kafka().problem(),
                            progress),
                    type,
                    timing,
                    waiting,
                    now);
            return;
        }
        KafkaSnapshot snapshot = kafka.get();
        Map<String, NodeState> byPod = nodes.stream().collect(Collectors.toMap(NodeState::podName, n -> n));
        timing = timing.settle(byPod::containsKey, pod -> RollPlanner.away(byPod.get(pod), snapshot), now);
        if (!anyOutdated) {
            Optional<RollDecision> settling = RollPlanner.settling(nodes, snapshot);
            if (settling.isEmpty() || timing.restarting().isEmpty()) {
                return;
            }
            report(outcome.operation(type, settling.get().reason(), progress), type, timing, 0, now);
            outcome.lookAgainWithin(waitFor(cluster, settling.get(), pods, outcome));
            return;
        }
        RollDecision decision = RollPlanner.next(
                nodes,
                snapshot,
                Set.copyOf(cluster.getSpec().getRollout().getRestartBelowMinIsr()),
                cluster.getSpec().getRollout().getMaxConcurrent());
        switch (decision.action()) {
            case RESTART -> {
                for (String pod : decision.pods()) {
                    LOG.info("{}: restarting pod {}: {}", facts.ref(), pod, decision.reason());
                    events.normal(
                            cluster, ClusterReasons.RESTARTING_POD, "restarting pod " + pod + ": " + decision.reason());
                    children.deletePod(pod);
                }
                timing = timing.restarted(decision.pods(), now);
                boolean forCertificates = decision.pods().stream()
                        .allMatch(pod -> byPod.get(pod)
                                .outdatedReason()
                                .equals(applied.certificateRestarts().get(pod)));
                report(
                        outcome.operation(
                                type,
                                (decision.pods().size() == 1 ? "restarting pod " : "restarting pods ")
                                        + String.join(", ", decision.pods())
                                        + (forCertificates ? " to load renewed certificates" : ""),
                                progress),
                        type,
                        timing,
                        waiting - decision.pods().size(),
                        now);
                // No timer: the pod's deletion, its successor and its readiness are pod events that wake the cluster.
            }
            case WAIT -> {
                report(outcome.operation(type, decision.reason(), progress), type, timing, waiting, now);
                outcome.lookAgainWithin(waitFor(cluster, decision, pods, outcome));
            }
            case DONE -> {}
        }
    }

    private static boolean isRoll(String type) {
        return ClusterReasons.ROLLING_RESTART.equals(type) || ClusterReasons.UPGRADING.equals(type);
    }

    /** The roll's timing and estimate, when the operation recorded is the roll's (a creation may have come first). */
    private static void report(OperationStatus operation, String type, RollTiming timing, int waiting, Instant now) {
        if (type.equals(operation.getType())) {
            timing.writeTo(operation, waiting, now);
        }
    }

    /**
     * How long to wait; a pod past its timeout stalls the cluster (the roll goes on once the pod is back). These are
     * timers because what they wait for sends no Kubernetes event: partitions back in sync in Kafka, and time itself
     * (the pod timeout).
     */
    private Duration waitFor(KafkaCluster cluster, RollDecision decision, List<Pod> pods, ReconcileOutcome outcome) {
        Duration retry = Duration.ofSeconds(cluster.getSpec().getRollout().getSafetyRetrySeconds());
        if (decision.waitCause() == RollDecision.WaitCause.NEVER_SAFE) {
            // Waiting cannot help: the cluster is Stalled, naming the topics, until the spec or the topics change.
            outcome.stall(ClusterReasons.BLOCKED, decision.reason());
            return retry;
        }
        if (decision.waitCause() != RollDecision.WaitCause.REJOINING || decision.podName() == null) {
            return retry;
        }
        Optional<Pod> pod = pods.stream()
                .filter(p -> decision.podName().equals(p.getMetadata().getName()))
                .findFirst();
        Instant now = Instant.now(clock);
        Instant restartedAt = pod.map(p -> Instant.parse(p.getMetadata().getCreationTimestamp()))
                .orElse(now);
        Duration podTimeout = Duration.ofSeconds(cluster.getSpec().getRollout().getPodTimeoutSeconds());
        RollTimeouts.overdue(decision.podName(), restartedAt, now, podTimeout, decision.reason())
                .ifPresent(message -> outcome.stall(ClusterReasons.BLOCKED, message));
        return RollTimeouts.nextCheck(restartedAt, now, podTimeout);
    }
}
