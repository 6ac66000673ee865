package dev.krafter.kafka;

import dev.krafter.api.v1alpha1.KafkaCluster;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
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

    /**
     * The security config of the operator's connections to this cluster (TLS with its own certificate on a cluster with
     * internal TLS), for the clients besides the shared Admin: a plaintext client on a TLS listener reads the TLS
     * handshake as a huge response size and runs out of heap.
     */
    Map<String, Object> securityFor(KafkaCluster cluster);

    /** Closes and forgets the client of a deleted cluster, after telling the {@link #onForget} listeners. */
    void forget(String namespace, String name);

    /**
     * Calls {@code listener} with the namespace and name of each cluster forgotten from now on, before its client is
     * closed, so that what was built on the client (observation loops, batchers) is released with it.
     */
    void onForget(BiConsumer<String, String> listener);

    /** The client cached for this cluster, if there is one now; never creates one. */
    Optional<Admin> cached(String namespace, String name);

    @Override
    void close();
}
