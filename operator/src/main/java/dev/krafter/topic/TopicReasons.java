package dev.krafter.topic;

/** Condition and Event reasons of a Topic (besides the shared {@link dev.krafter.status.Reasons}). */
public final class TopicReasons {
    /** Stalled: spec.topicName changed after the topic was created; Kafka cannot rename topics. */
    public static final String TOPIC_NAME_CHANGED = "TopicNameChanged";
    /** Reconciling: replicas are being added or removed. */
    public static final String REPLICATION_FACTOR_CHANGING = "ReplicationFactorChanging";
    /** Reconciling: Kafka created the topic or new partitions; their brokers are still creating the replicas. */
    public static final String REPLICAS_STARTING = "ReplicasStarting";

    /** Event: the topic was changed to match the spec. */
    public static final String UPDATED = "Updated";
    /** Event: a topic that already existed in Kafka is now managed by the Topic. */
    public static final String ADOPTED = "Adopted";
    /** Event: the Kafka topic was deleted with its Topic. */
    public static final String DELETED = "Deleted";
    /** Event: the Topic was deleted and the Kafka topic kept. */
    public static final String RETAINED = "Retained";

    private TopicReasons() {}
}
