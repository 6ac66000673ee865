package dev.krafter.group;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Committed offsets a group had and Kafka no longer has: the group or a topic was deleted behind its back, or the
 * offsets expired. Pure: compares what the status recorded (the topics the group had offsets for, and the topics
 * already known to have lost them) with one observation.
 *
 * @param topics the topics whose offsets are missing now, sorted
 * @param appeared those among {@code topics} that were not missing before (worth a new Event)
 * @param groupGone whether Kafka no longer knows the group at all
 */
record VanishedOffsets(String groupId, List<String> topics, List<String> appeared, boolean groupGone) {
    VanishedOffsets {
        topics = List.copyOf(topics);
        appeared = List.copyOf(appeared);
    }

    /**
     * @param hadOffsets topics the group had committed offsets for at the previous observation (status.topics)
     * @param missingBefore topics already reported missing (status.vanishedOffsets)
     */
    static VanishedOffsets of(Collection<String> hadOffsets, Collection<String> missingBefore, GroupSnapshot now) {
        Set<String> missing = new TreeSet<>(hadOffsets);
        missing.addAll(missingBefore);
        missing.removeAll(now.committedTopics());
        Set<String> appeared = new TreeSet<>(missing);
        appeared.removeAll(missingBefore);
        return new VanishedOffsets(now.groupId(), List.copyOf(missing), List.copyOf(appeared), !now.exists());
    }

    boolean any() {
        return !topics.isEmpty();
    }

    /** Names what disappeared, why it may have, and what it means for the consumers. */
    String message(List<String> which) {
        String names = String.join(", ", which);
        String what = groupGone
                ? "group " + groupId + " no longer exists in Kafka: its committed offsets for " + names
                        + " are gone (the"
                        + " group was deleted, its offsets expired after offsets.retention.minutes, or"
                        + " __consumer_offsets was lost)"
                : "Kafka no longer has committed offsets of group " + groupId + " for " + names + " (the topic was"
                        + " deleted, or the group's offsets for it were deleted or expired)";
        return what + "; its consumers will start where auto.offset.reset says, not where they left off";
    }
}
