package dev.krafter.status;

/**
 * Condition reasons every kind can set. The reasons of one kind live in its own holder ({@code ClusterReasons},
 * {@code TopicReasons}, {@code GroupReasons}); a reason is set only through a constant of one of these holders, and
 * docs/troubleshooting.md explains each (TroubleshootingDocTest checks both).
 */
public final class Reasons {
    public static final String READY = "Ready";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";
    /** A Topic or ConsumerGroup held up by its KafkaCluster being Stalled (the message carries the cluster's cause). */
    public static final String CLUSTER_STALLED = "ClusterStalled";

    public static final String KAFKA_UNREACHABLE = "KafkaUnreachable";
    public static final String KAFKA_ERROR = "KafkaError";
    /** Kafka refused what the spec asks for (a config value, a replication factor, a credential): change the spec. */
    public static final String KAFKA_REJECTED = "KafkaRejected";
    /** The replicas cannot be placed as asked (a replication factor above the usable brokers, racks too few). */
    public static final String CANNOT_PLACE_REPLICAS = "CannotPlaceReplicas";

    public static final String PAUSED = "Paused";
    public static final String NOT_SUPPORTED = "NotSupported";
    public static final String CONFLICT = "Conflict";
    /** The reason of Reconciling and Stalled while they are False and the resource is not Ready. */
    public static final String NOT_APPLICABLE = "NotApplicable";

    private Reasons() {}
}
