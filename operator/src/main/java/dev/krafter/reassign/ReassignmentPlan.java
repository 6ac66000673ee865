package dev.krafter.reassign;

import java.util.List;

/** The assignment to reach and the partition moves that lead there from the current one. */
public record ReassignmentPlan(Assignment target, List<PartitionMove> moves) {
    public ReassignmentPlan {
        moves = List.copyOf(moves);
    }

    /** Replicas that must be copied to a broker that does not hold them yet (drops and reorders are free). */
    public int movedReplicas() {
        return moves.stream().mapToInt(m -> m.addedReplicas().size()).sum();
    }

    public boolean isEmpty() {
        return moves.isEmpty();
    }
}
