package dev.krafter.reassign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses which planned moves to start now so that no broker takes part in more than a given number of data-copying
 * moves at once (counting those already in flight). Moves that copy nothing (reorders, dropped replicas) always go.
 */
final class MoveBatcher {
    private MoveBatcher() {}

    static List<PartitionMove> nextBatch(
            List<PartitionMove> pending, Collection<ReplicaMovement> inFlight, int maxConcurrentMovesPerBroker) {
        if (maxConcurrentMovesPerBroker < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentMovesPerBroker must be >= 1, got " + maxConcurrentMovesPerBroker);
        }
        Map<Integer, Integer> busy = new HashMap<>();
        inFlight.stream()
                .filter(ReplicaMovement::copiesData)
                .forEach(m -> m.brokersMoving().forEach(b -> busy.merge(b, 1, Integer::sum)));
        List<PartitionMove> batch = new ArrayList<>();
        for (PartitionMove move : pending) {
            ReplicaMovement movement = ReplicaMovement.of(move);
            if (!movement.copiesData()) {
                batch.add(move);
                continue;
            }
            boolean fits = movement.brokersMoving().stream()
                    .allMatch(b -> busy.getOrDefault(b, 0) < maxConcurrentMovesPerBroker);
            if (fits) {
                batch.add(move);
                movement.brokersMoving().forEach(b -> busy.merge(b, 1, Integer::sum));
            }
        }
        return batch;
    }
}
