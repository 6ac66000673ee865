package dev.krafter.reassign;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Data flowing for one partition while it is reassigned: its current replicas send (any of them may lead) and the
 * added replicas receive. Used to size batches and to decide which replicas to throttle.
 */
public record ReplicaMovement(
        TopicPartition partition, List<Integer> sources, List<Integer> adding, List<Integer> removing) {
    public ReplicaMovement {
        sources = List.copyOf(sources);
        adding = List.copyOf(adding);
        removing = List.copyOf(removing);
    }

    static ReplicaMovement of(PartitionMove move) {
        return new ReplicaMovement(move.partition(), move.from(), move.addedReplicas(), move.removedReplicas());
    }

    static ReplicaMovement of(TopicPartition tp, ReassignmentAdmin.InFlightReassignment inFlight) {
        return new ReplicaMovement(tp, inFlight.original(), inFlight.adding(), inFlight.removing());
    }

    boolean copiesData() {
        return !adding.isEmpty();
    }

    /** Brokers whose disks change for this partition: those gaining and those losing a replica. */
    Set<Integer> brokersMoving() {
        Set<Integer> brokers = new TreeSet<>(adding);
        brokers.addAll(removing);
        return brokers;
    }

    /** Brokers taking part in the copy: senders and receivers. */
    Set<Integer> brokersInvolved() {
        Set<Integer> brokers = new TreeSet<>(sources);
        brokers.addAll(adding);
        return brokers;
    }
}
