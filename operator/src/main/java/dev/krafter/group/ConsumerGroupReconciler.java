package dev.krafter.group;

import static dev.krafter.group.GroupReasons.DATA_LOSS;
import static dev.krafter.group.GroupReasons.GROUP_DELETED;
import static dev.krafter.group.GroupReasons.GROUP_NOT_FOUND;
import static dev.krafter.group.GroupReasons.LAG_ERROR;
import static dev.krafter.group.GroupReasons.LAG_OK;
import static dev.krafter.group.GroupReasons.LAG_REWOUND;
import static dev.krafter.group.GroupReasons.LAG_STALLED;
import static dev.krafter.group.GroupReasons.LAG_STOPPED;
import static dev.krafter.group.GroupReasons.LAG_WARNING;
import static dev.krafter.group.GroupReasons.OBSERVING;
import static dev.krafter.group.GroupReasons.OFFSETS_RESET;
import static dev.krafter.group.GroupReasons.OFFSETS_VANISHED;
import static dev.krafter.group.GroupReasons.RESET_REFUSED;
import static dev.krafter.group.GroupReasons.RESET_UNCONFIRMED;
import static dev.krafter.group.GroupReasons.RETENTION_RISK;
import static dev.krafter.group.GroupReasons.SCALED;
import static dev.krafter.group.GroupReasons.SCALE_TARGET_NOT_FOUND;
import static dev.krafter.group.GroupReasons.SCALE_TARGET_REFUSED;
import static dev.krafter.group.GroupReasons.WAITING_FOR_EMPTY_GROUP;
import static dev.krafter.group.GroupReasons.WAITING_FOR_TOPIC;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.AppliedReset;
import dev.krafter.api.v1alpha1.Autoscale;
import dev.krafter.api.v1alpha1.AutoscaleStatus;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.LagPolicy;
import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.api.v1alpha1.TopicLag;
import dev.krafter.operator.ClusterRefEventSource;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.operator.Resources;
import dev.krafter.operator.SpecOrPauseFilter;
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
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a ConsumerGroup. The cluster's observation loop ({@link ObservationLoops}) observes the group and triggers
 * this reconcile after each cycle; the reconcile turns the latest {@link GroupView} into status, conditions, Events and
 * metrics, and performs what the spec requests: a one-shot offset reset and lag-driven scaling. On deletion with
 * deletionPolicy Delete, it deletes the group's committed offsets once the group is empty.
 *
 * <p>Besides the observation loop, a reconcile starts when the spec changes, when the group is paused or resumed
 * ({@link SpecOrPauseFilter}), and when its KafkaCluster appears, turns Ready or Stalled, or goes away
 * ({@link ClusterRefEventSource}, which is also where the cluster is read from).
 */
@ControllerConfiguration(
        name = "consumergroup",
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrPauseFilter.class))
public class ConsumerGroupReconciler implements Reconciler<ConsumerGroup>, Cleaner<ConsumerGroup> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupReconciler.class);

    private final OperatorDependencies deps;
    private final ReconcileSupport support;
    private final GroupObservationEventSource eventSource = new GroupObservationEventSource();
    private final ObservationLoops loops;
    private final GroupMetrics metrics;
    private final OffsetResetter resetter;
    private final OffsetResetLedger ledger;
    private final WorkloadScaler scaler;
    /** Reset ids applied by this process, so a reconcile that still sees the old status never applies one twice. */
    private final Map<ResourceID, String> appliedResets = new ConcurrentHashMap<>();
    /** The ledger key (group id and reset id) whose record this process found absent from the {@link OffsetResetLedger}, per resource. */
    private final Map<ResourceID, String> notInLedger = new ConcurrentHashMap<>();
    /** When this process last wrote each resource's status (see {@link LagFigures}); forgotten on restart. */
    private final Map<ResourceID, Instant> lastStatusWrite = new ConcurrentHashMap<>();
    /** Since when the lag has asked for fewer replicas (see {@link AutoscaleDecision}); forgotten on restart. */
    private final Map<ResourceID, Instant> lowLagSince = new ConcurrentHashMap<>();

    public ConsumerGroupReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
        this.loops = new ObservationLoops(
                deps.admins(),
                deps.config().adminTimeout(),
                deps.config().groupObservationPeriod(),
                deps.clock(),
                eventSource::observed);
        this.eventSource.attach(loops);
        this.metrics = new GroupMetrics(deps.meters(), deps.config().perPartitionLagMetrics());
        this.resetter = new OffsetResetter(deps.config().adminTimeout());
        this.ledger = new OffsetResetLedger(deps.config().adminTimeout());
        this.scaler = new WorkloadScaler(deps.client());
    }

    @Override
    public List<EventSource<?, ConsumerGroup>> prepareEventSources(EventSourceContext<ConsumerGroup> context) {
        return List.of(
                eventSource,
                ClusterRefEventSource.of(
                        ConsumerGroup.class,
                        context,
                        group ->
                                group.getSpec() == null ? null : group.getSpec().getClusterRef()));
    }

    @Override
    public UpdateControl<ConsumerGroup> reconcile(ConsumerGroup group, Context<ConsumerGroup> context)
            throws Exception {
        return support.timed(group, () -> reconcileNow(group, context));
    }

    /** The status for {@code health}; a stall is logged and recorded as an Event when its message is new. */
    private UpdateControl<ConsumerGroup> conclude(ConsumerGroup group, JsonNode before, Health health) {
        return health.isStalled()
                ? support.stalled(group, before, health.reason(), health.message())
                : StatusWriter.conclude(group, before, health, deps.clock());
    }

    private UpdateControl<ConsumerGroup> reconcileNow(ConsumerGroup group, Context<ConsumerGroup> context)
            throws Exception {
        ResourceID id = ResourceID.fromResource(group);
        JsonNode before = StatusWriter.snapshot(group.getStatus());
        UpdateControl<ConsumerGroup> control = observeAndAct(group, before, context);
        if (control.isPatchStatus()) {
            Instant now = deps.clock().instant();
            if (LagFigures.mayWait(
                    before,
                    StatusWriter.snapshot(group.getStatus()),
                    lastStatusWrite.get(id),
                    now,
                    deps.config().groupLagStatusInterval())) {
                // Only lag figures moved: the next observation after the interval writes them.
                UpdateControl<ConsumerGroup> waiting = UpdateControl.noUpdate();
                control.getScheduleDelay().ifPresent(waiting::rescheduleAfter);
                return waiting;
            }
            lastStatusWrite.put(id, now);
        }
        return StatusWriter.write(control, context);
    }

    private UpdateControl<ConsumerGroup> observeAndAct(
            ConsumerGroup group, JsonNode before, Context<ConsumerGroup> context) throws Exception {
        ResourceID id = ResourceID.fromResource(group);
        ConsumerGroupStatus status = group.getStatus();
        Validation validation = SpecValidator.validate(group);
        if (!validation.isValid()) {
            forget(id);
            return support.invalid(group, before, validation);
        }
        String groupId = group.kafkaGroupId();
        boolean sameGroup = groupId.equals(status.getGroupId());
        status.setGroupId(groupId);
        String clusterName = group.getSpec().getClusterRef().getName();
        Optional<KafkaCluster> found = context.getSecondaryResource(KafkaCluster.class);
        Optional<Health> missing =
                ClusterStall.missing(clusterName, found, group.getMetadata().getNamespace());
        if (missing.isPresent()) {
            forget(id);
            return StatusWriter.conclude(group, before, missing.get(), deps.clock());
        }
        KafkaCluster cluster = found.get();
        LagPolicy policy = group.getSpec().getLagPolicy() == null
                ? new LagPolicy()
                : group.getSpec().getLagPolicy();
        loops.register(id, cluster, groupId, policy.getWindowSize());
        Optional<GroupView> view = context.getSecondaryResource(GroupView.class);
        if (view.isEmpty()) {
            return conclude(
                    group,
                    before,
                    ClusterStall.unlessBlocked(
                            cluster,
                            Health.progressing(
                                    OBSERVING,
                                    "waiting for the first observation of group " + groupId + " on KafkaCluster "
                                            + clusterName)));
        }
        GroupSnapshot snapshot = view.get().snapshot();
        LagReport report = LagReport.of(view.get(), policy);
        VanishedOffsets vanished = VanishedOffsets.of(
                sameGroup && status.getTopics() != null
                        ? status.getTopics().stream().map(TopicLag::getTopic).toList()
                        : List.of(),
                sameGroup && status.getVanishedOffsets() != null ? status.getVanishedOffsets() : List.of(),
                snapshot);
        writeObservation(status, snapshot, report);
        metrics.update(id, clusterName, groupId, report.lagStatus(), snapshot.members(), report, snapshot.observedAt());
        if (snapshot.failed()) {
            return conclude(
                    group,
                    before,
                    ClusterStall.unlessBlocked(
                            cluster,
                            Health.progressing(
                                    Reasons.KAFKA_UNREACHABLE,
                                    "cannot observe group " + groupId + " on KafkaCluster " + clusterName + ": "
                                            + snapshot.error())));
        }
        reportRetention(group, before, report);
        Health health = reportVanished(group, vanished)
                .orElse(Health.ready(
                        lagReason(report.lagStatus()), "lagStatus " + report.lagStatus() + ": " + report.reason()));
        if (Resources.isPaused(group)) {
            return support.paused(
                    group,
                    before,
                    "lag is still observed (" + health.message() + "), but offset resets,"
                            + " scaling and the deletion of the Kafka group wait");
        }
        Admin admin = deps.admins().adminFor(cluster);
        Optional<Health> resetHealth = applyRequestedReset(group, id, snapshot, cluster, admin);
        if (resetHealth.isPresent() && resetHealth.get().isStalled()) {
            return support.stalled(
                    group, before, resetHealth.get().reason(), resetHealth.get().message());
        }
        Optional<String> refused = autoscale(group, id, report);
        if (refused.isPresent()) {
            return support.stalled(group, before, SCALE_TARGET_REFUSED, refused.get());
        }
        return StatusWriter.conclude(group, before, resetHealth.orElse(health), deps.clock());
    }

    private static void writeObservation(ConsumerGroupStatus status, GroupSnapshot snapshot, LagReport report) {
        status.setLagStatus(report.lagStatus());
        if (snapshot.failed()) {
            return;
        }
        status.setState(snapshot.state());
        status.setMembers(snapshot.members());
        status.setTotalLag(report.totalLag());
        status.setMaxLagSeconds(report.maxLagSeconds() == null ? null : round(report.maxLagSeconds()));
        status.setTopics(report.topics().stream()
                .peek(t -> t.setMaxLagSeconds(t.getMaxLagSeconds() == null ? null : round(t.getMaxLagSeconds())))
                .toList());
        status.setWorstPartitions(report.worstPartitions().stream()
                .peek(p -> p.setLagSeconds(p.getLagSeconds() == null ? null : round(p.getLagSeconds())))
                .toList());
        status.setMessagesLost(report.messagesLost());
        status.setPartitionsAtRisk(report.partitionsAtRisk().size());
    }

    /**
     * DataLoss and RetentionRisk conditions, with a Warning Event while one holds (one Event per cause, whose count
     * grows, see {@link dev.krafter.events.EventRecorder}); logged when one appears or gets worse.
     */
    private void reportRetention(ConsumerGroup group, JsonNode before, LagReport report) {
        ConsumerGroupStatus status = group.getStatus();
        long generation = group.getMetadata().getGeneration() == null
                ? 0
                : group.getMetadata().getGeneration();
        boolean hadLoss = Conditions.isTrue(status.getConditions(), DATA_LOSS);
        long lostBefore = before.path("messagesLost").asLong(0);
        boolean loss = report.messagesLost() > 0;
        String lossMessage = report.messagesLost() + " messages were deleted by retention before the group read them: "
                + String.join(", ", limit(report.lostPartitions()));
        status.setConditions(Conditions.withExtra(
                status.getConditions(), DATA_LOSS, loss, true, DATA_LOSS, lossMessage, generation, deps.clock()));
        if (loss && (!hadLoss || report.messagesLost() > lostBefore)) {
            LOG.warn("{}: {}", Resources.ref(group), lossMessage);
        }
        if (loss) {
            deps.events().warning(group, DATA_LOSS, lossMessage);
        }
        boolean hadRisk = Conditions.isTrue(status.getConditions(), RETENTION_RISK);
        int atRiskBefore = before.path("partitionsAtRisk").asInt(0);
        boolean risk = !report.partitionsAtRisk().isEmpty();
        int percent = group.getSpec().getLagPolicy() == null
                ? 80
                : group.getSpec().getLagPolicy().getRetentionRiskPercent();
        String riskMessage = report.partitionsAtRisk().size() + " partitions have lag above " + percent
                + "% of their retained log and may lose messages to retention: "
                + String.join(", ", limit(report.partitionsAtRisk()));
        status.setConditions(Conditions.withExtra(
                status.getConditions(),
                RETENTION_RISK,
                risk,
                true,
                RETENTION_RISK,
                riskMessage,
                generation,
                deps.clock()));
        if (risk && (!hadRisk || report.partitionsAtRisk().size() > atRiskBefore)) {
            LOG.warn("{}: {}", Resources.ref(group), riskMessage);
        }
        if (risk) {
            deps.events().warning(group, RETENTION_RISK, riskMessage);
        }
    }

    /**
     * The OffsetsVanished condition and status.vanishedOffsets while Kafka lacks offsets the group had, with a Warning
     * Event naming the topics while they are missing (one Event whose count grows) and a log line naming each topic
     * the first time it goes missing; the health to report then (not ready).
     */
    private Optional<Health> reportVanished(ConsumerGroup group, VanishedOffsets vanished) {
        ConsumerGroupStatus status = group.getStatus();
        long generation = group.getMetadata().getGeneration() == null
                ? 0
                : group.getMetadata().getGeneration();
        String message = vanished.any() ? vanished.message(vanished.topics()) : "";
        status.setVanishedOffsets(vanished.any() ? vanished.topics() : null);
        status.setConditions(Conditions.withExtra(
                status.getConditions(),
                OFFSETS_VANISHED,
                vanished.any(),
                true,
                OFFSETS_VANISHED,
                message,
                generation,
                deps.clock()));
        if (!vanished.appeared().isEmpty()) {
            LOG.warn("{}: {}", Resources.ref(group), vanished.message(vanished.appeared()));
        }
        if (vanished.any()) {
            deps.events().warning(group, OFFSETS_VANISHED, message);
        }
        return vanished.any() ? Optional.of(Health.degraded(OFFSETS_VANISHED, message)) : Optional.empty();
    }

    /**
     * Empty when nothing is requested or it is already applied; otherwise the health to report. A reset is applied at
     * most once per group and id: before anything changes, the {@link OffsetResetLedger} in the cluster is asked
     * whether it was applied already (by an earlier incarnation of this resource, or before a restart or a lost status
     * write); the planned absolute offsets are recorded there before they are applied, and marked applied after.
     */
    private Optional<Health> applyRequestedReset(
            ConsumerGroup group, ResourceID id, GroupSnapshot snapshot, KafkaCluster cluster, Admin admin)
            throws Exception {
        OffsetReset reset = group.getSpec().getOffsetReset();
        ConsumerGroupStatus status = group.getStatus();
        if (reset == null) {
            return Optional.empty();
        }
        AppliedReset last = status.getLastAppliedReset();
        if (last != null && reset.getId().equals(last.getId())) {
            return Optional.empty();
        }
        String groupId = group.kafkaGroupId();
        if (reset.getId().equals(appliedResets.get(id))) {
            return Optional.empty();
        }
        String bootstrap = deps.admins().bootstrapFor(cluster);
        Map<String, Object> security = deps.admins().securityFor(cluster);
        // Read once per reset id while this process runs: the operator (one leader) is the only writer.
        String ledgerKey = OffsetResetLedger.key(groupId, reset.getId());
        Optional<ResetRecord> recorded = ledgerKey.equals(notInLedger.get(id))
                ? Optional.empty()
                : ledger.find(admin, bootstrap, security, groupId, reset.getId());
        if (recorded.isEmpty()) {
            notInLedger.put(id, ledgerKey);
        }
        if (recorded.isPresent() && recorded.get().state() == ResetRecord.State.APPLIED) {
            LOG.info(
                    "{}: offset reset {} of group {} was applied at {} ({}; recorded in Kafka topic {}): not applying"
                            + " it again",
                    Resources.ref(group),
                    reset.getId(),
                    groupId,
                    recorded.get().time(),
                    recorded.get().summary(),
                    OffsetResetLedger.TOPIC);
            return markApplied(group, id, reset, recorded.get());
        }
        String waiting = "offset reset " + reset.getId() + " waits for the group to have no active members (%d now):"
                + " stop its consumers (for example scale them to 0) and it is applied";
        if (snapshot.members() > 0) {
            return Optional.of(Health.progressing(WAITING_FOR_EMPTY_GROUP, String.format(waiting, snapshot.members())));
        }
        ResetRecord record;
        try {
            if (recorded.isPresent()) {
                // Recorded but not confirmed: the alter timed out or the operator stopped in between.
                Optional<Health> unresolved =
                        resolvePending(group, id, reset, recorded.get(), admin, bootstrap, security);
                if (unresolved.isPresent() || reset.getId().equals(appliedResets.get(id))) {
                    return unresolved;
                }
                record = recorded.get();
            } else {
                OffsetResetter.Outcome outcome = resetter.plan(admin, groupId, reset);
                if (outcome instanceof OffsetResetter.GroupNotEmpty notEmpty) {
                    return Optional.of(
                            Health.progressing(WAITING_FOR_EMPTY_GROUP, String.format(waiting, notEmpty.members())));
                }
                if (outcome instanceof OffsetResetter.TopicMissing missing) {
                    return Optional.of(Health.progressing(
                            WAITING_FOR_TOPIC, "offset reset " + reset.getId() + " waits: " + missing.message()));
                }
                if (outcome instanceof OffsetResetter.Refused refused) {
                    return Optional.of(Health.stalled(
                            RESET_REFUSED,
                            "offset reset " + reset.getId() + " cannot be applied: " + refused.message()));
                }
                OffsetResetter.Planned planned = (OffsetResetter.Planned) outcome;
                record = ResetRecord.pending(
                        deps.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                        planned.summary(),
                        planned.moves());
                notInLedger.remove(id);
                ledger.write(admin, bootstrap, security, groupId, reset.getId(), record);
            }
            resetter.alter(admin, groupId, record.targets());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownMemberIdException
                    || e.getCause() instanceof GroupNotEmptyException) {
                return Optional.of(Health.progressing(WAITING_FOR_EMPTY_GROUP, String.format(waiting, 1)));
            }
            throw e;
        }
        ledger.write(admin, bootstrap, security, groupId, reset.getId(), record.applied());
        String moves = record.moves().stream()
                .map(m -> m.topic() + "-" + m.partition() + ": " + (m.from() == null ? "none" : m.from()) + " -> "
                        + m.to())
                .collect(Collectors.joining(", "));
        String message =
                "offset reset " + reset.getId() + " (" + reset.getTo().name().toLowerCase() + ") applied: "
                        + record.summary() + (moves.isEmpty() ? "" : "; " + moves);
        LOG.info("{}: {}", Resources.ref(group), message);
        deps.events().normal(group, OFFSETS_RESET, message);
        loops.observeSoon(id);
        return markApplied(group, id, reset, record);
    }

    /**
     * A PENDING record: empty when Kafka turns out to have applied it (then it is marked applied) or not to have
     * (the caller applies the recorded targets); the Stalled health when the offsets tell neither.
     */
    private Optional<Health> resolvePending(
            ConsumerGroup group,
            ResourceID id,
            OffsetReset reset,
            ResetRecord pending,
            Admin admin,
            String bootstrap,
            Map<String, Object> security)
            throws Exception {
        String groupId = group.kafkaGroupId();
        ResetRecord.Resolution resolution = pending.resolve(resetter.committed(admin, groupId));
        if (resolution == ResetRecord.Resolution.APPLIED) {
            ledger.write(admin, bootstrap, security, groupId, reset.getId(), pending.applied());
            LOG.info(
                    "{}: offset reset {} of group {} turned out to be applied already ({})",
                    Resources.ref(group),
                    reset.getId(),
                    groupId,
                    pending.summary());
            markApplied(group, id, reset, pending);
            return Optional.empty();
        }
        if (resolution == ResetRecord.Resolution.UNKNOWN) {
            return Optional.of(Health.stalled(
                    RESET_UNCONFIRMED,
                    "offset reset " + reset.getId() + " was started at "
                            + pending.time()
                            + " but not confirmed, and the group's offsets have moved since, so whether it was"
                            + " applied cannot be told; it is not applied again. Check the offsets (kafka-consumer-groups.sh"
                            + " --describe --group " + groupId + ") and set a new spec.offsetReset.id to reset again"));
        }
        return Optional.empty();
    }

    private Optional<Health> markApplied(ConsumerGroup group, ResourceID id, OffsetReset reset, ResetRecord record) {
        appliedResets.put(id, reset.getId());
        group.getStatus().setLastAppliedReset(new AppliedReset(reset.getId(), record.time(), record.summary()));
        return Optional.empty();
    }

    /** Scales the target as the lag asks; the refusal (Stalled) when the target is not one a group may scale. */
    private Optional<String> autoscale(ConsumerGroup group, ResourceID id, LagReport report) {
        Autoscale spec = group.getSpec().getAutoscale();
        ConsumerGroupStatus status = group.getStatus();
        if (spec == null) {
            status.setAutoscale(null);
            lowLagSince.remove(id);
            return Optional.empty();
        }
        String namespace = group.getMetadata().getNamespace();
        AutoscaleStatus previous = status.getAutoscale() == null ? new AutoscaleStatus() : status.getAutoscale();
        AutoscaleStatus next = new AutoscaleStatus();
        next.setLastScaleTime(previous.getLastScaleTime());
        Optional<String> badName = ScaleTargetPolicy.nameProblem(spec.getTargetRef());
        if (badName.isPresent()) {
            return refuse(status, next, id, badName.get());
        }
        Optional<WorkloadScaler.Workload> workload = scaler.read(namespace, spec.getTargetRef());
        String target =
                spec.getTargetRef().getKind() + " " + spec.getTargetRef().getName();
        if (workload.isEmpty()) {
            next.setReason(target + " does not exist in namespace " + namespace);
            if (!next.getReason().equals(previous.getReason())) {
                deps.events().warning(group, SCALE_TARGET_NOT_FOUND, next.getReason());
            }
            status.setAutoscale(next);
            return Optional.empty();
        }
        Optional<String> refusal =
                ScaleTargetPolicy.refusal(spec.getTargetRef(), workload.get().metadata());
        if (refusal.isPresent()) {
            return refuse(status, next, id, refusal.get());
        }
        int replicas = workload.get().replicas();
        next.setCurrentReplicas(replicas);
        if (report.lagStatus() == LagStatus.NOT_FOUND || report.lagStatus() == LagStatus.ERROR) {
            next.setDesiredReplicas(replicas);
            next.setReason("holding " + replicas + " replicas: lag is " + report.lagStatus());
            status.setAutoscale(next);
            return Optional.empty();
        }
        Instant now = deps.clock().instant();
        AutoscaleDecision decision = AutoscaleDecision.decide(new AutoscaleDecision.Input(
                replicas,
                report.totalLag(),
                report.lagStatus(),
                report.partitionCount(),
                spec.getMinReplicas(),
                spec.getMaxReplicas(),
                spec.getLagPerReplica(),
                Duration.ofSeconds(spec.getCooldownSeconds()),
                parse(previous.getLastScaleTime()),
                lowLagSince.get(id),
                now));
        if (decision.lowLagSince() == null) {
            lowLagSince.remove(id);
        } else {
            lowLagSince.put(id, decision.lowLagSince());
        }
        next.setDesiredReplicas(decision.desiredReplicas());
        next.setReason(decision.reason());
        if (decision.scale()) {
            scaler.scale(namespace, spec.getTargetRef(), decision.desiredReplicas());
            next.setCurrentReplicas(decision.desiredReplicas());
            next.setLastScaleTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
            String message = "scaled " + target + " from " + replicas + " to " + decision.desiredReplicas() + ": "
                    + decision.reason();
            LOG.info("{}: {}", Resources.ref(group), message);
            deps.events().normal(group, SCALED, message);
        }
        status.setAutoscale(next);
        return Optional.empty();
    }

    private Optional<String> refuse(ConsumerGroupStatus status, AutoscaleStatus next, ResourceID id, String refusal) {
        next.setReason("not scaling: " + refusal);
        status.setAutoscale(next);
        lowLagSince.remove(id);
        return Optional.of(refusal);
    }

    @Override
    public DeleteControl cleanup(ConsumerGroup group, Context<ConsumerGroup> context) throws Exception {
        ResourceID id = ResourceID.fromResource(group);
        forget(id);
        appliedResets.remove(id);
        notInLedger.remove(id);
        if (group.getSpec() == null
                || group.getSpec().unreadable().isPresent()
                || group.getSpec().getDeletionPolicy() != DeletionPolicy.Delete
                || group.getSpec().getClusterRef() == null) {
            return DeleteControl.defaultDelete();
        }
        if (Resources.isPaused(group)) {
            String message = "left consumer group " + group.kafkaGroupId() + " in place: the ConsumerGroup is paused ("
                    + ApiGroup.PAUSED_ANNOTATION + ")";
            LOG.info("{}: {}", Resources.ref(group), message);
            deps.events().normal(group, GroupReasons.RETAINED, message);
            return DeleteControl.defaultDelete();
        }
        KafkaCluster cluster = context.getSecondaryResource(KafkaCluster.class).orElse(null);
        if (cluster == null) {
            LOG.info(
                    "{}: KafkaCluster {} is gone; nothing to delete in Kafka",
                    Resources.ref(group),
                    group.getSpec().getClusterRef().getName());
            return DeleteControl.defaultDelete();
        }
        String groupId = group.kafkaGroupId();
        long retryMillis = deps.config().groupObservationPeriod().toMillis();
        try {
            Admin admin = deps.admins().adminFor(cluster);
            int members = resetter.activeMembers(admin, groupId);
            if (members == 0) {
                admin.deleteConsumerGroups(List.of(groupId))
                        .all()
                        .get(deps.config().adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("{}: deleted consumer group {} (deletionPolicy Delete)", Resources.ref(group), groupId);
                deps.events().normal(group, GROUP_DELETED, "deleted the committed offsets of group " + groupId);
                return DeleteControl.defaultDelete();
            }
            waitForDeletion(
                    group,
                    context,
                    WAITING_FOR_EMPTY_GROUP,
                    "deletionPolicy Delete: the offsets of group " + groupId + " are deleted once its " + members
                            + " active members leave");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return DeleteControl.defaultDelete();
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                waitForDeletion(
                        group,
                        context,
                        WAITING_FOR_EMPTY_GROUP,
                        "deletionPolicy Delete: the offsets of group " + groupId
                                + " are deleted once its active members leave");
            } else {
                waitForDeletion(
                        group,
                        context,
                        Reasons.KAFKA_UNREACHABLE,
                        "deletionPolicy Delete: cannot delete group " + groupId + " yet: "
                                + ReconcileSupport.describe(e));
            }
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(retryMillis);
    }

    private void waitForDeletion(ConsumerGroup group, Context<ConsumerGroup> context, String reason, String message) {
        JsonNode before = StatusWriter.snapshot(group.getStatus());
        try {
            StatusWriter.write(
                    StatusWriter.conclude(group, before, Health.progressing(reason, message), deps.clock()), context);
        } catch (RuntimeException e) {
            LOG.debug("{}: could not write the deletion status: {}", Resources.ref(group), e.toString());
        }
    }

    @Override
    public ErrorStatusUpdateControl<ConsumerGroup> updateErrorStatus(
            ConsumerGroup group, Context<ConsumerGroup> context, Exception e) {
        return support.error(group, context, e);
    }

    private void forget(ResourceID id) {
        loops.unregister(id);
        metrics.remove(id);
        lowLagSince.remove(id);
        lastStatusWrite.remove(id);
    }

    static String lagReason(LagStatus status) {
        return switch (status) {
            case OK -> LAG_OK;
            case WARNING -> LAG_WARNING;
            case STALLED -> LAG_STALLED;
            case STOPPED -> LAG_STOPPED;
            case REWOUND -> LAG_REWOUND;
            case ERROR -> LAG_ERROR;
            case NOT_FOUND -> GROUP_NOT_FOUND;
        };
    }

    private static List<String> limit(List<String> items) {
        return items.size() <= 5
                ? items
                : List.of(String.join(", ", items.subList(0, 5)), "and " + (items.size() - 5) + " more");
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
