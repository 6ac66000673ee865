package dev.krafter.reassign;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's change: from its current ordered replica list to the new one. A move that only reorders the same
 * brokers changes the preferred leader and copies no data.
 */
public record PartitionMove(TopicPartition partition, List<Integer> from, List<Integer> to) {
    public PartitionMove {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    /** Replicas created on brokers that did not hold this partition: the data that has to be copied. */
    public List<Integer> addedReplicas() {
        return to.stream().filter(b -> !from.contains(b)).toList();
    }

    public List<Integer> removedReplicas() {
        return from.stream().filter(b -> !to.contains(b)).toList();
    }

    public boolean copiesData() {
        return !addedReplicas().isEmpty();
    }
}
