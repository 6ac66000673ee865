package dev.krafter.kafka;

import dev.krafter.api.v1alpha1.KafkaCluster;

/** A KafkaCluster by namespace and name, the key of what the operator keeps for it; printed as namespace/name. */
public record ClusterKey(String namespace, String name) {
    public static ClusterKey of(KafkaCluster cluster) {
        return new ClusterKey(
                cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
