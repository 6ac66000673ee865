package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.PodRestart;
import dev.krafter.roll.RollEstimate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a rolling restart remembers of its own pace in {@code status.operation}: the pods it restarted that are not back
 * yet (with when), and how long each pod it restarted took to come back. Kept from one reconcile to the next through
 * status, so another operator replica taking over carries on with it; safety never depends on it (the planner
 * derives what is away from the pods and Kafka), only the estimate does.
 */
record RollTiming(List<PodRestart> restarting, List<Integer> restartSeconds) {

    RollTiming {
        restarting = List.copyOf(restarting);
        restartSeconds = List.copyOf(restartSeconds);
    }

    /** The timing the previous reconcile recorded for a roll of {@code type}; empty for another operation. */
    static RollTiming carriedOver(Optional<OperationStatus> previous, String type) {
        return previous.filter(op -> type.equals(op.getType()))
                .map(op -> new RollTiming(
                        op.getRestarting() == null ? List.of() : op.getRestarting(),
                        op.getRestartSeconds() == null ? List.of() : op.getRestartSeconds()))
                .orElse(new RollTiming(List.of(), List.of()));
    }

    /**
     * Times the pods that are back: a restarted pod that no longer exists in the spec is forgotten, one still away
     * stays in flight, the others are measured from their restart until {@code now}.
     */
    RollTiming settle(Predicate<String> known, Predicate<String> away, Instant now) {
        List<PodRestart> stillAway = new ArrayList<>();
        List<Integer> seconds = new ArrayList<>(restartSeconds);
        for (PodRestart restart : restarting) {
            if (!known.test(restart.getPod())) {
                continue;
            }
            if (away.test(restart.getPod())) {
                stillAway.add(restart);
            } else {
                seconds.add((int) Duration.between(Instant.parse(restart.getRestartedAt()), now)
                        .toSeconds());
            }
        }
        return new RollTiming(stillAway, seconds);
    }

    /** {@code pods} were just deleted. */
    RollTiming restarted(List<String> pods, Instant now) {
        List<PodRestart> inFlight = new ArrayList<>(restarting);
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        pods.forEach(pod -> inFlight.add(new PodRestart(pod, at)));
        return new RollTiming(inFlight, restartSeconds);
    }

    Optional<Instant> estimate(int waiting, Instant now) {
        return RollEstimate.completion(
                waiting,
                restarting.stream().map(r -> Instant.parse(r.getRestartedAt())).toList(),
                restartSeconds.stream().map(Duration::ofSeconds).toList(),
                now);
    }

    /** Writes the timing and the estimate into the roll's operation status. */
    void writeTo(OperationStatus operation, int waiting, Instant now) {
        operation.setRestarting(restarting.isEmpty() ? null : restarting);
        operation.setRestartSeconds(restartSeconds.isEmpty() ? null : restartSeconds);
        operation.setEstimatedCompletionAt(estimate(waiting, now)
                .map(at -> at.truncatedTo(ChronoUnit.SECONDS).toString())
                .orElse(null));
    }
}
