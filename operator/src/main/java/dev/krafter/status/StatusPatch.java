package dev.krafter.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KrafterStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;

/**
 * Writes status only when it changed, so a steady resource causes no API writes.
 *
 * <p>Two ways to write: return the {@link UpdateControl} of {@link #conclude} and let JOSDK patch, or
 * {@link #writeNow(KubernetesClient, CustomResource)} the status where no UpdateControl carries it (cleanup, error
 * handling) or where JOSDK's patch cannot be trusted (see there).
 */
public final class StatusPatch {
    private StatusPatch() {
    }

    /** A snapshot of a status to compare with after the reconcile changed it. */
    public static JsonNode snapshot(Object status) {
        return Serialization.jsonMapper().valueToTree(status);
    }

    /** Stamps observedGeneration and the conditions for {@code health}, then patches status if anything changed. */
    public static <S extends KrafterStatus, P extends CustomResource<?, S>> UpdateControl<P> conclude(
            P resource, JsonNode before, Health health, Clock clock) {
        S status = resource.getStatus();
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.apply(status.getConditions(), health, generation, clock));
        return ifChanged(resource, before);
    }

    public static <P extends CustomResource<?, ?>> UpdateControl<P> ifChanged(P resource, JsonNode before) {
        JsonNode after = snapshot(resource.getStatus());
        return Objects.equals(before, after) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(resource);
    }

    /**
     * Writes the resource's whole status now, with one JSON patch operation {@code add /status} on the status
     * subresource: it replaces whatever is stored (no status, {@code status: null}, an older status with fields the
     * new one no longer has), on a real API server and on the fabric8 mock server alike. No resourceVersion
     * precondition: the operator is the only writer of status.
     *
     * <p>Why not JOSDK's own (non-SSA) status patch ({@code editStatus}): it sends a field-by-field JSON diff against
     * a copy of its cached resource, and that copy, made by serializing and reading back, has an empty status object
     * where the cache had none (the CRD classes' {@code initStatus()}), so the diff is {@code add /status/conditions},
     * {@code add /status/observedGeneration}, ... After JOSDK adds the finalizer (a PATCH of the main resource) the
     * fabric8 mock server stores {@code status: null} (it "keeps" the absent status as a null node), and adding under
     * a null fails there ("Cannot reference past scalar value"; the mock server then never answers and the client
     * times out). Reconcilers without a finalizer (KafkaCluster) never meet that null: the mock server creates a
     * missing {@code /status} for such a diff. A real API server stores no status on create, so the diff's parent path
     * is missing there as well.
     */
    public static <P extends CustomResource<?, ?>> P writeNow(KubernetesClient client, P resource) {
        String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(resource.getStatus())
                + "}]";
        @SuppressWarnings("unchecked")
        Class<P> type = (Class<P>) resource.getClass();
        return client.resources(type).inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch);
    }

    /**
     * Does the status write {@code control} asks for now ({@link #writeNow(KubernetesClient, CustomResource)}) and
     * returns a control for JOSDK without a status patch, keeping any reschedule.
     */
    public static <P extends CustomResource<?, ?>> UpdateControl<P> writeNow(KubernetesClient client,
            UpdateControl<P> control) {
        if (!control.isPatchStatus()) {
            return control;
        }
        writeNow(client, control.getResource().orElseThrow());
        UpdateControl<P> written = UpdateControl.noUpdate();
        control.getScheduleDelay().ifPresent(written::rescheduleAfter);
        return written;
    }
}
