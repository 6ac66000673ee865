package dev.krafter.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KrafterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of status, for every kind: reconcile, error handling and cleanup all go through
 * {@link #write(CustomResource, Context)}.
 *
 * <ul>
 *   <li>{@code status.summary} is derived here from the conditions ({@link StatusSummary}), on every status computed
 *       and every status sent, so it never disagrees with them.
 *   <li>Only a changed status is written ({@link #conclude} and {@link #ifChanged} compare with a
 *       {@link #snapshot} taken before the reconcile), so a steady resource causes no API writes.
 *   <li>The write is a server-side apply of the status subresource with the controller's field manager (what JOSDK does
 *       by default for {@code UpdateControl.patchStatus}): the operator owns every status field it sends, so a field it
 *       no longer sends is removed, and nothing outside status is touched.
 *   <li>Optimistic concurrency: the apply carries the resourceVersion the status was computed from. If the resource
 *       changed since (409 Conflict: a spec edit, a finalizer, a status this reconcile did not see yet), the writer
 *       reads the resource again and applies the same status on top of it, keeping each condition's
 *       lastTransitionTime from the stored condition when its status did not flip.
 *   <li>The written resource goes to JOSDK's cache, so the next reconcile starts from it rather than from an informer
 *       event that may not have arrived yet.
 * </ul>
 *
 * Reconcilers return {@link #write(UpdateControl, Context)}'s result to JOSDK: the status is already written, JOSDK
 * only keeps the reschedule.
 */
public final class StatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
    static final int MAX_ATTEMPTS = 10;

    private StatusWriter() {}

    /** A snapshot of a status to compare with after the reconcile changed it. */
    public static JsonNode snapshot(Object status) {
        return Serialization.jsonMapper().valueToTree(status);
    }

    /** Stamps observedGeneration and the conditions for {@code health}; a status patch if anything changed. */
    public static <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> conclude(
            P resource, JsonNode before, Health health, Clock clock) {
        S status = resource.getStatus();
        long generation = resource.getMetadata().getGeneration() == null
                ? 0
                : resource.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.apply(status.getConditions(), health, generation, clock));
        return ifChanged(resource, before);
    }

    /** A status patch of {@code resource} if its status differs from {@code before}, else no update. */
    public static <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> ifChanged(
            P resource, JsonNode before) {
        S status = resource.getStatus();
        status.setSummary(StatusSummary.of(status));
        JsonNode after = snapshot(resource.getStatus());
        return Objects.equals(before, after) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(resource);
    }

    /**
     * Writes the status {@code control} carries, if it carries one, and returns what JOSDK should do next: no update,
     * with the control's reschedule.
     */
    public static <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> write(
            UpdateControl<P> control, Context<P> context) {
        return write(control, resource -> write(resource, context));
    }

    /** {@link #write(UpdateControl, Context)} with the status write {@code writeStatus}. */
    static <P extends CustomResource<?, ?>> UpdateControl<P> write(
            UpdateControl<P> control, UnaryOperator<P> writeStatus) {
        if (control.isPatchResource()) {
            throw new IllegalArgumentException("the operator writes nothing but the status of its resources");
        }
        if (!control.isPatchStatus()) {
            return control;
        }
        writeStatus.apply(control.getResource().orElseThrow());
        UpdateControl<P> written = UpdateControl.noUpdate();
        control.getScheduleDelay().ifPresent(written::rescheduleAfter);
        return written;
    }

    /** Writes the status of {@code resource} now (see the class comment) and caches the result for JOSDK. */
    public static <S extends KrafterStatus, P extends CustomResource<?, S>> P write(P resource, Context<P> context) {
        return write(
                context.getClient(),
                context.getControllerConfiguration().fieldManager(),
                resource,
                (written, base) -> context.eventSourceRetriever()
                        .getControllerEventSource()
                        .handleRecentResourceUpdate(ResourceID.fromResource(written), written, base));
    }

    /** What the writer does after a successful write: the resource as written, and the one it was applied onto. */
    public interface Written<P> {
        void accept(P written, P base);
    }

    /**
     * Applies the status of {@code resource} to its status subresource as {@code fieldManager}, with
     * {@code resource}'s resourceVersion as precondition; on a conflict, reads the resource and applies again (up to
     * {@value #MAX_ATTEMPTS} attempts).
     */
    public static <S extends KrafterStatus, P extends CustomResource<?, S>> P write(
            KubernetesClient client, String fieldManager, P resource, Written<P> written) {
        S computed = copy(resource.getStatus());
        P base = resource;
        for (int attempt = 1; ; attempt++) {
            P body = statusOnly(base, computed);
            try {
                P result = client.resource(body)
                        .subresource("status")
                        .patch(new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager(fieldManager)
                                .withForce(true)
                                .build());
                written.accept(result, base);
                return result;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debug(
                        "{}/{}: status write conflicted with resourceVersion {}; reading it again",
                        resource.getMetadata().getNamespace(),
                        resource.getMetadata().getName(),
                        base.getMetadata().getResourceVersion());
                base = reread(client, resource);
                if (base == null) {
                    throw e;
                }
            }
        }
    }

    /**
     * A resource holding only what the apply sends: name, namespace, the resourceVersion it was computed from, and
     * {@code status}, with lastTransitionTime taken from {@code base}'s condition of the same type and status.
     */
    static <S extends KrafterStatus, P extends CustomResource<?, S>> P statusOnly(P base, S status) {
        P body = newInstance(base);
        body.setMetadata(new ObjectMetaBuilder()
                .withName(base.getMetadata().getName())
                .withNamespace(base.getMetadata().getNamespace())
                .withResourceVersion(base.getMetadata().getResourceVersion())
                .build());
        S sent = copy(status);
        sent.setConditions(keepTransitionTimes(
                base.getStatus() == null ? null : base.getStatus().getConditions(), sent.getConditions()));
        sent.setSummary(StatusSummary.of(sent));
        body.setStatus(sent);
        return body;
    }

    /** {@code computed}, where a condition of the same type and status as in {@code stored} keeps its time. */
    static List<Condition> keepTransitionTimes(List<Condition> stored, List<Condition> computed) {
        List<Condition> result = new ArrayList<>();
        for (Condition condition : computed) {
            Condition copy = Serialization.clone(condition);
            Conditions.find(stored, condition.getType())
                    .filter(old -> Objects.equals(old.getStatus(), condition.getStatus())
                            && old.getLastTransitionTime() != null)
                    .ifPresent(old -> copy.setLastTransitionTime(old.getLastTransitionTime()));
            result.add(copy);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <P extends CustomResource<?, ?>> P reread(KubernetesClient client, P resource) {
        return client.resources((Class<P>) resource.getClass())
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName())
                .get();
    }

    @SuppressWarnings("unchecked")
    private static <P extends CustomResource<?, ?>> P newInstance(P like) {
        try {
            CustomResource<Object, ?> instance = (CustomResource<Object, ?>)
                    like.getClass().getDeclaredConstructor().newInstance();
            instance.setSpec(null);
            return (P) instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + like.getClass().getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> S copy(S status) {
        return (S) Serialization.jsonMapper().convertValue(status, status.getClass());
    }
}
