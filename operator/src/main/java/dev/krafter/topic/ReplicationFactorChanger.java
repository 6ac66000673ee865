package dev.krafter.topic;

import org.apache.kafka.clients.admin.Admin;

/**
 * The seam through which the Topic reconciler changes a topic's replication factor: by reassigning partitions, which
 * only the component that plans and throttles reassignments should do. Called on every reconcile while the topic's
 * replication factor differs from the spec, so an implementation must be idempotent: start the moves when none run,
 * otherwise report how far they got.
 */
public interface ReplicationFactorChanger {
    /** How far a replication-factor change is: partitions at the target / all partitions; done when all are. */
    record Progress(int moved, int total, boolean done) {
    }

    Progress change(Admin admin, String topic, int targetReplicationFactor) throws Exception;
}
