package dev.krafter.group;

import java.time.Instant;
import java.util.List;

/**
 * What one observation cycle saw of one consumer group. {@code error} is set (and the rest is empty) when Kafka could
 * not answer for this group; {@code exists} is false when Kafka knows no such group (no members, no offsets).
 */
public record GroupSnapshot(String groupId, Instant observedAt, boolean exists, String state, int members,
        List<PartitionObservation> partitions, String error) {

    public GroupSnapshot {
        partitions = List.copyOf(partitions);
    }

    public static GroupSnapshot failed(String groupId, Instant observedAt, String error) {
        return new GroupSnapshot(groupId, observedAt, false, null, 0, List.of(), error);
    }

    public boolean failed() {
        return error != null;
    }
}
