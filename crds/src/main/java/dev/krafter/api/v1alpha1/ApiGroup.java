package dev.krafter.api.v1alpha1;

/** Names shared by the kinds. */
public final class ApiGroup {
    public static final String GROUP = "krafter.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Annotation that stops reconciliation of a KafkaCluster, Topic, ConsumerGroup or KafkaUser while it is {@code "true"}. */
    public static final String PAUSED_ANNOTATION = GROUP + "/paused";
    /** Annotation on a KafkaCluster or one of its pods that requests a rolling restart; any new value triggers one. */
    public static final String RESTART_ANNOTATION = GROUP + "/restart";

    /**
     * Annotation on a Topic that confirms deleting an adopted Kafka topic with the resource (deletionPolicy Delete); its
     * value must be the Kafka topic name.
     */
    public static final String DELETE_ADOPTED_TOPIC_ANNOTATION = GROUP + "/delete-adopted-topic";

    private ApiGroup() {}
}
