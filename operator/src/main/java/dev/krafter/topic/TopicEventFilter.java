package dev.krafter.topic;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.operator.Resources;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * Which updates of a Topic start a reconcile: a spec change (generation), pausing or resuming, the start of deletion
 * and finalizer changes. Status writes alone do not, so the operator's own status patches cause no extra work.
 * JOSDK's generation-aware filtering would also drop the annotation change that resumes a paused Topic.
 */
public final class TopicEventFilter implements OnUpdateFilter<Topic> {
    @Override
    public boolean accept(Topic newTopic, Topic oldTopic) {
        return Resources.worthReconciling(newTopic, oldTopic);
    }
}
