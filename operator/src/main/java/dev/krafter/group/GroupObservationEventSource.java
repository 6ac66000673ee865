package dev.krafter.group;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Triggers a reconcile of each ConsumerGroup after every observation cycle of its cluster, so status follows Kafka
 * without a periodic reschedule per resource; and hands the reconciler the latest {@link GroupView} as the resource's
 * secondary resource.
 */
public final class GroupObservationEventSource extends AbstractEventSource<GroupView, ConsumerGroup> {
    private volatile ObservationLoops loops;

    public GroupObservationEventSource() {
        super(GroupView.class, "group-observation");
    }

    void attach(ObservationLoops loops) {
        this.loops = loops;
    }

    /** Called by the loops after a cycle. */
    void observed(Set<ResourceID> resources) {
        if (!isRunning()) {
            return;
        }
        resources.forEach(id -> getEventHandler().handleEvent(new Event(id)));
    }

    @Override
    public Set<GroupView> getSecondaryResources(ConsumerGroup group) {
        ObservationLoops current = loops;
        return current == null
                ? Set.of()
                : current.view(ResourceID.fromResource(group), group.kafkaGroupId())
                        .map(Set::of)
                        .orElse(Set.of());
    }

    @Override
    public void stop() {
        super.stop();
        ObservationLoops current = loops;
        if (current != null) {
            current.close();
        }
    }
}
