package dev.krafter.api.v1alpha1;

/** What happens in Kafka when the custom resource is deleted. */
public enum DeletionPolicy {
    /** Remove the Kafka object (topic, or a group's committed offsets). */
    Delete,
    /** Leave the Kafka object as it is. */
    Retain
}
