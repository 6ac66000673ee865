package dev.krafter.api.v1alpha1;

/** How a Topic came to manage its Kafka topic; decides what deletionPolicy Delete may delete. */
public enum TopicOrigin {
    /** The operator created the Kafka topic for this Topic resource. */
    Created,
    /**
     * The Kafka topic existed before this Topic resource took it over (made by hand or another tool, left by a deleted
     * or re-created Topic, or recorded by a Krafter version that did not tell the two apart).
     */
    Adopted
}
