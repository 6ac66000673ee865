package dev.krafter.kafka;

import dev.krafter.api.v1alpha1.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;

/**
 * The seam between the operator and Kafka: one shared, cached {@link Admin} client per KafkaCluster. Production code
 * reaches the cluster through its bootstrap Service; tests point it at a real in-JVM KRaft cluster.
 */
public interface KafkaAdmins extends AutoCloseable {
    /** A shared client for this cluster; callers must not close it. */
    Admin adminFor(KafkaCluster cluster);

    /** Bootstrap address the operator uses for this cluster. */
    String bootstrapFor(KafkaCluster cluster);

    /** Closes and forgets the client of a deleted cluster. */
    void forget(String namespace, String name);

    @Override
    void close();
}
