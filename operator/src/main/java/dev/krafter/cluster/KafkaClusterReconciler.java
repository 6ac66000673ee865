package dev.krafter.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.kafka.ConfigValues;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.operator.Resources;
import dev.krafter.reassign.BrokerInfo;
import dev.krafter.reassign.RebalanceProgress;
import dev.krafter.reassign.RebalanceRequest;
import dev.krafter.reassign.Rebalancer;
import dev.krafter.roll.BrokerConfigs;
import dev.krafter.roll.ConfigPlan;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import dev.krafter.roll.RollDecision;
import dev.krafter.roll.RollPlanner;
import dev.krafter.roll.RollTimeouts;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusPatch;
import dev.krafter.validation.SpecValidator;
import dev.krafter.validation.Validation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a KafkaCluster. Thin: it reads what exists (Kubernetes and Kafka), asks the pure planners what to do
 * ({@link ScalePlanner}, {@link RollPlanner}, {@link BrokerConfigs#plan}), applies the objects {@link ClusterObjects}
 * builds, takes at most one disruptive step (delete one pod, shrink, unregister), and reports through
 * {@link ClusterStatusAggregator}. Nothing is remembered between reconciles except what status and the broker
 * ConfigMap's annotations record, so an operator restart carries on from what the cluster shows.
 *
 * <p>Deleting the custom resource deletes every child through owner references; the claims follow the StatefulSets'
 * {@code persistentVolumeClaimRetentionPolicy} (Delete with {@code deleteClaim: true}, else Retain), which Kubernetes
 * applies itself on deletion and on scale-down, so no finalizer is needed.
 */
// Not generation-aware: KafkaClusterEventFilter also lets a new krafter.dev/restart value through.
@ControllerConfiguration(name = "kafkacluster", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = KafkaClusterEventFilter.class))
public class KafkaClusterReconciler implements Reconciler<KafkaCluster> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterReconciler.class);

    /** Broker ConfigMap annotation: the dynamic config last applied live (JSON), the previouslyApplied of the next plan. */
    public static final String APPLIED_LIVE = "krafter.dev/applied-live-config";
    /** Broker ConfigMap annotation: the config keys Kafka reported read-only, so the hash is stable while Kafka is away. */
    public static final String READ_ONLY_KEYS = "krafter.dev/read-only-keys";
    /** Broker ConfigMap annotation: the Kafka release whose metadata.version is finalized (downgrade floor). */
    public static final String METADATA_RELEASE = "krafter.dev/metadata-version-release";

    private final OperatorDependencies deps;
    private final ReconcileSupport support;
    private final KubernetesClient client;
    private final ClusterApplier applier;

    public KafkaClusterReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
        this.client = deps.client();
        this.applier = new ClusterApplier(deps.client());
    }

    @Override
    public UpdateControl<KafkaCluster> reconcile(KafkaCluster cluster, Context<KafkaCluster> context) throws Exception {
        return support.timed(cluster, () -> reconcileNow(cluster, context));
    }

    private UpdateControl<KafkaCluster> reconcileNow(KafkaCluster cluster, Context<KafkaCluster> context) throws Exception {
        JsonNode before = StatusPatch.snapshot(cluster.getStatus());
        Duration resync = deps.config().clusterResyncPeriod();
        Validation validation = SpecValidator.validate(cluster);
        if (!validation.isValid()) {
            return support.invalid(cluster, before, validation);
        }
        ClusterTopology topology = ClusterTopology.of(cluster);
        ObservedCluster observed = ObservedCluster.read(client, cluster);
        Optional<String> refused = ClusterGuards.quorumChange(topology, observed.brokerConfigAnnotation(ClusterLabels.QUORUM))
                .or(() -> ClusterGuards.unsafeDowngrade(cluster, observed.brokerConfigAnnotation(METADATA_RELEASE)));
        if (refused.isPresent()) {
            return support.stalled(cluster, before, ClusterReasons.CHANGE_REFUSED, refused.get()).rescheduleAfter(resync);
        }
        return new Pass(cluster, topology, observed, before).run();
    }

    /** One reconcile of one cluster: the facts it gathered and the steps it took. */
    private final class Pass {
        final KafkaCluster cluster;
        final KafkaClusterStatus status;
        final ClusterTopology topology;
        final ObservedCluster observed;
        final JsonNode before;
        final String ref;
        final Duration timeout = deps.config().adminTimeout();
        Duration reschedule = deps.config().clusterResyncPeriod();
        Admin admin;
        Optional<KafkaSnapshot> snapshot = Optional.empty();
        String kafkaProblem;
        OperationStatus operation;
        Health stalled;

        Pass(KafkaCluster cluster, ClusterTopology topology, ObservedCluster observed, JsonNode before) {
            this.cluster = cluster;
            this.status = cluster.getStatus();
            this.topology = topology;
            this.observed = observed;
            this.before = before;
            this.ref = Resources.ref(cluster);
        }

        UpdateControl<KafkaCluster> run() throws Exception {
            String clusterId = Optional.ofNullable(status.getClusterId())
                    .or(() -> observed.brokerConfigAnnotation(ClusterLabels.CLUSTER_ID))
                    .orElseGet(() -> Uuid.randomUuid().toString());
            status.setClusterId(clusterId);
            readKafka();

            // Scaling decides the broker count to apply now.
            int current = observed.brokerReplicas();
            boolean scaleUpPending = status.getOperation() != null
                    && Set.of(ClusterReasons.SCALING_UP, ClusterReasons.REBALANCING).contains(status.getOperation().getType());
            Set<Integer> podOrdinals = observed.podsOf(topology.brokerStatefulSet()).stream()
                    .map(p -> topology.nodeIdOf(p.getMetadata().getName())).collect(Collectors.toSet());
            ScalePlanner.ScaleStep scale = ScalePlanner.decide(topology.brokers(), current, snapshot,
                    cluster.getSpec().getRebalance().isEnabled(), scaleUpPending, podOrdinals);
            int brokerReplicas = scale.brokerReplicas();
            if (scale.action() == ScalePlanner.Action.BLOCKED) {
                // Nothing is applied: the running cluster stays exactly as it is until the spec changes.
                return support.stalled(cluster, before, ClusterReasons.BLOCKED, scale.message()).rescheduleAfter(reschedule);
            }

            // Config: what Kafka can change live and what needs a restart, from Kafka's own describeConfigs. Defaults
            // are sized to the brokers the cluster has (not yet the ones a pending scale-down removes).
            Map<String, String> desiredConfig = KafkaNodeConfig.desiredBrokerConfig(brokerReplicas,
                    ConfigValues.toKafkaStrings(cluster.getSpec().getBrokers().getConfig()));
            Map<String, String> appliedLive = observed.brokerConfigAnnotation(APPLIED_LIVE).map(this::parseMap)
                    .orElse(Map.of());
            Optional<Set<String>> storedReadOnlyKeys = observed.brokerConfigAnnotation(READ_ONLY_KEYS).map(this::parseSet);
            Optional<ConfigPlan> plan = planConfig(desiredConfig, appliedLive);
            if (plan.isPresent() && plan.get().hasLiveChanges()) {
                Optional<String> bad = applyLive(plan.get());
                if (bad.isPresent()) {
                    return support.stalled(cluster, before, Reasons.INVALID_SPEC, bad.get()).rescheduleAfter(reschedule);
                }
                appliedLive = plan.get().live();
                operation("ApplyingConfig", "applied " + new TreeSet<>(plan.get().setLive().keySet())
                        + (plan.get().deleteLive().isEmpty() ? "" : ", removed " + new TreeSet<>(plan.get().deleteLive()))
                        + " live, without restart", null);
            }
            Set<String> readOnlyKeys = plan.map(p -> p.readOnly().keySet()).orElse(storedReadOnlyKeys.orElse(Set.of()));
            Map<String, String> readOnly = new TreeMap<>(desiredConfig);
            readOnly.keySet().retainAll(readOnlyKeys);
            boolean firstClassification = plan.isPresent() && storedReadOnlyKeys.isEmpty() && observed.created();

            ClusterTopology configTopology = topology.withBrokers(Math.max(brokerReplicas, current));

            // Objects. Services first: external addresses must be known before a broker that advertises them starts.
            applier.apply(ClusterObjects.serviceAccount(cluster));
            applier.apply(ClusterObjects.headlessService(cluster, topology));
            applier.apply(ClusterObjects.bootstrapService(cluster, topology));
            Map<String, Service> services = new HashMap<>();
            for (Service service : ClusterObjects.externalServices(cluster, configTopology)) {
                Service stored = applier.apply(service);
                services.put(stored.getMetadata().getName(), stored);
            }
            KafkaNodeConfig.ExternalAddresses external = ExternalAddressResolver.resolve(configTopology, services::get);
            int addressable = ExternalAddressResolver.brokersWithAddresses(configTopology, external);
            if (brokerReplicas > current && brokerReplicas > addressable) {
                brokerReplicas = Math.max(current, addressable);
                operation(current == 0 ? ClusterReasons.CREATING : ClusterReasons.SCALING_UP,
                        "waiting for the external addresses of broker " + addressable + " (NodePort or LoadBalancer Service)",
                        null);
            }
            ConfigMap brokerConfig = ClusterObjects.brokerConfigMap(cluster, configTopology, desiredConfig, external, clusterId);
            brokerConfig.getMetadata().getAnnotations().put(APPLIED_LIVE, Serialization.asJson(new TreeMap<>(appliedLive)));
            if (plan.isPresent() || storedReadOnlyKeys.isPresent()) {
                brokerConfig.getMetadata().getAnnotations().put(READ_ONLY_KEYS, String.join(",", new TreeSet<>(readOnlyKeys)));
            }
            brokerConfig.getMetadata().getAnnotations().put(METADATA_RELEASE,
                    observed.brokerConfigAnnotation(METADATA_RELEASE).orElse(cluster.getSpec().getVersion()));
            applier.apply(brokerConfig);
            String image = ClusterObjects.image(cluster, deps.config().kafkaImageRepository());
            String restartToken = annotation(cluster, ApiGroup.RESTART_ANNOTATION);
            Optional<StatefulSet> controllerSet = Optional.empty();
            if (topology.dedicated()) {
                applier.apply(ClusterObjects.controllerConfigMap(cluster, topology, clusterId));
                controllerSet = Optional.of(applier.apply(ClusterObjects.controllerStatefulSet(cluster, topology,
                        new ClusterObjects.NodeSetInputs(image, clusterId, topology.controllers(), Map.of(), restartToken))));
            }
            StatefulSet brokerSet = applier.apply(ClusterObjects.brokerStatefulSet(cluster, configTopology,
                    new ClusterObjects.NodeSetInputs(image, clusterId, brokerReplicas, readOnly, restartToken)));
            applier.apply(ClusterObjects.podDisruptionBudget(cluster));
            if (firstClassification) {
                adoptPods(observed.brokerSet().get(), brokerSet);
            }
            ObservedCluster applied = new ObservedCluster(Optional.of(brokerSet), controllerSet, Optional.of(brokerConfig),
                    ObservedCluster.read(client, cluster).pods(), services);

            if (current == 0) {
                operation(ClusterReasons.CREATING, "creating " + topology.brokers() + " broker(s)"
                        + (topology.dedicated() ? " and " + topology.controllers() + " controller(s)" : ""), null);
            }
            List<NodeState> nodes = NodeStates.of(topology, applied);
            roll(nodes, image, applied);
            scale(scale, current);
            if (stalled == null && operation == null) {
                upgradeMetadataVersion(nodes, image, applied);
            }
            if (operation == null && status.getOperation() != null
                    && ClusterReasons.CREATING.equals(status.getOperation().getType()) && !creationDone()) {
                operation(ClusterReasons.CREATING, "waiting for every broker to register", null);
            }

            Health health = ClusterStatusAggregator.aggregate(status, new ClusterStatusAggregator.Inputs(topology,
                    cluster.getSpec().getVersion(), image, nodes, applied.pods(), snapshot,
                    kafkaProblem == null ? "" : kafkaProblem, Optional.ofNullable(operation), Optional.ofNullable(stalled),
                    everReady()));
            if (health.isStalled() && stalled != null) {
                return support.stalled(cluster, before, health.reason(), health.message()).rescheduleAfter(reschedule);
            }
            return StatusPatch.conclude(cluster, before, health, deps.clock()).rescheduleAfter(reschedule);
        }

        // ------------------------------------------------------------ Kafka

        void readKafka() {
            boolean anyBrokerReady = observed.podsOf(topology.brokerStatefulSet()).stream().anyMatch(NodeStates::isReady);
            if (!anyBrokerReady) {
                kafkaProblem = observed.created() ? "no broker pod is ready yet" : "the cluster's pods are being created";
                return;
            }
            try {
                admin = deps.admins().adminFor(cluster);
                snapshot = Optional.of(KafkaSnapshot.read(admin, timeout));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kafkaProblem = "interrupted";
            } catch (Exception e) {
                kafkaProblem = "cannot reach Kafka at " + deps.admins().bootstrapFor(cluster) + ": "
                        + ReconcileSupport.describe(e);
                LOG.info("{}: {}", ref, kafkaProblem);
            }
        }

        Optional<ConfigPlan> planConfig(Map<String, String> desired, Map<String, String> appliedLive) throws Exception {
            if (snapshot.isEmpty()) {
                return Optional.empty();
            }
            OptionalInt broker = snapshot.get().registeredBrokers().stream()
                    .filter(snapshot.get()::registeredAndUnfenced).mapToInt(Integer::intValue).min();
            if (broker.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(BrokerConfigs.plan(desired, appliedLive,
                    BrokerConfigs.describeBroker(admin, broker.getAsInt(), timeout)));
        }

        /** Applies dynamic config live; a value Kafka refuses is returned as the Stalled message. */
        Optional<String> applyLive(ConfigPlan plan) throws Exception {
            try {
                BrokerConfigs.applyLive(admin, plan, timeout);
                LOG.info("{}: applied broker config live: set {}, removed {}", ref, plan.setLive().keySet(), plan.deleteLive());
                deps.events().normal(cluster, ClusterReasons.APPLYING_CONFIG, "applied live without restart: "
                        + new TreeSet<>(plan.setLive().keySet()) + (plan.deleteLive().isEmpty() ? ""
                                : "; removed " + new TreeSet<>(plan.deleteLive())));
                return Optional.empty();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InvalidConfigurationException || e.getCause() instanceof InvalidRequestException
                        || e.getCause() instanceof PolicyViolationException) {
                    return Optional.of("Kafka refused spec.brokers.config " + new TreeMap<>(plan.setLive()) + ": "
                            + ReconcileSupport.describe(e) + "; fix the value");
                }
                throw e;
            }
        }

        // ------------------------------------------------------------ rolling restart

        void roll(List<NodeState> nodes, String image, ObservedCluster applied) {
            if (nodes.stream().noneMatch(NodeState::outdated)) {
                return;
            }
            boolean upgrading = applied.pods().stream().anyMatch(p -> !image.equals(p.getSpec().getContainers().get(0).getImage()));
            String type = upgrading ? ClusterReasons.UPGRADING : ClusterReasons.ROLLING_RESTART;
            // With no broker serving at all, an empty snapshot lets the planner restart stuck outdated pods.
            KafkaSnapshot facts = snapshot.orElse(snapshot.isEmpty() && observed.podsOf(topology.brokerStatefulSet())
                    .stream().noneMatch(NodeStates::isReady) ? emptySnapshot() : null);
            String progress = nodes.stream().filter(n -> !n.outdated()).count() + "/" + nodes.size();
            if (facts == null) {
                operation(type, "waiting for Kafka to judge which pod can restart safely: " + kafkaProblem, progress);
                return;
            }
            RollDecision decision = RollPlanner.next(nodes, facts);
            switch (decision.action()) {
                case RESTART -> {
                    LOG.info("{}: restarting pod {}: {}", ref, decision.podName(), decision.reason());
                    deps.events().normal(cluster, "RestartingPod", "restarting pod " + decision.podName() + ": "
                            + decision.reason());
                    client.pods().inNamespace(cluster.getMetadata().getNamespace()).withName(decision.podName()).delete();
                    operation(type, "restarting pod " + decision.podName(), progress);
                    reschedule = min(reschedule, Duration.ofSeconds(5));
                }
                case WAIT -> {
                    operation(type, decision.reason(), progress);
                    Duration retry = Duration.ofSeconds(cluster.getSpec().getRollout().getSafetyRetrySeconds());
                    if (decision.waitCause() == RollDecision.WaitCause.REJOINING && decision.podName() != null) {
                        Optional<Pod> pod = applied.pods().stream()
                                .filter(p -> decision.podName().equals(p.getMetadata().getName())).findFirst();
                        Instant restartedAt = pod.map(p -> Instant.parse(p.getMetadata().getCreationTimestamp()))
                                .orElse(Instant.now(deps.clock()));
                        Instant now = Instant.now(deps.clock());
                        Duration podTimeout = Duration.ofSeconds(cluster.getSpec().getRollout().getPodTimeoutSeconds());
                        RollTimeouts.overdue(decision.podName(), restartedAt, now, podTimeout, decision.reason())
                                .ifPresent(message -> stalled = Health.stalled(ClusterReasons.BLOCKED, message));
                        retry = RollTimeouts.nextCheck(restartedAt, now, podTimeout);
                    }
                    reschedule = min(reschedule, retry);
                }
                case DONE -> {
                }
            }
        }

        void adoptPods(StatefulSet previous, StatefulSet updated) {
            // The first time Kafka classifies the config, pods started from the very same files are not outdated: only
            // the way the hash is computed changed. Later read-only changes roll as usual.
            String oldHash = NodeStates.templateHash(previous);
            String newHash = NodeStates.templateHash(updated);
            if (oldHash == null || oldHash.equals(newHash)) {
                return;
            }
            for (Pod pod : observed.podsOf(topology.brokerStatefulSet())) {
                Map<String, String> annotations = pod.getMetadata().getAnnotations();
                if (annotations != null && oldHash.equals(annotations.get(ClusterLabels.TEMPLATE_HASH))) {
                    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                            .edit(p -> {
                                p.getMetadata().getAnnotations().put(ClusterLabels.TEMPLATE_HASH, newHash);
                                return p;
                            });
                }
            }
        }

        // ------------------------------------------------------------ scaling

        void scale(ScalePlanner.ScaleStep step, int current) throws Exception {
            switch (step.action()) {
                case STEADY -> {
                }
                case GROW -> {
                    if (current > 0) {
                        deps.events().normal(cluster, ClusterReasons.SCALING_UP, step.message());
                        operation(ClusterReasons.SCALING_UP, step.message(), null);
                    }
                }
                case WAIT_FOR_NEW_BROKERS -> operation(ClusterReasons.SCALING_UP, step.message(), null);
                case NEED_KAFKA -> operation(current > topology.brokers() ? ClusterReasons.SCALING_DOWN
                        : ClusterReasons.SCALING_UP, step.message() + ": " + kafkaProblem, null);
                case REBALANCE -> rebalance(IntStream.range(0, topology.brokers()).boxed().toList(), Set.of(),
                        ClusterReasons.REBALANCING, "rebalance after scale-up");
                case DRAIN -> rebalance(IntStream.range(0, current).boxed().toList(), step.brokers(),
                        ClusterReasons.SCALING_DOWN, step.message());
                case SHRINK -> {
                    deps.events().normal(cluster, ClusterReasons.SCALING_DOWN, step.message());
                    operation(ClusterReasons.SCALING_DOWN, step.message(), null);
                }
                case WAIT_FOR_REMOVAL -> operation(ClusterReasons.SCALING_DOWN, step.message(), null);
                case UNREGISTER -> {
                    for (int id : new TreeSet<>(step.brokers())) {
                        admin.unregisterBroker(id).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        LOG.info("{}: unregistered removed broker {}", ref, id);
                        deleteClaimIfAsked(id);
                    }
                    deps.events().normal(cluster, ClusterReasons.SCALING_DOWN, step.message());
                    operation(ClusterReasons.SCALING_DOWN, step.message(), null);
                    reschedule = min(reschedule, Duration.ofSeconds(2));
                }
                case BLOCKED -> stalled = Health.stalled(ClusterReasons.BLOCKED, step.message());
            }
        }

        void rebalance(List<Integer> brokers, Set<Integer> drained, String type, String what) {
            OperationStatus previous = status.getOperation();
            int knownTotal = 0;
            if (previous != null && type.equals(previous.getType()) && previous.getProgress() != null
                    && previous.getProgress().contains("/")) {
                try {
                    knownTotal = Integer.parseInt(previous.getProgress().substring(previous.getProgress().indexOf('/') + 1));
                } catch (NumberFormatException e) {
                    knownTotal = 0;
                }
            }
            RebalanceRequest request = RebalanceRequest.wholeCluster(ref,
                    brokers.stream().map(BrokerInfo::of).toList(), drained, cluster.getSpec().getRebalance(), knownTotal);
            try {
                RebalanceProgress progress = Rebalancer.step(admin, request);
                if (progress.done() && drained.isEmpty()) {
                    deps.events().normal(cluster, "Rebalanced", "partitions balanced over " + brokers.size() + " brokers");
                    return;
                }
                operation(type, what + ": " + progress.phase(), progress.progress());
                operation.setThrottleBytesPerSecond(progress.throttleBytesPerSecond());
                reschedule = min(reschedule, Duration.ofSeconds(10));
            } catch (IllegalArgumentException e) {
                stalled = Health.stalled(ClusterReasons.BLOCKED, what + " is not possible: " + e.getMessage());
            }
        }

        void deleteClaimIfAsked(int brokerId) {
            StorageSpec storage = cluster.getSpec().getBrokers().getStorage();
            if (storage != null && storage.getType() == StorageSpec.Type.PERSISTENT && storage.isDeleteClaim()) {
                String claim = ClusterObjects.claimName(topology.brokerStatefulSet(), brokerId);
                client.persistentVolumeClaims().inNamespace(cluster.getMetadata().getNamespace()).withName(claim).delete();
                LOG.info("{}: deleted claim {} of removed broker {} (deleteClaim: true)", ref, claim, brokerId);
            }
        }

        // ------------------------------------------------------------ upgrade

        void upgradeMetadataVersion(List<NodeState> nodes, String image, ObservedCluster applied) throws Exception {
            if (snapshot.isEmpty() || nodes.isEmpty()) {
                return;
            }
            boolean everyNodeCurrent = nodes.stream().noneMatch(NodeState::outdated)
                    && nodes.stream().allMatch(NodeState::podReady)
                    && applied.pods().stream().allMatch(p -> image.equals(p.getSpec().getContainers().get(0).getImage()));
            Optional<MetadataVersionUpgrade.Levels> levels = MetadataVersionUpgrade.read(admin, timeout);
            if (levels.isEmpty()) {
                return;
            }
            Optional<Short> target = MetadataVersionUpgrade.raiseTo(levels.get(), everyNodeCurrent);
            if (target.isPresent()) {
                MetadataVersionUpgrade.raise(admin, target.get(), timeout);
                String message = "raised metadata.version from level " + levels.get().finalized() + " to " + target.get();
                LOG.info("{}: {}", ref, message);
                deps.events().normal(cluster, ClusterReasons.UPGRADING, message);
                operation(ClusterReasons.UPGRADING, message, null);
                reschedule = min(reschedule, Duration.ofSeconds(2));
            } else if (everyNodeCurrent && levels.get().finalized() == levels.get().supportedMax()) {
                recordMetadataRelease();
            }
        }

        void recordMetadataRelease() {
            String version = cluster.getSpec().getVersion();
            Optional<String> recorded = observed.brokerConfigAnnotation(METADATA_RELEASE);
            if (recorded.isPresent() && ClusterGuards.compareMinor(version, recorded.get()) <= 0) {
                return;
            }
            client.configMaps().inNamespace(cluster.getMetadata().getNamespace())
                    .withName(ClusterNames.brokerConfig(topology.cluster()))
                    .edit(cm -> {
                        cm.getMetadata().getAnnotations().put(METADATA_RELEASE, version);
                        return cm;
                    });
        }

        // ------------------------------------------------------------ helpers

        boolean creationDone() {
            return snapshot.isPresent() && topology.brokerIds().stream().allMatch(snapshot.get()::registeredAndUnfenced);
        }

        boolean everReady() {
            if (Conditions.isTrue(status.getConditions(), Conditions.READY)) {
                return true;
            }
            return Conditions.find(status.getConditions(), Conditions.RECONCILING)
                    .map(c -> c.getReason() != null && !ClusterReasons.CREATING.equals(c.getReason())
                            && !"NotApplicable".equals(c.getReason()))
                    .orElse(false);
        }

        /** Records the operation in progress; the first one recorded in a reconcile wins (the most significant). */
        void operation(String type, String phase, String progress) {
            if (operation != null && !ClusterReasons.APPLYING_CONFIG.equals(operation.getType())) {
                return;
            }
            OperationStatus op = new OperationStatus();
            op.setType(type);
            op.setPhase(phase);
            op.setProgress(progress);
            OperationStatus previous = status.getOperation();
            op.setStartedAt(previous != null && type.equals(previous.getType()) && previous.getStartedAt() != null
                    ? previous.getStartedAt() : Instant.now(deps.clock()).truncatedTo(ChronoUnit.SECONDS).toString());
            operation = op;
        }

        Map<String, String> parseMap(String json) {
            try {
                return Serialization.jsonMapper().readValue(json, new TypeReference<Map<String, String>>() { });
            } catch (Exception e) {
                LOG.warn("{}: ignoring unreadable {} annotation: {}", ref, APPLIED_LIVE, e.getMessage());
                return Map.of();
            }
        }

        Set<String> parseSet(String list) {
            return list.isBlank() ? Set.of() : Set.of(list.split(","));
        }
    }

    private static KafkaSnapshot emptySnapshot() {
        return new KafkaSnapshot(Set.of(), Set.of(), OptionalInt.empty(), Set.of(), Map.of(), null, Set.of());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String annotation(KafkaCluster cluster, String key) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    @Override
    public ErrorStatusUpdateControl<KafkaCluster> updateErrorStatus(KafkaCluster cluster, Context<KafkaCluster> context,
            Exception e) {
        return support.error(cluster, e);
    }
}
