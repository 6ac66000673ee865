package dev.krafter.group;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The latest observation of a group together with what the loop remembers of it: the window of recent samples per
 * partition (for Burrow's rules) and each partition's lag in seconds estimated from the recorded log-end history.
 * Immutable; the reconciler turns it into status with {@link LagReport#of}.
 */
public record GroupView(
        GroupSnapshot snapshot,
        Map<TopicPartition, List<CommitSample>> windows,
        Map<TopicPartition, Double> lagSeconds) {

    public GroupView {
        windows = Map.copyOf(windows);
        lagSeconds = Map.copyOf(lagSeconds);
    }
}
