package dev.krafter.group;

import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.kafka.TopicPartitions;
import dev.krafter.validation.SpecValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans an offset reset with the semantics of {@code kafka-consumer-groups.sh --reset-offsets}: earliest is the log
 * start, latest the log end, timestamp the first offset at or after the time (the log end when there is none), offset
 * and shiftBy are clamped to [log start, log end]; shiftBy needs a committed offset. Pure.
 */
public final class OffsetResetPlan {
    /** One partition's move; {@code from} is null when the group had no committed offset there. */
    public record Move(TopicPartition partition, Long from, long to) {
        @Override
        public String toString() {
            return partition + ": " + (from == null ? "none" : from) + " -> " + to;
        }
    }

    /** What Kafka said about the partitions to reset. {@code atTimestamp} holds only partitions with an answer. */
    public record Offsets(
            Map<TopicPartition, Long> committed,
            Map<TopicPartition, Long> logStart,
            Map<TopicPartition, Long> logEnd,
            Map<TopicPartition, Long> atTimestamp) {}

    public record Plan(List<Move> moves, List<String> problems) {
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    private OffsetResetPlan() {}

    public static Plan plan(OffsetReset reset, Set<TopicPartition> partitions, Offsets offsets) {
        List<Move> moves = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<TopicPartition> sorted = new TreeSet<>(TopicPartitions.ORDER);
        sorted.addAll(partitions);
        for (TopicPartition tp : sorted) {
            Long committed = offsets.committed().get(tp);
            Long start = offsets.logStart().get(tp);
            Long end = offsets.logEnd().get(tp);
            if (start == null || end == null) {
                problems.add("the offsets of " + tp + " could not be listed");
                continue;
            }
            long target;
            switch (reset.getTo()) {
                case EARLIEST -> target = start;
                case LATEST -> target = end;
                case TIMESTAMP -> target = offsets.atTimestamp().getOrDefault(tp, end);
                case OFFSET ->
                    target = clamp(SpecValidator.parseLong(reset.getValue()).orElseThrow(), start, end);
                case SHIFT_BY -> {
                    if (committed == null) {
                        problems.add("cannot shift " + tp + ": the group has no committed offset there");
                        continue;
                    }
                    target = clamp(
                            committed
                                    + SpecValidator.parseLong(reset.getValue()).orElseThrow(),
                            start,
                            end);
                }
                default -> throw new IllegalArgumentException("unknown strategy " + reset.getTo());
            }
            moves.add(new Move(tp, committed, target));
        }
        return new Plan(moves, problems);
    }

    static long clamp(long offset, long start, long end) {
        return Math.max(start, Math.min(end, offset));
    }

    /** "6 partitions of orders: lag 1200 -> 0". */
    public static String summary(List<Move> moves, Map<TopicPartition, Long> logEnd) {
        Set<String> topics = new TreeSet<>();
        long lagBefore = 0;
        long lagAfter = 0;
        for (Move move : moves) {
            topics.add(move.partition().topic());
            long end = logEnd.getOrDefault(move.partition(), move.to());
            lagBefore += move.from() == null ? 0 : Math.max(0, end - move.from());
            lagAfter += Math.max(0, end - move.to());
        }
        return moves.size() + " partitions of " + String.join(", ", topics) + ": lag " + lagBefore + " -> " + lagAfter;
    }

    public static Map<TopicPartition, Long> targets(List<Move> moves) {
        Map<TopicPartition, Long> result = new LinkedHashMap<>();
        moves.forEach(m -> result.put(m.partition(), m.to()));
        return result;
    }
}
