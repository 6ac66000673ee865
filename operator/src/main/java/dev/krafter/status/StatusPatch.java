package dev.krafter.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KrafterStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;

/** Writes status only when it changed, so a steady resource causes no API writes. */
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
}
