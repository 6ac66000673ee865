package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.testing.TestResources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicEventFilterTest {
    private final TopicEventFilter filter = new TopicEventFilter();

    private static Topic topic(long generation) {
        Topic topic = TestResources.topic("ns", "t", "c", 1, 1, Map.of());
        topic.getMetadata().setGeneration(generation);
        topic.getMetadata().setAnnotations(new HashMap<>());
        topic.getMetadata().setFinalizers(List.of("topic.krafter.dev/finalizer"));
        return topic;
    }

    @Test
    void aStatusWriteAloneDoesNotTriggerAReconcile() {
        Topic old = topic(3);
        Topic updated = topic(3);
        updated.getStatus().setPartitions(6);
        assertThat(filter.accept(updated, old)).isFalse();
    }

    @Test
    void specChangesPauseAndResumeDeletionAndFinalizersDo() {
        assertThat(filter.accept(topic(4), topic(3))).isTrue();
        Topic paused = topic(3);
        paused.getMetadata().getAnnotations().put("krafter.dev/paused", "true");
        assertThat(filter.accept(paused, topic(3))).isTrue();
        assertThat(filter.accept(topic(3), paused)).isTrue();
        Topic deleting = topic(3);
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(filter.accept(deleting, topic(3))).isTrue();
        Topic noFinalizer = topic(3);
        noFinalizer.getMetadata().setFinalizers(List.of());
        assertThat(filter.accept(topic(3), noFinalizer)).isTrue();
    }
}
