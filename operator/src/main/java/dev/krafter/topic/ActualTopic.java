package dev.krafter.topic;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A topic as Kafka describes it.
 *
 * @param replicaCounts replicas of each partition, by partition index
 * @param topicConfig config set on the topic itself (source DYNAMIC_TOPIC_CONFIG)
 * @param effectiveConfig every config key with the value in force, wherever it comes from
 */
record ActualTopic(
        String name,
        String topicId,
        List<Integer> replicaCounts,
        int underReplicatedPartitions,
        Map<String, String> topicConfig,
        Map<String, String> effectiveConfig) {
    ActualTopic {
        replicaCounts = List.copyOf(replicaCounts);
        topicConfig = Map.copyOf(topicConfig);
        effectiveConfig = Map.copyOf(effectiveConfig);
    }

    static ActualTopic of(TopicDescription description, Config config) {
        List<TopicPartitionInfo> partitions = description.partitions();
        Map<String, String> topicConfig = new TreeMap<>();
        Map<String, String> effective = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.value() == null) {
                continue;
            }
            effective.put(entry.name(), entry.value());
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                topicConfig.put(entry.name(), entry.value());
            }
        }
        int underReplicated = (int) partitions.stream()
                .filter(p -> p.isr().size() < p.replicas().size())
                .count();
        return new ActualTopic(
                description.name(),
                description.topicId().toString(),
                partitions.stream().map(p -> p.replicas().size()).toList(),
                underReplicated,
                topicConfig,
                effective);
    }

    int partitions() {
        return replicaCounts.size();
    }

    /** The replication factor of the first partition (all partitions while no reassignment runs). */
    int replicationFactor() {
        return replicaCounts.isEmpty() ? 0 : replicaCounts.get(0);
    }

    boolean allPartitionsHaveReplicas(int replicationFactor) {
        return replicaCounts.stream().allMatch(count -> count == replicationFactor);
    }
}
