package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.OperationStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Whether a rebalance or drain still makes progress. It keeps no state of its own: the progress ("moved/total") and
 * when it last changed ({@code progressAt}) are in {@code status.operation}, so an operator restart keeps counting. A
 * drain at a low throttle can take for ever: once no replica has moved for {@code spec.rebalance.progressTimeoutSeconds}
 * the cluster is reported Stalled, while the moves go on.
 */
final class RebalanceWatch {
    /** When the progress last changed (for {@code status.operation.progressAt}), and the Stalled message, if any. */
    record Verdict(String progressAt, Optional<String> stalled) {}

    private RebalanceWatch() {}

    static Verdict judge(
            OperationStatus previous,
            String type,
            String progress,
            Instant now,
            Duration timeout,
            Long throttleBytesPerSecond) {
        Optional<Instant> since = sameProgress(previous, type, progress);
        if (since.isEmpty()) {
            return new Verdict(now.truncatedTo(ChronoUnit.SECONDS).toString(), Optional.empty());
        }
        Duration still = Duration.between(since.get(), now);
        if (still.compareTo(timeout) < 0) {
            return new Verdict(previous.getProgressAt(), Optional.empty());
        }
        return new Verdict(
                previous.getProgressAt(),
                Optional.of("no replica has finished moving for "
                        + still.toMinutes() + " minute(s) (" + progress + " moved"
                        + (throttleBytesPerSecond == null
                                ? ""
                                : ", throttle " + throttleBytesPerSecond + " B/s per broker")
                        + "); the moves go on. Raise spec.rebalance.throttleBytesPerSecond, or check that the brokers the"
                        + " moves go to and from are up; spec.rebalance.progressTimeoutSeconds sets how long to wait"));
    }

    /** When the same progress of the same operation was first seen, or empty when it changed. */
    private static Optional<Instant> sameProgress(OperationStatus previous, String type, String progress) {
        if (previous == null
                || !type.equals(previous.getType())
                || progress == null
                || !progress.equals(previous.getProgress())
                || previous.getProgressAt() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(previous.getProgressAt()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
