package dev.krafter.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which ConsumerGroup status changes wait: the lag figures (totals, seconds, the worst partitions' offsets) move with
 * every observation of a group that is being written to, so a status change made of nothing else is written at most
 * once per {@code KRAFTER_GROUP_LAG_STATUS_INTERVAL}. Everything else a user acts on (a condition's status or reason,
 * the lag status, state, members, lost messages, partitions at risk, vanished offsets, resets, autoscaling, the
 * observed generation) is written at once, together with the current figures. Pure.
 */
final class LagFigures {
    /** Status fields that are figures: refreshed at most once per interval when nothing else changed. */
    static final List<String> FIELDS = List.of("totalLag", "maxLagSeconds", "topics", "worstPartitions");

    private LagFigures() {}

    /**
     * Whether the status computed now ({@code after}) may wait: it differs from the stored one ({@code before}) only in
     * figures and condition messages, and the last write of this resource was less than {@code interval} ago.
     */
    static boolean mayWait(JsonNode before, JsonNode after, Instant lastWrite, Instant now, Duration interval) {
        return lastWrite != null && now.isBefore(lastWrite.plus(interval)) && onlyFiguresDiffer(before, after);
    }

    /** Whether {@code before} and {@code after} differ, and only in figures and condition messages. */
    static boolean onlyFiguresDiffer(JsonNode before, JsonNode after) {
        return !before.equals(after) && withoutFigures(before).equals(withoutFigures(after));
    }

    /**
     * The status without figures, and without condition messages: a message with the same type, status and reason
     * (for example "lag is OK (total 120)") changes with the figures it quotes.
     */
    static JsonNode withoutFigures(JsonNode status) {
        if (!status.isObject()) {
            return status;
        }
        ObjectNode copy = ((ObjectNode) status).deepCopy();
        copy.remove(FIELDS);
        JsonNode conditions = copy.path("conditions");
        if (conditions.isArray()) {
            conditions.forEach(c -> {
                if (c.isObject()) {
                    ((ObjectNode) c).remove("message");
                }
            });
        }
        return copy;
    }
}
