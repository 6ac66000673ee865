package dev.krafter.topic;

import static dev.krafter.topic.TopicReasons.ADOPTED;
import static dev.krafter.topic.TopicReasons.DELETED;
import static dev.krafter.topic.TopicReasons.REPLICAS_STARTING;
import static dev.krafter.topic.TopicReasons.REPLICATION_FACTOR_CHANGING;
import static dev.krafter.topic.TopicReasons.RETAINED;
import static dev.krafter.topic.TopicReasons.TOPIC_NAME_CHANGED;
import static dev.krafter.topic.TopicReasons.UPDATED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicOrigin;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.failure.KafkaCalls;
import dev.krafter.failure.KafkaFailures;
import dev.krafter.failure.SpecProblem;
import dev.krafter.operator.ClusterRefEventSource;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.operator.Resources;
import dev.krafter.operator.SpecOrPauseFilter;
import dev.krafter.reassign.RebalanceProgress;
import dev.krafter.reassign.RebalanceRequest;
import dev.krafter.reassign.Rebalancer;
import dev.krafter.status.ClusterStall;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusWriter;
import dev.krafter.validation.SpecValidator;
import dev.krafter.validation.Validation;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Kafka topic as its Topic resource says: creates it, grows partitions, applies config, changes the replication
 * factor (through the {@link Rebalancer}, throttled as the cluster's spec.rebalance says) and deletes it with the resource. The decisions are made by the pure
 * {@link TopicPlanner}; Kafka is reached through the cluster's {@link TopicBatcher}, so concurrent reconciles of many
 * Topics share admin requests.
 *
 * <p>Rules a user can rely on:
 * <ul>
 *   <li>Kafka validates before anything changes: creation is atomic in Kafka (a rejected config creates nothing), and an
 *       update is first sent with validateOnly; Kafka's own message ends up in the Stalled condition.
 *   <li>Partitions only grow; a smaller spec.partitions is refused (NotSupported) and nothing is changed. The Kafka
 *       topic name cannot change after creation (compared with status.topicName).
 *   <li>Config: see {@link TopicPlanner}; spec keys are enforced and reverted on every resync
 *       (KRAFTER_TOPIC_RESYNC_PERIOD), keys removed from the spec return to the cluster default, other topic config is
 *       left alone.
 *   <li>Ownership: when several Topics name one Kafka topic, the oldest (creationTimestamp, then name) manages it; the
 *       others are Stalled with reason Conflict and never change or delete it. A topic that already exists in Kafka is
 *       adopted by the Topic that names it; the spec then wins and an Event lists what changed.
 *   <li>Paused ({@code krafter.dev/paused: "true"}): Kafka is not touched, not even on deletion; Ready=False,
 *       Reconciling=False, Stalled=False with reason Paused (kstatus: Current, so GitOps tools do not wait forever).
 *   <li>Kafka's internal topics (names starting with {@code __}, such as {@code __consumer_offsets}) are refused
 *       (InvalidSpec) and never touched, not even on deletion.
 *   <li>Deletion (finalizer): with deletionPolicy Delete the owning Topic deletes the topic it created (status.origin
 *       Created), by topic id, so a topic re-created outside under the same name is never hit, and waits until Kafka no
 *       longer knows it. An adopted topic is deleted only when the Topic carries
 *       {@code krafter.dev/delete-adopted-topic: <topic name>}. See {@link TopicDeletion} for when the finalizer is
 *       removed without touching Kafka. While the cluster exists but Kafka cannot be reached, deletion waits and
 *       retries.
 * </ul>
 */
// maxReconciliationInterval: the fallback after JOSDK's retries are exhausted (successful reconciles reschedule
// themselves after KRAFTER_TOPIC_RESYNC_PERIOD).
@ControllerConfiguration(
        name = "topic",
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrPauseFilter.class),
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class TopicReconciler implements Reconciler<Topic>, Cleaner<Topic> {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReconciler.class);
    private static final Duration WAIT_FOR_CLUSTER = Duration.ofSeconds(30);
    private static final Duration WAIT_FOR_KAFKA = Duration.ofSeconds(10);
    private static final Duration WAIT_FOR_REASSIGNMENT = Duration.ofSeconds(5);
    /** Brokers apply new partitions within moments of the controller committing them. */
    private static final Duration WAIT_FOR_REPLICAS = Duration.ofSeconds(1);

    private static final Duration WAIT_FOR_DELETION = Duration.ofMillis(250);

    private final OperatorDependencies deps;
    private final ReconcileSupport support;
    /** Sends each cluster's batches once they linger long enough. */
    private final ScheduledExecutorService batchTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "krafter-topic-batcher");
        t.setDaemon(true);
        return t;
    });

    public TopicReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
    }

    /**
     * The cluster's {@link TopicBatcher}, kept with its Admin client, so that reconciles of that cluster's topics share
     * requests; a replaced client gets a new one.
     */
    private TopicBatcher batcherFor(KafkaCluster cluster) {
        OperatorConfig config = deps.config();
        return deps.admins()
                .clientState(
                        cluster,
                        TopicBatcher.class,
                        admin -> new TopicBatcher(
                                admin,
                                config.topicBatchSize(),
                                config.topicBatchLinger(),
                                batchTimer,
                                config.adminTimeout()));
    }

    /** The Topic's KafkaCluster comes from an informer, and a cluster appearing or going away wakes its Topics. */
    @Override
    public List<EventSource<?, Topic>> prepareEventSources(EventSourceContext<Topic> context) {
        return List.of(ClusterRefEventSource.of(
                Topic.class,
                context,
                topic -> topic.getSpec() == null ? null : topic.getSpec().getClusterRef()));
    }

    @Override
    public UpdateControl<Topic> reconcile(Topic topic, Context<Topic> context) throws Exception {
        JsonNode before = StatusWriter.snapshot(topic.getStatus());
        return support.timed(topic, () -> StatusWriter.write(reconcile(topic, before, context), context));
    }

    private UpdateControl<Topic> reconcile(Topic topic, JsonNode before, Context<Topic> context) throws Exception {
        TopicStatus status = topic.getStatus();
        if (Resources.isPaused(topic)) {
            return support.paused(topic, before, "the Kafka topic is not touched, not even when the Topic is deleted");
        }
        Optional<KafkaCluster> cluster = context.getSecondaryResource(KafkaCluster.class);
        Validation validation = SpecValidator.validate(topic, cluster);
        if (!validation.isValid()) {
            return support.invalid(topic, before, validation);
        }
        String clusterName = topic.getSpec().getClusterRef().getName();
        Optional<Health> missing =
                ClusterStall.missing(clusterName, cluster, topic.getMetadata().getNamespace());
        if (missing.isPresent()) {
            return StatusWriter.conclude(topic, before, missing.get(), deps.clock())
                    .rescheduleAfter(WAIT_FOR_CLUSTER);
        }
        DesiredTopic desired = DesiredTopic.of(topic);
        if (status.getTopicName() != null && !status.getTopicName().equals(desired.name())) {
            return support.stalled(
                    topic,
                    before,
                    TOPIC_NAME_CHANGED,
                    "the Kafka topic name changed from "
                            + status.getTopicName() + " to " + desired.name() + ", but Kafka cannot rename topics: set"
                            + " spec.topicName back to " + status.getTopicName() + ", or create a new Topic for "
                            + desired.name());
        }
        Topic owner = TopicOwnership.owner(
                topic,
                TopicOwnership.sameKafkaTopic(
                        topic,
                        context.getPrimaryCache().list(topic.getMetadata().getNamespace())));
        if (!TopicOwnership.isSame(owner, topic)) {
            return support.stalled(
                            topic,
                            before,
                            Reasons.CONFLICT,
                            "Kafka topic " + desired.name() + " of cluster "
                                    + clusterName + " is managed by Topic " + Resources.ref(owner)
                                    + " (the older resource); this"
                                    + " Topic changes nothing: delete it, or name another topic")
                    .rescheduleAfter(WAIT_FOR_CLUSTER);
        }
        TopicBatcher kafka;
        try {
            kafka = batcherFor(cluster.get());
        } catch (KafkaException e) {
            // Admin.create refuses a bootstrap address that does not resolve yet (the cluster is still starting).
            kafka = null;
        }
        if (kafka == null || !kafka.reachable().get()) {
            return conclude(
                            topic,
                            before,
                            ClusterStall.unlessBlocked(
                                    cluster.get(),
                                    Health.progressing(
                                            Reasons.KAFKA_UNREACHABLE,
                                            "cannot reach Kafka of cluster " + clusterName + " at "
                                                    + deps.admins().bootstrapFor(cluster.get()))))
                    .rescheduleAfter(WAIT_FOR_KAFKA);
        }
        try {
            Health health = ClusterStall.unlessBlocked(cluster.get(), converge(topic, desired, kafka, cluster.get()));
            UpdateControl<Topic> update = conclude(topic, before, health);
            return health.isReady()
                    ? update.rescheduleAfter(deps.config().topicResyncPeriod())
                    : health.isStalled()
                            ? update
                            : update.rescheduleAfter(
                                    REPLICAS_STARTING.equals(health.reason())
                                            ? WAIT_FOR_REPLICAS
                                            : WAIT_FOR_REASSIGNMENT);
        } catch (ExecutionException | SpecProblem e) {
            RuntimeException problem = KafkaFailures.classify(
                    e, Reasons.KAFKA_REJECTED, "make topic " + desired.name() + " match the spec");
            if (problem instanceof SpecProblem spec) {
                // Kafka refuses what its missing brokers would have to take (a replication factor above the live
                // brokers): while the cluster is Stalled, that is the cause to report.
                return conclude(
                        topic,
                        before,
                        ClusterStall.of(cluster.get()).orElse(Health.stalled(spec.reason(), spec.getMessage())));
            }
            throw problem;
        }
    }

    /** The status for {@code health}; a stall is logged and recorded as an Event when its message is new. */
    private UpdateControl<Topic> conclude(Topic topic, JsonNode before, Health health) {
        return health.isStalled()
                ? support.stalled(topic, before, health.reason(), health.message())
                : StatusWriter.conclude(topic, before, health, deps.clock());
    }

    /** Reads the topic from Kafka, applies the plan and fills status; returns the resulting health. */
    private Health converge(Topic topic, DesiredTopic desired, TopicBatcher kafka, KafkaCluster cluster)
            throws Exception {
        TopicStatus status = topic.getStatus();
        if (status.getTopicId() == null) {
            // Never created nor adopted: most likely a new topic, so create it without reading first (one Kafka round
            // trip instead of two); Kafka refuses a name it already has, and the topic is then read and adopted.
            Optional<Health> created = createIfAbsent(topic, desired, kafka);
            if (created.isPresent()) {
                return created.get();
            }
        }
        Optional<ActualTopic> actual = read(kafka, desired.name());
        Set<String> managedKeys =
                status.getManagedConfigKeys() == null ? Set.of() : new HashSet<>(status.getManagedConfigKeys());
        TopicPlan plan = TopicPlanner.plan(desired, actual, managedKeys);
        if (plan instanceof TopicPlan.Refuse refuse) {
            actual.ifPresent(a -> observed(status, a));
            return Health.stalled(refuse.reason(), refuse.message());
        }
        if (plan instanceof TopicPlan.Create create) {
            // Kafka saying it has the topic after a read said it had not: the broker that answered the read has not
            // applied the topic's creation from the metadata log yet. A moment later it has.
            return createIfAbsent(topic, create.topic(), kafka).orElseGet(() -> replicasStarting(desired.name()));
        }
        TopicPlan.Update update = (TopicPlan.Update) plan;
        ActualTopic existing = actual.orElseThrow();
        boolean adopting = !existing.topicId().equals(status.getTopicId());
        if (!update.isEmpty()) {
            apply(update, desired.name(), kafka);
        }
        if (adopting || status.getOrigin() == null) {
            status.setOrigin(TopicOrigin.Adopted);
        }
        if (adopting) {
            String message = "adopted existing Kafka topic " + desired.name()
                    + (update.isEmpty()
                            ? "; it already matched the spec"
                            : "; changed to match the spec: " + update.describe());
            LOG.info("{}: {}", Resources.ref(topic), message);
            deps.events().normal(topic, ADOPTED, message);
        } else if (!update.isEmpty()) {
            String message = "changed Kafka topic " + desired.name() + " to match the spec: " + update.describe();
            LOG.info("{}: {}", Resources.ref(topic), message);
            deps.events().normal(topic, UPDATED, message);
        }
        observed(status, existing);
        status.setManagedConfigKeys(managedKeys(desired));
        if (update.partitionsTo() != null) {
            status.setPartitions(update.partitionsTo());
        }
        boolean partitionsJustCreated = update.partitionsTo() != null || replicasWereStarting(status);
        if (update.replicationFactorTo() == null) {
            status.setReassignment(null);
            return readyOnceReplicasExist(kafka, desired.name(), partitionsJustCreated);
        }
        int knownTotal =
                status.getReassignment() == null ? 0 : status.getReassignment().getTotal();
        Duration timeout = deps.config().adminTimeout();
        RebalanceProgress progress;
        try {
            progress = Rebalancer.step(
                    kafka.admin(),
                    timeout,
                    RebalanceRequest.replicationFactor(
                            Resources.ref(topic),
                            Rebalancer.registeredBrokers(kafka.admin(), timeout),
                            desired.name(),
                            update.replicationFactorTo(),
                            cluster.getSpec().getRebalance(),
                            knownTotal));
        } catch (SpecProblem e) {
            throw new SpecProblem(
                    e.reason(),
                    "cannot change the replication factor of topic " + desired.name()
                            + " from " + update.replicationFactorFrom() + " to " + update.replicationFactorTo() + ": "
                            + e.getMessage(),
                    e);
        }
        if (progress.done()) {
            status.setReassignment(null);
            status.setReplicationFactor(update.replicationFactorTo());
            return readyOnceReplicasExist(kafka, desired.name(), partitionsJustCreated);
        }
        status.setReassignment(progress.toReassignmentProgress());
        return Health.progressing(
                REPLICATION_FACTOR_CHANGING,
                "changing the replication factor of " + desired.name()
                        + " from " + update.replicationFactorFrom() + " to " + update.replicationFactorTo() + ": "
                        + progress.progress() + " replicas moved (" + progress.phase() + ")");
    }

    /** Creates the topic; empty when Kafka already has one of that name. */
    private Optional<Health> createIfAbsent(Topic topic, DesiredTopic desired, TopicBatcher kafka) throws Exception {
        try {
            return Optional.of(create(topic, desired, kafka));
        } catch (ExecutionException e) {
            if (KafkaFailures.unwrap(e) instanceof TopicExistsException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Health create(Topic topic, DesiredTopic desired, TopicBatcher kafka) throws Exception {
        NewTopic newTopic = new NewTopic(
                        desired.name(),
                        Optional.ofNullable(desired.partitions()),
                        Optional.ofNullable(desired.replicationFactor()).map(Integer::shortValue))
                .configs(desired.config());
        TopicBatcher.CreatedTopic created = kafka.create(newTopic).get();
        LOG.info(
                "{}: created Kafka topic {} ({} partitions, replication factor {})",
                Resources.ref(topic),
                desired.name(),
                created.partitions(),
                created.replicationFactor());
        TopicStatus status = topic.getStatus();
        status.setTopicName(desired.name());
        status.setTopicId(created.topicId().toString());
        status.setOrigin(TopicOrigin.Created);
        status.setPartitions(created.partitions());
        status.setReplicationFactor(created.replicationFactor());
        // Kafka places new partitions on live brokers with every replica in the ISR; the resync reads the real count.
        status.setUnderReplicatedPartitions(0);
        status.setManagedConfigKeys(managedKeys(desired));
        status.setReassignment(null);
        return replicasStarting(desired.name());
    }

    /**
     * Ready, unless partitions were just created and a broker holding one of their in-sync replicas has not created it yet
     * ({@link ReplicaStart}).
     */
    private Health readyOnceReplicasExist(TopicBatcher kafka, String topic, boolean partitionsJustCreated) {
        if (partitionsJustCreated) {
            KafkaCalls calls = new KafkaCalls(deps.config().adminTimeout());
            Optional<TopicDescription> description =
                    calls.await(kafka.describe(topic), Reasons.KAFKA_REJECTED, "describe topic " + topic);
            if (description.isPresent()) {
                List<TopicPartitionReplica> replicas = ReplicaStart.inSyncReplicas(description.get());
                List<String> missing = ReplicaStart.notYetCreatedIn(
                        replicas,
                        calls.await(
                                kafka.admin().describeReplicaLogDirs(replicas).all(),
                                Reasons.KAFKA_REJECTED,
                                "read which brokers created the replicas of topic " + topic));
                if (!missing.isEmpty()) {
                    LOG.info(
                            "topic {}: replicas not created yet: {}{}",
                            topic,
                            String.join(", ", missing.subList(0, Math.min(5, missing.size()))),
                            missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "");
                    return replicasStarting(topic);
                }
            }
        }
        return Health.ready(Reasons.READY, "topic " + topic + " matches the spec");
    }

    /**
     * One message from the creation until Ready, so that the status is written twice (created, Ready) however often the
     * replicas are looked at; which replicas are missing goes to the log.
     */
    private static Health replicasStarting(String topic) {
        return Health.progressing(
                REPLICAS_STARTING,
                "waiting until every broker holding an in-sync replica of topic " + topic
                        + " has created it (a producer writing before then can lose a batch to KAFKA-15591)");
    }

    /** The last reconcile left the Topic waiting for its new partitions' replicas. */
    private static boolean replicasWereStarting(TopicStatus status) {
        return Conditions.find(status.getConditions(), Conditions.RECONCILING)
                .map(c -> "True".equals(c.getStatus()) && REPLICAS_STARTING.equals(c.getReason()))
                .orElse(false);
    }

    /** Validates every change with Kafka first (validateOnly), then applies: nothing is half-done on bad input. */
    private static void apply(TopicPlan.Update update, String topic, TopicBatcher kafka) throws Exception {
        if (!update.configChanges().isEmpty()) {
            kafka.alterConfig(topic, update.alterConfigOps(), true).get();
        }
        if (update.partitionsTo() != null) {
            kafka.increasePartitions(topic, update.partitionsTo(), true).get();
            kafka.increasePartitions(topic, update.partitionsTo(), false).get();
        }
        if (!update.configChanges().isEmpty()) {
            kafka.alterConfig(topic, update.alterConfigOps(), false).get();
        }
    }

    private static Optional<ActualTopic> read(TopicBatcher kafka, String name) throws Exception {
        var description = kafka.describe(name).get();
        if (description.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                ActualTopic.of(description.get(), kafka.describeConfig(name).get()));
    }

    private static void observed(TopicStatus status, ActualTopic actual) {
        status.setTopicName(actual.name());
        status.setTopicId(actual.topicId());
        status.setPartitions(actual.partitions());
        status.setReplicationFactor(actual.replicationFactor());
        status.setUnderReplicatedPartitions(actual.underReplicatedPartitions());
    }

    private static List<String> managedKeys(DesiredTopic desired) {
        return desired.config().isEmpty()
                ? null
                : List.copyOf(new TreeSet<>(desired.config().keySet()));
    }

    @Override
    public DeleteControl cleanup(Topic topic, Context<Topic> context) throws Exception {
        String ref = Resources.ref(topic);
        TopicStatus status = topic.getStatus();
        String name = topic.kafkaTopicName();
        Optional<KafkaCluster> cluster = context.getSecondaryResource(KafkaCluster.class);
        boolean clusterGone = cluster.isEmpty() || cluster.get().isMarkedForDeletion();
        boolean anotherTopicNamesIt =
                TopicOwnership.sameKafkaTopic(
                                topic,
                                context.getPrimaryCache()
                                        .list(topic.getMetadata().getNamespace()))
                        .stream()
                        .anyMatch(t -> !TopicOwnership.isSame(t, topic) && !t.isMarkedForDeletion());
        Optional<String> keepReason = TopicDeletion.keepReason(topic, clusterGone, anotherTopicNamesIt);
        if (keepReason.isPresent()) {
            LOG.info("{}: leaving Kafka topic {} as it is: {}", ref, name, keepReason.get());
            if (status != null && status.getTopicId() != null && !clusterGone) {
                deps.events().normal(topic, RETAINED, "left Kafka topic " + name + " in place: " + keepReason.get());
            }
            return DeleteControl.defaultDelete();
        }
        TopicBatcher kafka = batcherFor(cluster.get());
        if (!kafka.reachable().get()) {
            LOG.warn("{}: cannot reach Kafka to delete topic {}; retrying", ref, name);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_KAFKA);
        }
        Uuid topicId = Uuid.fromString(status.getTopicId());
        // Deleted by id without reading first: a topic already gone (an earlier attempt, or deleted outside) is
        // unknown to Kafka, and a topic re-created outside under the same name has another id.
        try {
            kafka.delete(topicId).get();
            LOG.info("{}: deleted Kafka topic {}", ref, name);
            deps.events().normal(topic, DELETED, "deleted Kafka topic " + name);
        } catch (ExecutionException e) {
            if (!(KafkaFailures.unwrap(e) instanceof UnknownTopicIdException)) {
                throw e;
            }
        }
        // Kafka's controller has committed the deletion; the brokers learn it a moment later.
        if (isGone(kafka, name, topicId)) {
            return DeleteControl.defaultDelete();
        }
        LOG.info("{}: waiting for the brokers to drop the deleted topic {}", ref, name);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT_FOR_DELETION);
    }

    /** Kafka no longer knows the topic, or the name now belongs to another topic (re-created outside). */
    private static boolean isGone(TopicBatcher kafka, String name, Uuid topicId) throws Exception {
        return kafka.describe(name).get().map(d -> !d.topicId().equals(topicId)).orElse(true);
    }

    @Override
    public ErrorStatusUpdateControl<Topic> updateErrorStatus(Topic topic, Context<Topic> context, Exception e) {
        return support.error(topic, context, e);
    }
}
