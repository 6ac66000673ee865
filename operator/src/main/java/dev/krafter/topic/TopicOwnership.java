package dev.krafter.topic;

import dev.krafter.api.v1alpha1.Topic;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Which Topic resource manages a Kafka topic when several name the same one (same namespace, same cluster, same Kafka
 * topic name): the oldest by creationTimestamp, then by name. The others change nothing in Kafka and report Conflict.
 */
final class TopicOwnership {
    static final Comparator<Topic> OLDEST_FIRST = Comparator.comparing((Topic t) -> created(t))
            .thenComparing(t -> t.getMetadata().getName());

    private TopicOwnership() {}

    /** The Topics among {@code candidates} that name the same Kafka topic of the same cluster as {@code topic}. */
    static List<Topic> sameKafkaTopic(Topic topic, Stream<Topic> candidates) {
        String cluster = clusterOf(topic);
        String name = topic.kafkaTopicName();
        return candidates
                .filter(t -> Objects.equals(
                        t.getMetadata().getNamespace(), topic.getMetadata().getNamespace()))
                .filter(t -> Objects.equals(clusterOf(t), cluster))
                .filter(t -> name.equals(t.kafkaTopicName()))
                .toList();
    }

    /** The owner among {@code topic} and the others naming its Kafka topic. */
    static Topic owner(Topic topic, List<Topic> sameKafkaTopic) {
        return Stream.concat(Stream.of(topic), sameKafkaTopic.stream())
                .min(OLDEST_FIRST)
                .orElse(topic);
    }

    static boolean isSame(Topic a, Topic b) {
        return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
                && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
    }

    private static String clusterOf(Topic topic) {
        return topic.getSpec() == null || topic.getSpec().getClusterRef() == null
                ? null
                : topic.getSpec().getClusterRef().getName();
    }

    private static Instant created(Topic topic) {
        String timestamp = topic.getMetadata().getCreationTimestamp();
        return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
    }
}
