package dev.krafter.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a Topic, ConsumerGroup or KafkaUser start a reconcile: a spec change (generation), pausing or
 * resuming ({@code krafter.dev/paused}), the start of deletion and finalizer changes. Status writes and other metadata
 * edits alone do not, so the operator's own status patches cause no extra work. JOSDK's generation-aware filtering
 * would drop the annotation change, and a resumed resource would wait for its next periodic reconcile.
 */
public final class SpecOrPauseFilter<R extends HasMetadata> implements OnUpdateFilter<R> {
    @Override
    public boolean accept(R newResource, R oldResource) {
        Long oldGeneration = oldResource.getMetadata().getGeneration();
        Long newGeneration = newResource.getMetadata().getGeneration();
        return oldGeneration == null
                || newGeneration == null
                || newGeneration > oldGeneration
                || Resources.isPaused(newResource) != Resources.isPaused(oldResource)
                || newResource.isMarkedForDeletion() != oldResource.isMarkedForDeletion()
                || !Objects.equals(
                        newResource.getMetadata().getFinalizers(),
                        oldResource.getMetadata().getFinalizers());
    }
}
