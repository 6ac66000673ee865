package dev.krafter.reassign;

import dev.krafter.api.v1alpha1.ReassignmentProgress;

/**
 * Where a rebalance stands after a step.
 *
 * @param movedReplicas          replica copies finished in this operation
 * @param totalReplicas          replica copies of the whole operation (moved + in flight + not started)
 * @param inFlightPartitions     partition reassignments Kafka is carrying out for this request
 * @param pendingPartitions      planned partition changes not started yet
 * @param throttleBytesPerSecond replication throttle in force, or null when none is set
 * @param done                   everything is in place, throttles removed and preferred leaders elected
 * @param phase                  what is going on, for status ("moving replicas", "waiting for in-flight moves", ...)
 */
public record RebalanceProgress(
        int movedReplicas,
        int totalReplicas,
        int inFlightPartitions,
        int pendingPartitions,
        Long throttleBytesPerSecond,
        boolean done,
        String phase) {

    /** For {@code status.operation.progress}: "moved/total". */
    public String progress() {
        return movedReplicas + "/" + totalReplicas;
    }

    /** For a Topic's {@code status.reassignment}. */
    public ReassignmentProgress toReassignmentProgress() {
        return new ReassignmentProgress(movedReplicas, totalReplicas, throttleBytesPerSecond);
    }
}
