package dev.krafter.topic;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.operator.Resources;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a Topic start a reconcile: a spec change (generation), pausing or resuming, the start of deletion
 * and finalizer changes. Status writes alone do not, so the operator's own status patches cause no extra work.
 * JOSDK's generation-aware filtering would also drop the annotation change that resumes a paused Topic.
 */
public final class TopicEventFilter implements OnUpdateFilter<Topic> {
    @Override
    public boolean accept(Topic newTopic, Topic oldTopic) {
        Long oldGeneration = oldTopic.getMetadata().getGeneration();
        Long newGeneration = newTopic.getMetadata().getGeneration();
        return oldGeneration == null || newGeneration == null || newGeneration > oldGeneration
                || Resources.isPaused(newTopic) != Resources.isPaused(oldTopic)
                || newTopic.isMarkedForDeletion() != oldTopic.isMarkedForDeletion()
                || !Objects.equals(newTopic.getMetadata().getFinalizers(), oldTopic.getMetadata().getFinalizers());
    }
}
