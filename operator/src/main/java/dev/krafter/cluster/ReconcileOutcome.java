package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.status.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the steps of one KafkaCluster reconcile report as they go: the operation in progress (for
 * {@code status.operation} and the Reconciling reason), a step that cannot proceed (Stalled), and when to look again.
 */
final class ReconcileOutcome {
    private final OperationStatus previous;
    private final Clock clock;
    private OperationStatus operation;
    private Health stalled;
    private Duration reschedule;

    /**
     * @param previous the operation the last reconcile recorded (its start time is kept while the type is the same)
     * @param resync   when to look again if no step asks for sooner
     */
    ReconcileOutcome(OperationStatus previous, Duration resync, Clock clock) {
        this.previous = previous;
        this.reschedule = resync;
        this.clock = clock;
    }

    /**
     * Records the operation in progress. The first one recorded in a reconcile wins, as the steps run from the most
     * significant (a roll, a scale) on, except that {@code ApplyingConfig} gives way to any later one.
     *
     * @return the operation now recorded (the earlier one when it won)
     */
    OperationStatus operation(String type, String phase, String progress) {
        if (operation != null && !ClusterReasons.APPLYING_CONFIG.equals(operation.getType())) {
            return operation;
        }
        OperationStatus op = new OperationStatus();
        op.setType(type);
        op.setPhase(phase);
        op.setProgress(progress);
        op.setStartedAt(
                previous != null && type.equals(previous.getType()) && previous.getStartedAt() != null
                        ? previous.getStartedAt()
                        : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        operation = op;
        return op;
    }

    /** A step cannot proceed without a change (or time): the cluster is reported Stalled with this reason. */
    void stall(String reason, String message) {
        stalled = Health.stalled(reason, message);
    }

    /** Asks for the next reconcile no later than {@code delay} from now. */
    void lookAgainWithin(Duration delay) {
        if (delay.compareTo(reschedule) < 0) {
            reschedule = delay;
        }
    }

    /** An operation is under way or a step is blocked. */
    boolean busy() {
        return operation != null || stalled != null;
    }

    Optional<OperationStatus> operation() {
        return Optional.ofNullable(operation);
    }

    Optional<Health> stalled() {
        return Optional.ofNullable(stalled);
    }

    Duration reschedule() {
        return reschedule;
    }

    /** The operation the previous reconcile recorded, if any. */
    Optional<OperationStatus> previous() {
        return Optional.ofNullable(previous);
    }
}
