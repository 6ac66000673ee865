package dev.krafter.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;

/** What the reconciler must do to make a Kafka topic match its Topic spec; computed by {@link TopicPlanner}. */
sealed interface TopicPlan {
    /** The topic does not exist: create it as the spec says. */
    record Create(DesiredTopic topic) implements TopicPlan {}

    /** The spec asks for something Kafka cannot do; nothing is changed. */
    record Refuse(String reason, String message) implements TopicPlan {}

    /**
     * The topic exists: grow partitions to {@code partitionsTo} (null: keep), apply {@code configChanges}, move replicas
     * to {@code replicationFactorTo} (null: keep). Empty when the topic already matches.
     */
    record Update(
            Integer partitionsFrom,
            Integer partitionsTo,
            List<ConfigChange> configChanges,
            Integer replicationFactorFrom,
            Integer replicationFactorTo)
            implements TopicPlan {
        public Update {
            configChanges = List.copyOf(configChanges);
        }

        boolean isEmpty() {
            return partitionsTo == null && configChanges.isEmpty() && replicationFactorTo == null;
        }

        Collection<AlterConfigOp> alterConfigOps() {
            return configChanges.stream().map(ConfigChange::toOp).toList();
        }

        /** One line for an Event: what changes, from what to what. */
        String describe() {
            List<String> parts = new ArrayList<>();
            if (partitionsTo != null) {
                parts.add("partitions " + partitionsFrom + " -> " + partitionsTo);
            }
            configChanges.forEach(c -> parts.add(c.describe()));
            if (replicationFactorTo != null) {
                parts.add("replication factor " + replicationFactorFrom + " -> " + replicationFactorTo);
            }
            return parts.isEmpty() ? "nothing to change" : String.join(", ", parts);
        }
    }

    /** Sets a key to the spec's value, or deletes a key that left the spec so it returns to the cluster default. */
    record ConfigChange(String key, String value, String previous) {
        static ConfigChange set(String key, String value, String previous) {
            return new ConfigChange(key, value, previous);
        }

        static ConfigChange delete(String key, String previous) {
            return new ConfigChange(key, null, previous);
        }

        boolean isDelete() {
            return value == null;
        }

        AlterConfigOp toOp() {
            return isDelete()
                    ? new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE)
                    : new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
        }

        String describe() {
            return key + " " + (previous == null ? "(unset)" : previous) + " -> "
                    + (isDelete() ? "cluster default" : value);
        }
    }
}
