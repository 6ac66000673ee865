package dev.krafter.roll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-pod timeout and backoff of a rolling restart, computed from when the restarted pod was created (its
 * {@code metadata.creationTimestamp}), so nothing has to be remembered across operator restarts.
 *
 * <p>Use with a {@link RollDecision} of cause {@link RollDecision.WaitCause#REJOINING}: {@link #overdue} gives the
 * Stalled message once the pod took longer than {@code rollout.podTimeoutSeconds}; {@link #nextCheck} gives
 * the reschedule delay (short while in time, then growing).
 */
public final class RollTimeouts {

    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private RollTimeouts() {}

    /** The Stalled message when {@code podName}, restarted at {@code restartedAt}, is past its timeout. */
    public static Optional<String> overdue(
            String podName, Instant restartedAt, Instant now, Duration podTimeout, String waitingFor) {
        Duration waited = Duration.between(restartedAt, now);
        if (waited.compareTo(podTimeout) <= 0) {
            return Optional.empty();
        }
        return Optional.of("pod " + podName + " was restarted " + waited.toSeconds() + "s ago and is still not back"
                + " (" + waitingFor + "); rollout.podTimeoutSeconds is " + podTimeout.toSeconds()
                + ". Check the pod's events and logs; the roll resumes by itself once it rejoins");
    }

    /**
     * When to look again: every {@link #POLL} within the timeout; past it 30 s, doubling each further timeout
     * period the pod stays overdue, at most 10 min.
     */
    public static Duration nextCheck(Instant restartedAt, Instant now, Duration podTimeout) {
        Duration waited = Duration.between(restartedAt, now);
        if (waited.compareTo(podTimeout) <= 0) {
            return POLL;
        }
        long periodsOverdue = waited.minus(podTimeout).toMillis() / Math.max(1, podTimeout.toMillis());
        Duration delay = FIRST_BACKOFF;
        for (long i = 0; i < periodsOverdue && delay.compareTo(MAX_BACKOFF) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
