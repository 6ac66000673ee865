package dev.krafter.status;

/** Condition reasons shared by the kinds. Kind-specific reasons live next to their reconciler. */
public final class Reasons {
    public static final String READY = "Ready";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";
    public static final String CLUSTER_NOT_READY = "ClusterNotReady";
    /** A Topic or ConsumerGroup held up by its KafkaCluster being Stalled (the message carries the cluster's cause). */
    public static final String CLUSTER_STALLED = "ClusterStalled";
    public static final String KAFKA_UNREACHABLE = "KafkaUnreachable";
    public static final String KAFKA_ERROR = "KafkaError";
    public static final String PAUSED = "Paused";
    public static final String NOT_SUPPORTED = "NotSupported";
    public static final String CONFLICT = "Conflict";

    private Reasons() {
    }
}
