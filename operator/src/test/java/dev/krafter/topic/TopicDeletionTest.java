package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicOrigin;
import dev.krafter.testing.TestResources;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicDeletionTest {
    private static Topic topic(String kafkaTopic, TopicOrigin origin) {
        Topic topic = TestResources.topic("ns", "orders", "demo", 3, 1, Map.of());
        topic.getSpec().setTopicName(kafkaTopic);
        topic.getMetadata().setAnnotations(new HashMap<>());
        topic.getStatus().setTopicName(kafkaTopic);
        topic.getStatus().setTopicId("AAAAAAAAAAAAAAAAAAAAAA");
        topic.getStatus().setOrigin(origin);
        return topic;
    }

    @Test
    void aTopicTheOperatorCreatedIsDeletedWithDeletionPolicyDelete() {
        assertThat(TopicDeletion.keepReason(topic("orders", TopicOrigin.Created), false, false))
                .isEmpty();
    }

    @Test
    void anAdoptedTopicStaysUnlessTheAnnotationNamesIt() {
        Topic adopted = topic("orders", TopicOrigin.Adopted);
        assertThat(adopted.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
        assertThat(TopicDeletion.keepReason(adopted, false, false))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("status.origin is Adopted")
                        .endsWith(
                                "annotate the Topic with krafter.dev/delete-adopted-topic=orders before deleting it"));

        adopted.getMetadata().getAnnotations().put("krafter.dev/delete-adopted-topic", "true");
        assertThat(TopicDeletion.keepReason(adopted, false, false)).isPresent();

        adopted.getMetadata().getAnnotations().put("krafter.dev/delete-adopted-topic", "orders");
        assertThat(TopicDeletion.keepReason(adopted, false, false)).isEmpty();
    }

    @Test
    void aTopicWhoseOriginWasNotRecordedCountsAsAdopted() {
        assertThat(TopicDeletion.keepReason(topic("orders", null), false, false))
                .hasValueSatisfying(reason -> assertThat(reason).contains("status.origin is not recorded"));
    }

    @Test
    void kafkasInternalTopicsAreNeverDeletedWhateverTheStatusSays() {
        Topic internal = topic("__consumer_offsets", TopicOrigin.Created);
        internal.getMetadata().getAnnotations().put("krafter.dev/delete-adopted-topic", "__consumer_offsets");
        assertThat(TopicDeletion.keepReason(internal, false, false))
                .contains("__consumer_offsets is one of Kafka's internal topics, which Krafter never deletes");
    }

    @Test
    void aTopicWhoseStoredSpecCannotBeReadIsNeverDeleted() {
        Topic unreadable = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal("""
                {"apiVersion":"krafter.dev/v1alpha1","kind":"Topic","metadata":{"name":"orders","namespace":"ns"},
                 "spec":{"clusterRef":{"name":"demo"},"deletionPolicy":"Delete","partitions":4294967296},
                 "status":{"topicId":"x","origin":"Created"}}""", Topic.class);
        assertThat(TopicDeletion.keepReason(unreadable, false, false))
                .contains("its spec cannot be read, so its deletionPolicy is unknown");
    }

    @Test
    void retainPausedMissingClusterAndSharedTopicsStay() {
        Topic retain = topic("orders", TopicOrigin.Created);
        retain.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
        assertThat(TopicDeletion.keepReason(retain, false, false)).contains("deletionPolicy is Retain");

        Topic paused = topic("orders", TopicOrigin.Created);
        paused.getMetadata().getAnnotations().put("krafter.dev/paused", "true");
        assertThat(TopicDeletion.keepReason(paused, false, false)).contains("the Topic is paused");

        assertThat(TopicDeletion.keepReason(topic("orders", TopicOrigin.Created), true, false))
                .contains("its KafkaCluster is gone or being deleted");
        assertThat(TopicDeletion.keepReason(topic("orders", TopicOrigin.Created), false, true))
                .contains("another Topic names the same Kafka topic");

        Topic never = topic("orders", TopicOrigin.Created);
        never.getStatus().setTopicId(null);
        assertThat(TopicDeletion.keepReason(never, false, false)).contains("this Topic never created or adopted it");
    }
}
