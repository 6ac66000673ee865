package dev.krafter.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.failure.SpecProblem;
import dev.krafter.failure.TransientProblem;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusWriter;
import dev.krafter.validation.Validation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The handling every reconciler shares: invalid specs and unexpected errors become conditions and Events. */
public final class ReconcileSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSupport.class);

    private final OperatorDependencies deps;
    private final ReconcileMetrics metrics;

    public ReconcileSupport(OperatorDependencies deps) {
        this.deps = deps;
        this.metrics = new ReconcileMetrics(deps.meters());
    }

    /** Runs one reconcile of {@code resource}, timed in krafter_reconcile_duration_seconds{kind}. */
    public <T> T timed(HasMetadata resource, Callable<T> reconcile) throws Exception {
        return metrics.timed(ReconcileMetrics.kind(resource), reconcile);
    }

    /**
     * Paused by {@code krafter.dev/paused: "true"}, the same on every kind: Ready=False reason Paused with a message
     * saying what is left alone ({@code leftAlone}) and how to resume, Reconciling=False, Stalled=False, and
     * observedGeneration the generation seen (the operator has read the spec and deliberately does nothing, which kstatus
     * reads as Current). Nothing but this status is written.
     */
    public <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> paused(
            P resource, JsonNode before, String leftAlone) {
        return StatusWriter.conclude(
                resource, before, Health.paused(Reasons.PAUSED, pausedMessage(resource, leftAlone)), deps.clock());
    }

    static String pausedMessage(HasMetadata resource, String leftAlone) {
        return "paused by the annotation " + ApiGroup.PAUSED_ANNOTATION + "=\"true\": " + leftAlone
                + "; to resume, remove it: kubectl annotate "
                + HasMetadata.getKind(resource.getClass()).toLowerCase()
                + " " + resource.getMetadata().getName() + " -n "
                + resource.getMetadata().getNamespace() + " "
                + ApiGroup.PAUSED_ANNOTATION + "-";
    }

    /** Stalled with the validation message; an Event the first time this message appears. */
    public <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> invalid(
            P resource, JsonNode before, Validation validation) {
        return stalled(resource, before, Reasons.INVALID_SPEC, validation.message());
    }

    /**
     * Stalled: no progress without a spec change. Logged when the message is new; a Warning Event on every call, which
     * the {@link dev.krafter.events.EventRecorder} turns into one Event whose count grows.
     */
    public <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> stalled(
            P resource, JsonNode before, String reason, String message) {
        String previous = Conditions.find(resource.getStatus().getConditions(), Conditions.STALLED)
                .filter(c -> "True".equals(c.getStatus()))
                .map(Condition::getMessage)
                .orElse(null);
        if (!message.equals(previous)) {
            LOG.warn("{}: {}: {}", Resources.ref(resource), reason, message);
        }
        deps.events().warning(resource, reason, message);
        return StatusWriter.conclude(resource, before, Health.stalled(reason, message), deps.clock());
    }

    /**
     * A reconcile that threw. A {@link SpecProblem} is Stalled with its reason and a Warning Event, not retried (the
     * spec must change, and a change starts a reconcile). A {@link TransientProblem} is Reconciling=True with its
     * reason and message; anything else is Reconciling=True reason KafkaError with the innermost message. Both are
     * written at once ({@link StatusWriter}) and retried by JOSDK with backoff. A failed status write is logged; the
     * retry goes on.
     */
    public <S extends KrafterStatus, P extends CustomResource<?, S>> ErrorStatusUpdateControl<P> error(
            P resource, Context<P> context, Exception e) {
        if (deletedMeanwhile(resource, e)) {
            // Deleted by its user while the reconcile ran: nothing to report to, nothing to retry.
            LOG.info("{}: deleted while it was being reconciled", Resources.ref(resource));
            return ErrorStatusUpdateControl.<P>noStatusUpdate().withNoRetry();
        }
        metrics.error(ReconcileMetrics.kind(resource), e);
        JsonNode before = StatusWriter.snapshot(resource.getStatus());
        Health health = health(e);
        UpdateControl<P> update;
        if (health.isStalled()) {
            update = stalled(resource, before, health.reason(), health.message());
        } else {
            if (find(e, TransientProblem.class).isPresent()) {
                LOG.warn("{}: {}; retrying", Resources.ref(resource), health.message());
            } else {
                LOG.error("{}: reconcile failed: {}", Resources.ref(resource), e.toString(), e);
            }
            update = StatusWriter.conclude(resource, before, health, deps.clock());
        }
        try {
            StatusWriter.write(update, context);
        } catch (KubernetesClientException writeFailure) {
            LOG.warn("{}: could not write the error to status: {}", Resources.ref(resource), writeFailure.getMessage());
        }
        ErrorStatusUpdateControl<P> control = ErrorStatusUpdateControl.defaultErrorProcessing();
        return health.isStalled() ? control.withNoRetry() : control;
    }

    /** What a failed reconcile means for the resource's conditions (see {@link #error}). */
    static Health health(Throwable e) {
        Optional<SpecProblem> spec = find(e, SpecProblem.class);
        if (spec.isPresent()) {
            return Health.stalled(spec.get().reason(), spec.get().getMessage());
        }
        return find(e, TransientProblem.class)
                .map(t -> Health.progressing(t.reason(), t.getMessage()))
                .orElseGet(() -> Health.progressing(Reasons.KAFKA_ERROR, describe(e)));
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    /** The failure is the API server answering 404 for the very resource being reconciled. */
    static boolean deletedMeanwhile(HasMetadata resource, Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException k
                    && k.getCode() == 404
                    && k.getStatus() != null
                    && k.getStatus().getDetails() != null
                    && resource.getMetadata()
                            .getName()
                            .equals(k.getStatus().getDetails().getName())
                    && HasMetadata.getPlural(resource.getClass())
                            .equals(k.getStatus().getDetails().getKind())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of an exception chain, which is where Kafka puts the useful text. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
