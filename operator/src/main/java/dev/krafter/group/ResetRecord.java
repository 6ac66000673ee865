package dev.krafter.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * What the {@link OffsetResetLedger} keeps about one offset reset of one group: the absolute offsets it moves each
 * partition from and to, fixed when it was planned, and whether Kafka is known to have applied it. Pure.
 *
 * <p>A reset is recorded PENDING before the offsets are altered and APPLIED after. A PENDING record found later (the
 * alter timed out, or the operator died in between) is resolved from the group's committed offsets: all at the
 * recorded targets means Kafka applied it; all still at the recorded starting points means it did not, and the same
 * absolute targets are applied (never re-planned: shiftBy -1000 stays the offsets planned once); anything else means
 * the consumers have committed since, and nobody can tell, so nothing is applied.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResetRecord(State state, String time, String summary, List<PartitionMove> moves) {
    public enum State {
        PENDING,
        APPLIED
    }

    public enum Resolution {
        APPLIED,
        NOT_APPLIED,
        UNKNOWN
    }

    /** One partition's planned move; {@code from} is null when the group had no committed offset there. */
    public record PartitionMove(String topic, int partition, Long from, long to) {
        TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ResetRecord pending(String time, String summary, List<OffsetResetPlan.Move> moves) {
        return new ResetRecord(
                State.PENDING,
                time,
                summary,
                moves.stream()
                        .map(m -> new PartitionMove(
                                m.partition().topic(), m.partition().partition(), m.from(), m.to()))
                        .toList());
    }

    public ResetRecord applied() {
        return new ResetRecord(State.APPLIED, time, summary, moves);
    }

    /** Whether the offsets this record moves are where it put them, given the group's committed offsets now. */
    public Resolution resolve(Map<TopicPartition, Long> committed) {
        if (state == State.APPLIED) {
            return Resolution.APPLIED;
        }
        boolean allAtTarget = moves.stream().allMatch(m -> Objects.equals(committed.get(m.topicPartition()), m.to()));
        if (allAtTarget) {
            return Resolution.APPLIED;
        }
        boolean allAtStart = moves.stream().allMatch(m -> Objects.equals(committed.get(m.topicPartition()), m.from()));
        return allAtStart ? Resolution.NOT_APPLIED : Resolution.UNKNOWN;
    }

    public Map<TopicPartition, Long> targets() {
        Map<TopicPartition, Long> targets = new java.util.LinkedHashMap<>();
        moves.forEach(m -> targets.put(m.topicPartition(), m.to()));
        return targets;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ResetRecord fromJson(String json) {
        try {
            return JSON.readValue(json, ResetRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an offset reset record: " + json, e);
        }
    }
}
