package dev.krafter.topic;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicOrigin;
import dev.krafter.operator.Resources;
import dev.krafter.validation.SpecValidator;
import java.util.Map;
import java.util.Optional;

/**
 * Whether deleting a Topic resource may delete its Kafka topic. Pure. The Kafka topic stays unless every rule allows
 * the deletion: deletionPolicy Delete, not paused, not one of Kafka's internal topics, the cluster still there, this
 * Topic manages the topic and no other Topic names it, and either the operator created it or the user confirmed
 * deleting the adopted topic with {@link ApiGroup#DELETE_ADOPTED_TOPIC_ANNOTATION} set to its name (deletionPolicy
 * cannot confirm that: its default is always set).
 */
final class TopicDeletion {
    private TopicDeletion() {}

    /** Why the Kafka topic must stay; empty when it may be deleted. */
    static Optional<String> keepReason(Topic topic, boolean clusterGone, boolean anotherTopicNamesIt) {
        String name = topic.kafkaTopicName();
        if (Resources.isPaused(topic)) {
            return Optional.of("the Topic is paused");
        }
        if (topic.getSpec() != null && topic.getSpec().unreadable().isPresent()) {
            return Optional.of("its spec cannot be read, so its deletionPolicy is unknown");
        }
        if (topic.getSpec() == null || topic.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
            return Optional.of("deletionPolicy is Retain");
        }
        if (SpecValidator.isKafkaInternalTopic(name)) {
            return Optional.of(name + " is one of Kafka's internal topics, which Krafter never deletes");
        }
        if (clusterGone) {
            return Optional.of("its KafkaCluster is gone or being deleted");
        }
        if (topic.getStatus() == null || topic.getStatus().getTopicId() == null) {
            return Optional.of("this Topic never created or adopted it");
        }
        if (anotherTopicNamesIt) {
            return Optional.of("another Topic names the same Kafka topic");
        }
        if (topic.getStatus().getOrigin() != TopicOrigin.Created && !confirmed(topic, name)) {
            TopicOrigin origin = topic.getStatus().getOrigin();
            return Optional.of("the operator did not create it (status.origin is "
                    + (origin == null ? "not recorded" : origin)
                    + "), and deletionPolicy Delete deletes only topics the"
                    + " operator created; to delete an adopted topic, annotate the Topic with "
                    + ApiGroup.DELETE_ADOPTED_TOPIC_ANNOTATION + "=" + name + " before deleting it");
        }
        return Optional.empty();
    }

    private static boolean confirmed(Topic topic, String name) {
        Map<String, String> annotations = topic.getMetadata().getAnnotations();
        return annotations != null && name.equals(annotations.get(ApiGroup.DELETE_ADOPTED_TOPIC_ANNOTATION));
    }
}
