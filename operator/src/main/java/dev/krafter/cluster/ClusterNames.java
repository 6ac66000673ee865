package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;

/**
 * Names of the Kubernetes objects Krafter makes for a KafkaCluster, and the addresses derived from them. Everything
 * that needs a name asks here, so the names stay consistent between builders, status and the admin seam.
 */
public final class ClusterNames {
    public static final int CONTROLLER_PORT = 9090;
    public static final int REPLICATION_PORT = 9091;
    public static final int DEFAULT_CLIENT_PORT = 9092;
    public static final int METRICS_PORT = 9404;
    public static final int PROBE_PORT = 9500;

    private ClusterNames() {}

    public static String brokers(String cluster) {
        return cluster + "-broker";
    }

    public static String controllers(String cluster) {
        return cluster + "-controller";
    }

    /** Headless Service that gives every node a stable DNS name. */
    public static String headless(String cluster) {
        return cluster + "-nodes";
    }

    /** ClusterIP Service in front of all brokers, for clients and the operator. */
    public static String bootstrap(String cluster) {
        return cluster + "-bootstrap";
    }

    public static String brokerConfig(String cluster) {
        return cluster + "-broker-config";
    }

    public static String controllerConfig(String cluster) {
        return cluster + "-controller-config";
    }

    public static String serviceAccount(String cluster) {
        return cluster + "-kafka";
    }

    public static String podDisruptionBudget(String cluster) {
        return cluster + "-kafka";
    }

    /** NetworkPolicy of the cluster's node pods. */
    public static String networkPolicy(String cluster) {
        return cluster + "-kafka";
    }

    /** Secret with the cluster CA's certificate and key (and the previous ones while a renewal overlaps). */
    public static String clusterCa(String cluster) {
        return cluster + "-cluster-ca";
    }

    /** Secret with only the cluster CA certificates to trust, for clients: no key. */
    public static String clusterCaCert(String cluster) {
        return cluster + "-cluster-ca-cert";
    }

    /** Secret with the clients CA's certificate and key, which signs client certificates. */
    public static String clientsCa(String cluster) {
        return cluster + "-clients-ca";
    }

    /** Secret with only the clients CA certificates, which brokers trust for client authentication: no key. */
    public static String clientsCaCert(String cluster) {
        return cluster + "-clients-ca-cert";
    }

    /** Secret with every node's key store (key and certificate chain), mounted into the node pods. */
    public static String nodeCertificates(String cluster) {
        return cluster + "-node-certs";
    }

    /** Secret with the operator's own client certificate (cluster CA), for its admin connection: no pod mounts it. */
    public static String operatorCertificate(String cluster) {
        return cluster + "-operator-cert";
    }

    /** Bootstrap Service of an external (NodePort or LoadBalancer) listener. */
    public static String externalBootstrap(String cluster, String listener) {
        return cluster + "-" + listener + "-bootstrap";
    }

    /** Per-broker Service of an external listener. */
    public static String externalBroker(String cluster, String listener, int ordinal) {
        return cluster + "-" + listener + "-" + ordinal;
    }

    public static String podName(String statefulSet, int ordinal) {
        return statefulSet + "-" + ordinal;
    }

    /** Stable DNS name of a node pod. */
    public static String podHost(String cluster, String namespace, String podName) {
        return podName + "." + headless(cluster) + "." + namespace + ".svc";
    }

    public static String bootstrapHost(String cluster, String namespace) {
        return bootstrap(cluster) + "." + namespace + ".svc";
    }

    /** The address the operator's Admin client uses: the replication listener behind the bootstrap Service. */
    public static String adminBootstrap(KafkaCluster cluster) {
        return bootstrapHost(
                        cluster.getMetadata().getName(), cluster.getMetadata().getNamespace()) + ":" + REPLICATION_PORT;
    }
}
