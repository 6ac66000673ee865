package dev.krafter.topic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A minimal {@link ReplicationFactorChanger}: one alterPartitionReassignments request for every partition whose replica
 * count differs from the target, without throttling. Growing adds the brokers holding the fewest replicas of this
 * topic; shrinking drops replicas from the end of the list, so the preferred leader stays. Meant to be replaced by the
 * planner/executor of {@code dev.krafter.reassign} (throttled, cluster-wide balance) once it is wired in.
 */
public final class DirectReplicationFactorChanger implements ReplicationFactorChanger {
    @Override
    public Progress change(Admin admin, String topic, int target) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments(partitions)
                .reassignments().get();
        int atTarget = (int) description.partitions().stream()
                .filter(p -> p.replicas().size() == target
                        && !ongoing.containsKey(new TopicPartition(topic, p.partition())))
                .count();
        int total = description.partitions().size();
        if (!ongoing.isEmpty() || atTarget == total) {
            return new Progress(atTarget, total, ongoing.isEmpty() && atTarget == total);
        }
        List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).sorted().toList();
        Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
        for (Map.Entry<Integer, List<Integer>> entry : plan(description, brokers, target).entrySet()) {
            moves.put(new TopicPartition(topic, entry.getKey()),
                    Optional.of(new NewPartitionReassignment(entry.getValue())));
        }
        admin.alterPartitionReassignments(moves).all().get();
        return new Progress(atTarget, total, false);
    }

    /** New replica lists, by partition, for the partitions whose replica count is not {@code target}. Pure. */
    static Map<Integer, List<Integer>> plan(TopicDescription description, List<Integer> brokers, int target) {
        if (target > brokers.size()) {
            throw new IllegalArgumentException("replication factor " + target + " needs " + target
                    + " brokers, the cluster has " + brokers.size());
        }
        Map<Integer, Integer> load = new TreeMap<>();
        brokers.forEach(b -> load.put(b, 0));
        description.partitions().forEach(p -> p.replicas().forEach(n -> load.merge(n.id(), 1, Integer::sum)));
        Map<Integer, List<Integer>> result = new TreeMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            List<Integer> replicas = new ArrayList<>(partition.replicas().stream().map(Node::id).toList());
            if (replicas.size() == target) {
                continue;
            }
            while (replicas.size() > target) {
                load.merge(replicas.remove(replicas.size() - 1), -1, Integer::sum);
            }
            while (replicas.size() < target) {
                int next = brokers.stream().filter(b -> !replicas.contains(b))
                        .min(Comparator.comparing((Integer b) -> load.get(b)).thenComparing(b -> b)).orElseThrow();
                replicas.add(next);
                load.merge(next, 1, Integer::sum);
            }
            result.put(partition.partition(), replicas);
        }
        return result;
    }
}
