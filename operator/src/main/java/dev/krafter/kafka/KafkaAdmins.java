package dev.krafter.kafka;

import dev.krafter.api.v1alpha1.KafkaCluster;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The seam between the operator and Kafka, and the one registry of what the operator keeps in memory per KafkaCluster:
 * its shared {@link Admin} client and what the reconcilers build for it (a topic batcher, a group observation loop).
 * All of it is made on first use and released together when the cluster is deleted ({@link #forget}) or re-created
 * under the same name. Production code reaches a cluster through its bootstrap Service; tests point it at a real
 * in-JVM KRaft cluster.
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

    /**
     * The {@code type} of state kept for this cluster as long as it exists, made by {@code create} on first use. It
     * outlives a replaced client; it is closed (when {@link AutoCloseable}) when the cluster is forgotten.
     */
    <T> T clusterState(KafkaCluster cluster, Class<T> type, Supplier<T> create);

    /**
     * The {@code type} of state built on the cluster's current client, made by {@code create} from it on first use and
     * made again after the client is replaced (a new bootstrap address or certificate).
     */
    <T> T clientState(KafkaCluster cluster, Class<T> type, Function<Admin, T> create);

    /** The {@code type} of cluster state kept for this cluster now, if any; never makes one. */
    <T> Optional<T> existingClusterState(String namespace, String name, Class<T> type);

    /**
     * Closes and forgets the client and all state of a deleted cluster (that very uid: a cluster re-created under the
     * name in the meantime keeps its own); it gets none any more. Asking for a deleted cluster's client or state is a
     * {@link dev.krafter.failure.TransientProblem} with reason ClusterNotFound.
     */
    void forget(String namespace, String name, String uid);

    /** The client cached for this cluster, if there is one now; never creates one. */
    Optional<Admin> cached(String namespace, String name);

    @Override
    void close();
}
