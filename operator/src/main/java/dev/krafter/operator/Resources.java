package dev.krafter.operator;

import dev.krafter.api.v1alpha1.ApiGroup;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Small facts about any resource, used by every reconciler. */
public final class Resources {
    private Resources() {}

    /** namespace/name, for log lines and messages. */
    public static String ref(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/"
                + resource.getMetadata().getName();
    }

    public static boolean isPaused(HasMetadata resource) {
        var annotations = resource.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(ApiGroup.PAUSED_ANNOTATION));
    }
}
