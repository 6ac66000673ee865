package dev.krafter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.operator.Resources;
import dev.krafter.roll.NodeState;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusWriter;
import dev.krafter.validation.Validation;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a KafkaCluster in named steps, in this order:
 * <ol>
 *   <li><b>guard</b>: an invalid spec, or a change the running cluster cannot take (quorum shape, unsafe downgrade),
 *       stalls the cluster before anything is touched;</li>
 *   <li><b>observe</b>: the cluster's objects and pods ({@link ObservedCluster}) and Kafka ({@link KafkaObservation});</li>
 *   <li><b>scale plan</b>: the broker count to apply now ({@link ScalingStep#plan}); a blocked scale-down stalls here,
 *       before anything is applied;</li>
 *   <li><b>live config</b>: dynamic config applied without restart, the read-only rest for the pod template
 *       ({@link LiveConfigStep});</li>
 *   <li><b>apply objects</b>: Services, certificates of a cluster with TLS listeners ({@link CertificatesStep}),
 *       ConfigMaps, StatefulSets, PodDisruptionBudget ({@link ApplyObjectsStep});</li>
 *   <li><b>roll</b>: outdated pods restarted when safe, one at a time or up to {@code spec.rollout.maxConcurrent}
 *       together ({@link RollStep});</li>
 *   <li><b>scale</b>: rebalance, drain, unregister removed brokers ({@link ScalingStep#run});</li>
 *   <li><b>metadata.version</b>: raised once every node runs the new release ({@link MetadataVersionStep});</li>
 *   <li><b>status</b>: computed in one place ({@link ClusterStatusAggregator}), written only when it changed.</li>
 * </ol>
 * Each step records what it does in a {@link ReconcileOutcome}. Nothing is remembered between reconciles except what
 * status and the broker ConfigMap's annotations ({@link BrokerConfigAnnotations}) record, so an operator restart
 * carries on from what the cluster shows.
 *
 * <p>Deleting the custom resource deletes every child through owner references; the claims follow the StatefulSets'
 * {@code persistentVolumeClaimRetentionPolicy} (Delete with {@code deleteClaim: true}, else Retain), which Kubernetes
 * applies itself on deletion and on scale-down, so no finalizer is needed. What the operator holds in memory for the
 * cluster (its Admin client, the consumer-group observation loop, the topic batcher) is released when
 * {@link ClusterDeletions} sees the deletion.
 */
// Not generation-aware: KafkaClusterEventFilter also lets a new krafter.dev/restart value through.
@ControllerConfiguration(
        name = "kafkacluster",
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = KafkaClusterEventFilter.class))
public class KafkaClusterReconciler implements Reconciler<KafkaCluster> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterReconciler.class);
    /**
     * A Ready pod is a watch event, but Kafka answering at the bootstrap name follows it with a lag (Service endpoints,
     * then DNS) that raises no event: look again soon meanwhile.
     */
    static final Duration WHILE_KAFKA_BEHIND_READY_PODS = Duration.ofSeconds(5);

    private final OperatorDependencies deps;
    private final OperatorConfig config;
    private final ReconcileSupport support;
    private final LiveConfigStep liveConfig;
    private final ApplyObjectsStep objects;
    private final RollStep roll;
    private final ScalingStep scaling;
    private final MetadataVersionStep metadataVersion;

    public KafkaClusterReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.config = deps.config();
        this.support = new ReconcileSupport(deps);
        this.liveConfig = new LiveConfigStep(deps.events(), config.adminTimeout());
        this.objects = new ApplyObjectsStep(
                deps.client(),
                config.kafkaImageRepository(),
                new CertificatesStep(deps.client(), deps.events(), deps.clock(), config.adminTimeout()),
                ClusterNetworkPolicy.OperatorPods.of(config));
        this.roll = new RollStep(deps.events(), deps.clock());
        this.scaling = new ScalingStep(deps.client(), deps.events(), config.adminTimeout(), deps.clock());
        this.metadataVersion = new MetadataVersionStep(deps.client(), deps.events(), config.adminTimeout());
    }

    /**
     * The cluster's children and node pods ({@link ClusterChildren}): a child deleted or edited by hand, or a broker
     * that crashes or leaves Ready ({@link ClusterPodEvents}), reconciles its cluster at once. On deletion, the
     * cluster's Admin client is closed and forgotten, and with it what is built on it.
     */
    @Override
    public List<EventSource<?, KafkaCluster>> prepareEventSources(EventSourceContext<KafkaCluster> context) {
        List<EventSource<?, KafkaCluster>> sources = new ArrayList<>(ClusterChildren.eventSources(context));
        sources.add(new ClusterDeletions(
                context,
                deleted -> deps.admins()
                        .forget(
                                deleted.getMetadata().getNamespace(),
                                deleted.getMetadata().getName(),
                                deleted.getMetadata().getUid())));
        return sources;
    }

    @Override
    public UpdateControl<KafkaCluster> reconcile(KafkaCluster cluster, Context<KafkaCluster> context) throws Exception {
        return support.timed(
                cluster,
                () -> StatusWriter.write(
                        reconcileNow(cluster, new ClusterChildren(cluster, context, deps.client())), context));
    }

    private UpdateControl<KafkaCluster> reconcileNow(KafkaCluster cluster, ClusterChildren children) throws Exception {
        JsonNode before = StatusWriter.snapshot(cluster.getStatus());
        if (Resources.isPaused(cluster)) {
            return support.paused(
                    cluster,
                    before,
                    "no broker is restarted, scaled or reconfigured, no child object is"
                            + " changed and Kafka is not touched; status.operation shows what was under way");
        }
        KafkaClusterStatus status = cluster.getStatus();
        ReconcileOutcome outcome =
                new ReconcileOutcome(status.getOperation(), config.clusterResyncPeriod(), deps.clock());

        // 1. guard
        ObservedCluster observed = ObservedCluster.read(children, cluster);
        QuorumSize.record(cluster, observed.created(), observed.brokerConfigAnnotation(ClusterLabels.QUORUM));
        Optional<Boolean> internalTls = InternalTls.existing(observed);
        InternalTls.record(cluster, internalTls);
        Validation validation = ClusterValidation.validate(cluster, config.kafkaImageVersions());
        if (!validation.isValid() && StoredSpecHold.applies(cluster, observed.created())) {
            return hold(cluster, before, validation);
        }
        status.setConditions(StoredSpecHold.lifted(cluster));
        if (!validation.isValid()) {
            return support.invalid(cluster, before, validation);
        }
        ClusterTopology topology = ClusterTopology.of(cluster);
        Optional<String> unsafeQuorum = ClusterGuards.loneEphemeralVoter(cluster, topology, observed.created());
        if (unsafeQuorum.isPresent()) {
            return stalled(cluster, before, Reasons.INVALID_SPEC, unsafeQuorum.get(), outcome);
        }
        Optional<String> refused = ClusterGuards.quorumChange(
                        topology, observed.brokerConfigAnnotation(ClusterLabels.QUORUM))
                .or(() -> ClusterGuards.unsafeDowngrade(
                        cluster, observed.brokerConfigAnnotation(BrokerConfigAnnotations.METADATA_RELEASE)))
                .or(() -> InternalTls.change(cluster, internalTls))
                .or(() -> ClusterGuards.authorizationWithoutInternalTls(topology));
        if (refused.isPresent()) {
            return stalled(cluster, before, ClusterReasons.CHANGE_REFUSED, refused.get(), outcome);
        }
        reportInsecureListeners(cluster, topology);

        ClusterClaims claims = ClusterClaims.read(deps.client(), cluster);
        ClusterIds.Decision clusterId = ClusterIds.decide(
                Optional.ofNullable(status.getClusterId())
                        .or(() -> observed.brokerConfigAnnotation(ClusterLabels.CLUSTER_ID)),
                claims.ids(),
                Optional.ofNullable(cluster.getSpec().getClusterId()));
        if (clusterId.refusal().isPresent()) {
            return stalled(
                    cluster,
                    before,
                    ClusterReasons.CHANGE_REFUSED,
                    clusterId.refusal().get(),
                    outcome);
        }

        // 2. observe
        status.setClusterId(clusterId.id().orElseGet(() -> Uuid.randomUuid().toString()));
        claims.record(deps.client(), status.getClusterId());
        KafkaObservation kafka =
                KafkaObservation.read(deps.admins(), cluster, topology, observed, config.adminTimeout());
        ClusterFacts facts = new ClusterFacts(cluster, topology, observed, kafka);
        if (kafka.behindReadyPods(observed.pods())) {
            outcome.lookAgainWithin(WHILE_KAFKA_BEHIND_READY_PODS);
        }

        // 3. scale plan: a blocked scale-down leaves the running cluster exactly as it is until the spec changes.
        ScalePlanner.ScaleStep scale = scaling.plan(facts, outcome);
        if (scale.action() == ScalePlanner.Action.BLOCKED) {
            return stalled(cluster, before, ClusterReasons.BLOCKED, scale.message(), outcome);
        }

        // 4. live config
        LiveConfigStep.Result configResult = liveConfig.run(facts, scale.brokerReplicas(), outcome);
        if (configResult.refused().isPresent()) {
            return stalled(
                    cluster,
                    before,
                    Reasons.INVALID_SPEC,
                    configResult.refused().get(),
                    outcome);
        }

        // 5. apply objects
        ApplyObjectsStep.Applied applied;
        try {
            applied = objects.run(facts, children, scale.brokerReplicas(), configResult, outcome);
        } catch (ChildOwnership.ForeignObjectException e) {
            return stalled(cluster, before, Reasons.CONFLICT, e.getMessage(), outcome);
        } catch (CertificatesStep.CertificateSecretException e) {
            return stalled(cluster, before, ClusterReasons.CERTIFICATE_SECRET, e.getMessage(), outcome);
        } catch (ClusterNetworkPolicy.RefusedException e) {
            return stalled(cluster, before, Reasons.INVALID_SPEC, e.getMessage(), outcome);
        }
        if (facts.currentBrokers() == 0) {
            outcome.operation(
                    ClusterReasons.CREATING,
                    "creating " + topology.brokers() + " broker(s)"
                            + (topology.dedicated() ? " and " + topology.controllers() + " controller(s)" : ""),
                    null);
        }
        List<NodeState> nodes = NodeStates.of(topology, applied.objects(), applied.certificateRestarts());

        // 6. roll, 7. scale, 8. metadata.version (only when nothing else is under way)
        roll.run(facts, children, nodes, applied, outcome);
        scaling.run(facts, scale, outcome);
        if (!outcome.busy()) {
            metadataVersion.run(facts, children, nodes, applied, outcome);
        }
        if (outcome.operation().isEmpty()
                && outcome.previous()
                        .map(op -> ClusterReasons.CREATING.equals(op.getType()))
                        .orElse(false)
                && !kafka.everyBrokerServing(topology)) {
            outcome.operation(ClusterReasons.CREATING, "waiting for every broker to register", null);
        }

        // 9. status
        ClusterStatusAggregator.PodDiagnosis pods = podDiagnosis(cluster, applied.objects());
        // A pod problem turns Stalled after a while: only the clock says when.
        PodProblems.untilNextStall(pods.problems(), pods.stallAfter(), pods.now())
                .ifPresent(until -> outcome.lookAgainWithin(until.plusSeconds(1)));
        Health health = ClusterStatusAggregator.aggregate(
                status,
                new ClusterStatusAggregator.Inputs(
                        topology,
                        cluster.getSpec().getVersion(),
                        applied.image(),
                        nodes,
                        applied.objects().pods(),
                        kafka.snapshot(),
                        kafka.problemOrEmpty(),
                        outcome.operation(),
                        outcome.stalled(),
                        ClusterStatusAggregator.everReady(status),
                        pods));
        if (health.isStalled()) {
            return stalled(cluster, before, health.reason(), health.message(), outcome);
        }
        return StatusWriter.conclude(cluster, before, health, deps.clock()).rescheduleAfter(outcome.reschedule());
    }

    /** Condition and Warning Event for external listeners without TLS or authentication; removed once there are none. */
    private void reportInsecureListeners(KafkaCluster cluster, ClusterTopology topology) {
        Optional<String> insecure = InsecureListeners.message(topology);
        insecure.ifPresent(message -> deps.events().warning(cluster, ClusterReasons.INSECURE_LISTENER, message));
        cluster.getStatus()
                .setConditions(Conditions.withExtra(
                        cluster.getStatus().getConditions(),
                        ClusterReasons.INSECURE_LISTENER,
                        insecure.isPresent(),
                        true,
                        ClusterReasons.EXTERNAL_LISTENER_INSECURE,
                        insecure.orElse(""),
                        cluster.getMetadata().getGeneration() == null
                                ? 0
                                : cluster.getMetadata().getGeneration(),
                        deps.clock()));
    }

    /** Why node pods do not run, as Kubernetes reports it, with the stall time of the operator's config. */
    private ClusterStatusAggregator.PodDiagnosis podDiagnosis(KafkaCluster cluster, ObservedCluster objects) {
        return new ClusterStatusAggregator.PodDiagnosis(
                PodProblemsReader.read(
                        deps.client(),
                        cluster.getMetadata().getNamespace(),
                        cluster.getMetadata().getName(),
                        objects),
                config.podProblemStallAfter(),
                Instant.now(deps.clock()));
    }

    /**
     * A cluster stored under an earlier operator that today's rules refuse keeps running exactly as it is: nothing is
     * applied, rolled or scaled, it is not Stalled, and a condition says what to change ({@link StoredSpecHold}).
     */
    private UpdateControl<KafkaCluster> hold(KafkaCluster cluster, JsonNode before, Validation validation) {
        String message = StoredSpecHold.message(validation);
        boolean known = Conditions.find(cluster.getStatus().getConditions(), ClusterReasons.SPEC_NOT_APPLIED)
                .map(c -> message.equals(c.getMessage()))
                .orElse(false);
        if (!known) {
            LOG.warn("{}: {}", Resources.ref(cluster), message);
        }
        deps.events().warning(cluster, Reasons.INVALID_SPEC, message);
        cluster.getStatus().setConditions(StoredSpecHold.held(cluster, message, deps.clock()));
        return StatusWriter.ifChanged(cluster, before).rescheduleAfter(config.clusterResyncPeriod());
    }

    private UpdateControl<KafkaCluster> stalled(
            KafkaCluster cluster, JsonNode before, String reason, String message, ReconcileOutcome outcome) {
        return support.stalled(cluster, before, reason, message).rescheduleAfter(outcome.reschedule());
    }

    @Override
    public ErrorStatusUpdateControl<KafkaCluster> updateErrorStatus(
            KafkaCluster cluster, Context<KafkaCluster> context, Exception e) {
        return support.error(cluster, context, e);
    }
}
