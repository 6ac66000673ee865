package dev.krafter.topic;

import dev.krafter.status.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a Topic's spec with the topic in Kafka and says what to do. Pure: no Kafka, no Kubernetes.
 *
 * <p>Config rule (as Strimzi's topic operator): the operator owns the keys in spec.config and the keys it set before
 * ({@code managedKeys}, kept in status.managedConfigKeys). A spec key whose topic-level value differs, or that is not
 * set on the topic itself, is SET (so a spec value is pinned on the topic even when it equals today's broker default);
 * a managed key that left the spec is DELETEd, so it returns to the cluster default. Topic-level config that was never
 * in the spec is left alone: other tools may own it, and the operator does not know what it is for.
 */
final class TopicPlanner {
    private TopicPlanner() {}

    static TopicPlan plan(DesiredTopic desired, Optional<ActualTopic> actual, Set<String> managedKeys) {
        if (actual.isEmpty()) {
            return new TopicPlan.Create(desired);
        }
        ActualTopic topic = actual.get();
        if (desired.partitions() != null && desired.partitions() < topic.partitions()) {
            return new TopicPlan.Refuse(
                    Reasons.NOT_SUPPORTED,
                    "spec.partitions is " + desired.partitions()
                            + " but topic " + topic.name() + " has " + topic.partitions()
                            + " partitions, and Kafka cannot remove"
                            + " partitions: set spec.partitions to at least " + topic.partitions()
                            + " (nothing was changed)");
        }
        Integer partitionsTo =
                desired.partitions() != null && desired.partitions() > topic.partitions() ? desired.partitions() : null;
        Integer replicationFactorTo =
                desired.replicationFactor() != null && !topic.allPartitionsHaveReplicas(desired.replicationFactor())
                        ? desired.replicationFactor()
                        : null;
        return new TopicPlan.Update(
                topic.partitions(),
                partitionsTo,
                configChanges(desired.config(), topic, managedKeys),
                topic.replicationFactor(),
                replicationFactorTo);
    }

    static List<TopicPlan.ConfigChange> configChanges(
            Map<String, String> desired, ActualTopic topic, Set<String> managedKeys) {
        List<TopicPlan.ConfigChange> changes = new ArrayList<>();
        new TreeSet<>(desired.keySet()).forEach(key -> {
            String value = desired.get(key);
            if (!value.equals(topic.topicConfig().get(key))) {
                changes.add(TopicPlan.ConfigChange.set(
                        key, value, topic.effectiveConfig().get(key)));
            }
        });
        new TreeSet<>(managedKeys).forEach(key -> {
            if (!desired.containsKey(key) && topic.topicConfig().containsKey(key)) {
                changes.add(
                        TopicPlan.ConfigChange.delete(key, topic.topicConfig().get(key)));
            }
        });
        return changes;
    }
}
