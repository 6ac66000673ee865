package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.testing.TestResources;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicOwnershipTest {
    private static Topic topic(String name, String created, String cluster, String topicName) {
        Topic topic = TestResources.topic("ns", name, cluster, 1, 1, Map.of());
        topic.getSpec().setTopicName(topicName);
        topic.getMetadata().setCreationTimestamp(created);
        return topic;
    }

    @Test
    void theOldestTopicNamingTheKafkaTopicOwnsIt() {
        Topic newer = topic("a-newer", "2026-01-02T00:00:00Z", "c", "orders");
        Topic older = topic("z-older", "2026-01-01T00:00:00Z", "c", "orders");
        Topic otherCluster = topic("other-cluster", "2025-01-01T00:00:00Z", "d", "orders");
        Topic otherName = topic("other-name", "2025-01-01T00:00:00Z", "c", "payments");

        List<Topic> same = TopicOwnership.sameKafkaTopic(newer, Stream.of(newer, older, otherCluster, otherName));
        assertThat(same).containsExactlyInAnyOrder(newer, older);
        assertThat(TopicOwnership.owner(newer, same)).isSameAs(older);
        assertThat(TopicOwnership.owner(older, same)).isSameAs(older);
    }

    @Test
    void theNameBreaksATie() {
        Topic b = topic("b", "2026-01-01T00:00:00Z", "c", "orders");
        Topic a = topic("a", "2026-01-01T00:00:00Z", "c", "orders");
        assertThat(TopicOwnership.owner(b, List.of(a, b))).isSameAs(a);
    }

    @Test
    void metadataNameIsTheKafkaTopicNameWhenSpecTopicNameIsUnset() {
        Topic byName = topic("orders", "2026-01-01T00:00:00Z", "c", null);
        Topic bySpec = topic("orders-2", "2026-01-02T00:00:00Z", "c", "orders");
        assertThat(TopicOwnership.sameKafkaTopic(bySpec, Stream.of(byName, bySpec)))
                .hasSize(2);
    }
}
