package dev.krafter.reassign;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How evenly an assignment spreads over a set of brokers: max minus min of replicas, of preferred leaders, and the
 * worst such spread of a single topic's replicas. Brokers of the set that hold nothing count as zero.
 */
public record AssignmentBalance(int replicaSpread, int leaderSpread, int worstTopicReplicaSpread) {

    public static AssignmentBalance of(Assignment assignment, Collection<Integer> brokers) {
        Map<String, Map<Integer, Integer>> perTopic = new HashMap<>();
        for (Map.Entry<TopicPartition, List<Integer>> e : assignment.replicas().entrySet()) {
            Map<Integer, Integer> counts = perTopic.computeIfAbsent(e.getKey().topic(), t -> new HashMap<>());
            e.getValue().forEach(b -> counts.merge(b, 1, Integer::sum));
        }
        int worstTopic = perTopic.values().stream()
                .mapToInt(counts -> spread(counts, brokers))
                .max()
                .orElse(0);
        return new AssignmentBalance(
                spread(assignment.replicaCounts(), brokers), spread(assignment.leaderCounts(), brokers), worstTopic);
    }

    public boolean isBalanced() {
        return replicaSpread <= 1 && leaderSpread <= 1;
    }

    private static int spread(Map<Integer, Integer> counts, Collection<Integer> brokers) {
        int max =
                brokers.stream().mapToInt(b -> counts.getOrDefault(b, 0)).max().orElse(0);
        int min =
                brokers.stream().mapToInt(b -> counts.getOrDefault(b, 0)).min().orElse(0);
        return max - min;
    }
}
