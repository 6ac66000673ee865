package dev.krafter.roll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a rolling restart should be done, from the restart durations measured so far in the same roll: the pods in
 * flight come back one mean duration after their restart (or any moment, when they are late), then the pods still
 * waiting restart as many at a time as are in flight now (at least one), one mean duration per wave.
 *
 * <p>Anchored on the restart times, not on now, so the estimate stays the same from one reconcile to the next while
 * the roll is on time (no status write for nothing).
 */
public final class RollEstimate {
    private RollEstimate() {}

    /**
     * @param waiting       pods still to restart (outdated)
     * @param inFlightSince when each pod restarted by this roll and not back yet was restarted
     * @param measured      how long each pod restarted by this roll took to come back
     * @return empty until one pod was timed
     */
    public static Optional<Instant> completion(
            int waiting, List<Instant> inFlightSince, List<Duration> measured, Instant now) {
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        long totalMillis = measured.stream().mapToLong(Duration::toMillis).sum();
        Duration mean = Duration.ofSeconds(Math.round(totalMillis / 1000.0 / measured.size()));
        Instant waveDone = now;
        for (Instant since : inFlightSince) {
            Instant expected = since.plus(mean);
            if (expected.isAfter(waveDone)) {
                waveDone = expected;
            }
        }
        int concurrency = Math.max(1, inFlightSince.size());
        long waves = (waiting + concurrency - 1) / concurrency;
        return Optional.of(waveDone.plus(mean.multipliedBy(waves)));
    }
}
