package dev.krafter.operator;

import dev.krafter.api.v1alpha1.ApiGroup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** Small facts about any resource, used by every reconciler. */
public final class Resources {
    private Resources() {
    }

    /** namespace/name, for log lines and messages. */
    public static String ref(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    public static boolean isPaused(HasMetadata resource) {
        var annotations = resource.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(ApiGroup.PAUSED_ANNOTATION));
    }

    /**
     * Whether an update of a Topic or KafkaUser starts a reconcile: a spec change (generation), pausing or resuming, the
     * start of deletion and finalizer changes. Status writes alone do not, so the operator's own status patches cause
     * no extra work; JOSDK's generation-aware filtering would also drop the annotation change that resumes.
     */
    public static boolean worthReconciling(HasMetadata newResource, HasMetadata oldResource) {
        Long oldGeneration = oldResource.getMetadata().getGeneration();
        Long newGeneration = newResource.getMetadata().getGeneration();
        return oldGeneration == null || newGeneration == null || newGeneration > oldGeneration
                || isPaused(newResource) != isPaused(oldResource)
                || newResource.isMarkedForDeletion() != oldResource.isMarkedForDeletion()
                || !Objects.equals(newResource.getMetadata().getFinalizers(), oldResource.getMetadata().getFinalizers());
    }
}
