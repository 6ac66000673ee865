package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.events.EventRecorder;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import dev.krafter.roll.RollDecision;
import dev.krafter.roll.RollPlanner;
import dev.krafter.roll.RollTimeouts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "roll": restarts at most one outdated pod per reconcile, the one {@link RollPlanner} picks (controllers first,
 * the active quorum leader last, a broker only when none of its partitions would drop below min.insync.replicas), and
 * otherwise waits for the restarted pod to rejoin, with the per-pod timeout of {@code spec.rollout}. See
 * docs/kafkacluster.md, "Rolling restarts".
 */
final class RollStep {
    private static final Logger LOG = LoggerFactory.getLogger(RollStep.class);
    static final Duration AFTER_RESTART = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    RollStep(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    void run(ClusterFacts facts, List<NodeState> nodes, ApplyObjectsStep.Applied applied, ReconcileOutcome outcome) {
        if (nodes.stream().noneMatch(NodeState::outdated)) {
            return;
        }
        KafkaCluster cluster = facts.cluster();
        List<Pod> pods = applied.objects().pods();
        boolean upgrading = pods.stream().anyMatch(p -> !applied.image().equals(ClusterObjects.kafkaImage(p)));
        String type = upgrading ? ClusterReasons.UPGRADING : ClusterReasons.ROLLING_RESTART;
        String progress = nodes.stream().filter(n -> !n.outdated()).count() + "/" + nodes.size();
        Optional<KafkaSnapshot> kafka = facts.kafka().snapshot();
        // With no broker serving at all, an empty snapshot lets the planner restart stuck outdated pods.
        boolean noBrokerReady = facts.observed().podsOf(facts.topology().brokerStatefulSet()).stream()
                .noneMatch(NodeStates::isReady);
        if (kafka.isEmpty() && noBrokerReady) {
            kafka = Optional.of(KafkaObservation.emptySnapshot());
        }
        if (kafka.isEmpty()) {
            outcome.operation(type, "waiting for Kafka to judge which pod can restart safely: " + facts.kafka().problem(),
                    progress);
            return;
        }
        RollDecision decision = RollPlanner.next(nodes, kafka.get(),
                Set.copyOf(cluster.getSpec().getRollout().getRestartBelowMinIsr()));
        switch (decision.action()) {
            case RESTART -> {
                LOG.info("{}: restarting pod {}: {}", facts.ref(), decision.podName(), decision.reason());
                events.normal(cluster, ClusterReasons.RESTARTING_POD, "restarting pod " + decision.podName() + ": " + decision.reason());
                client.pods().inNamespace(facts.namespace()).withName(decision.podName()).delete();
                outcome.operation(type, "restarting pod " + decision.podName(), progress);
                outcome.lookAgainWithin(AFTER_RESTART);
            }
            case WAIT -> {
                outcome.operation(type, decision.reason(), progress);
                outcome.lookAgainWithin(waitFor(cluster, decision, pods, outcome));
            }
            case DONE -> {
            }
        }
    }

    /** How long to wait; a pod past its timeout stalls the cluster (the roll goes on once the pod is back). */
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
        Optional<Pod> pod = pods.stream().filter(p -> decision.podName().equals(p.getMetadata().getName())).findFirst();
        Instant now = Instant.now(clock);
        Instant restartedAt = pod.map(p -> Instant.parse(p.getMetadata().getCreationTimestamp())).orElse(now);
        Duration podTimeout = Duration.ofSeconds(cluster.getSpec().getRollout().getPodTimeoutSeconds());
        RollTimeouts.overdue(decision.podName(), restartedAt, now, podTimeout, decision.reason())
                .ifPresent(message -> outcome.stall(ClusterReasons.BLOCKED, message));
        return RollTimeouts.nextCheck(restartedAt, now, podTimeout);
    }
}
