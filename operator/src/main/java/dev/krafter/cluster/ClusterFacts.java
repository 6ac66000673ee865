package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.operator.Resources;

/**
 * What one reconcile of a KafkaCluster works from, gathered once at its start: the resource, the shape its spec asks
 * for, its Kubernetes objects as they are, and Kafka as it answers.
 */
record ClusterFacts(KafkaCluster cluster, ClusterTopology topology, ObservedCluster observed, KafkaObservation kafka) {

    KafkaClusterStatus status() {
        return cluster.getStatus();
    }

    String namespace() {
        return cluster.getMetadata().getNamespace();
    }

    /** namespace/name, for logs. */
    String ref() {
        return Resources.ref(cluster);
    }

    /** Broker count of the broker StatefulSet as it exists (0 before creation). */
    int currentBrokers() {
        return observed.brokerReplicas();
    }
}
