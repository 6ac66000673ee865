package dev.krafter.reassign;

import dev.krafter.kafka.TopicPartitions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Which brokers hold each partition, in order: the first replica is the preferred leader.
 * Immutable; partitions are kept sorted by topic, then partition number, so iteration order is deterministic.
 */
public record Assignment(SortedMap<TopicPartition, List<Integer>> replicas) {

    public Assignment {
        TreeMap<TopicPartition, List<Integer>> copy = new TreeMap<>(TopicPartitions.ORDER);
        replicas.forEach((tp, list) -> {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("partition " + tp + " has no replicas");
            }
            if (Set.copyOf(list).size() != list.size()) {
                throw new IllegalArgumentException("partition " + tp + " lists a broker twice: " + list);
            }
            copy.put(tp, List.copyOf(list));
        });
        replicas = Collections.unmodifiableSortedMap(copy);
    }

    public static Assignment of(Map<TopicPartition, List<Integer>> replicas) {
        TreeMap<TopicPartition, List<Integer>> sorted = new TreeMap<>(TopicPartitions.ORDER);
        sorted.putAll(replicas);
        return new Assignment(sorted);
    }

    public List<Integer> replicasOf(TopicPartition partition) {
        List<Integer> list = replicas.get(partition);
        if (list == null) {
            throw new IllegalArgumentException("unknown partition " + partition);
        }
        return list;
    }

    public SortedSet<String> topics() {
        TreeSet<String> topics = new TreeSet<>();
        replicas.keySet().forEach(tp -> topics.add(tp.topic()));
        return topics;
    }

    public Set<TopicPartition> partitions() {
        return replicas.keySet();
    }

    /** This assignment with some partitions replaced. */
    public Assignment with(Map<TopicPartition, List<Integer>> changes) {
        TreeMap<TopicPartition, List<Integer>> copy = new TreeMap<>(replicas);
        copy.putAll(changes);
        return new Assignment(copy);
    }

    public Assignment filter(Predicate<TopicPartition> keep) {
        TreeMap<TopicPartition, List<Integer>> copy = new TreeMap<>(TopicPartitions.ORDER);
        replicas.forEach((tp, list) -> {
            if (keep.test(tp)) {
                copy.put(tp, list);
            }
        });
        return new Assignment(copy);
    }

    /** Replicas per broker id (brokers holding none are absent). */
    public SortedMap<Integer, Integer> replicaCounts() {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        replicas.values().forEach(list -> list.forEach(b -> counts.merge(b, 1, Integer::sum)));
        return counts;
    }

    /** Preferred leaders (first replicas) per broker id (brokers leading none are absent). */
    public SortedMap<Integer, Integer> leaderCounts() {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        replicas.values().forEach(list -> counts.merge(list.get(0), 1, Integer::sum));
        return counts;
    }
}
