package dev.krafter.topic;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.kafka.ConfigValues;
import java.util.Map;

/**
 * What a Topic's spec asks of Kafka. {@code partitions} and {@code replicationFactor} are null when the spec leaves
 * them to the cluster defaults (num.partitions, default.replication.factor).
 */
record DesiredTopic(String name, Integer partitions, Integer replicationFactor, Map<String, String> config) {
    DesiredTopic {
        config = Map.copyOf(config);
    }

    static DesiredTopic of(Topic topic) {
        return new DesiredTopic(
                topic.kafkaTopicName(),
                topic.getSpec().getPartitions(),
                topic.getSpec().getReplicationFactor(),
                ConfigValues.toKafkaStrings(topic.getSpec().getConfig()));
    }
}
