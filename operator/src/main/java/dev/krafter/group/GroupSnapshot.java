package dev.krafter.group;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one observation cycle saw of one consumer group. {@code error} is set (and the rest is empty) when Kafka could
 * not answer for this group; {@code exists} is false when Kafka knows no such group (no members, no offsets).
 * {@code committedTopics} are the topics the group has committed offsets for, including those whose log offsets Kafka
 * could not list this cycle (so they are missing from {@code partitions}).
 */
public record GroupSnapshot(
        String groupId,
        Instant observedAt,
        boolean exists,
        String state,
        int members,
        List<PartitionObservation> partitions,
        String error,
        Set<String> committedTopics) {

    public GroupSnapshot {
        partitions = List.copyOf(partitions);
        committedTopics = Set.copyOf(committedTopics);
    }

    /** A snapshot whose committed topics are exactly those of {@code partitions}. */
    public GroupSnapshot(
            String groupId,
            Instant observedAt,
            boolean exists,
            String state,
            int members,
            List<PartitionObservation> partitions,
            String error) {
        this(
                groupId,
                observedAt,
                exists,
                state,
                members,
                partitions,
                error,
                partitions.stream().map(p -> p.partition().topic()).collect(Collectors.toSet()));
    }

    public static GroupSnapshot failed(String groupId, Instant observedAt, String error) {
        return new GroupSnapshot(groupId, observedAt, false, null, 0, List.of(), error);
    }

    public boolean failed() {
        return error != null;
    }
}
