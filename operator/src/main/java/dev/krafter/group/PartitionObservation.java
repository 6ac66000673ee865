package dev.krafter.group;

import org.apache.kafka.common.TopicPartition;

/**
 * One partition of a group as seen in one observation cycle: the group's committed offset and the partition's retained
 * log, plus whether an active member of the group is assigned the partition.
 */
public record PartitionObservation(
        TopicPartition partition, long committedOffset, long logStartOffset, long logEndOffset, boolean assigned) {

    /** Messages behind the head of the log, as kafka-consumer-groups.sh --describe reports it. */
    public long lag() {
        return Math.max(0, logEndOffset - committedOffset);
    }

    /** Messages deleted by retention before the group read them. */
    public long messagesLost() {
        return Math.max(0, logStartOffset - committedOffset);
    }

    public long retainedMessages() {
        return Math.max(0, logEndOffset - logStartOffset);
    }
}
