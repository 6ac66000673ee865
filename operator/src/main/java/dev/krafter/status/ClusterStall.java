package dev.krafter.status;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * A Topic or ConsumerGroup that cannot progress because its KafkaCluster is Stalled says so: Stalled with reason
 * {@link Reasons#CLUSTER_STALLED} and the cluster's own reason and message, so a user looking at the Topic learns the
 * cause without looking further. It recovers by itself when the cluster does (the cluster's Stalled condition flipping
 * wakes the resources that name it, see {@code ClusterRefEventSource}).
 */
public final class ClusterStall {
    private ClusterStall() {}

    /**
     * Waiting for the KafkaCluster a resource names when it does not exist in the resource's namespace or is being
     * deleted; empty when it is there to use. Creating the cluster (or its deletion finishing) wakes the resource.
     */
    public static Optional<Health> missing(String clusterName, Optional<KafkaCluster> cluster, String namespace) {
        if (cluster.isPresent() && !cluster.get().isMarkedForDeletion()) {
            return Optional.empty();
        }
        return Optional.of(Health.progressing(
                Reasons.CLUSTER_NOT_FOUND,
                "KafkaCluster " + clusterName + (cluster.isEmpty() ? " does not exist" : " is being deleted")
                        + " in namespace " + namespace));
    }

    /** Stalled because of the cluster, when the cluster is Stalled; empty otherwise. */
    public static Optional<Health> of(KafkaCluster cluster) {
        return stalledCondition(cluster)
                .map(c -> Health.stalled(
                        Reasons.CLUSTER_STALLED,
                        "KafkaCluster " + cluster.getMetadata().getName() + " is Stalled (" + c.getReason() + "): "
                                + c.getMessage()));
    }

    /**
     * The cluster's stall in place of {@code own} while the resource waits (cannot reach Kafka, is still converging):
     * what it waits for will not come while the cluster is Stalled. Ready, and the resource's own stall (a spec
     * problem of its own), are kept.
     */
    public static Health unlessBlocked(KafkaCluster cluster, Health own) {
        return own.isReady() || own.isStalled() ? own : of(cluster).orElse(own);
    }

    /** The cluster's Stalled condition when it is True. */
    public static Optional<Condition> stalledCondition(KafkaCluster cluster) {
        return cluster.getStatus() == null
                ? Optional.empty()
                : Conditions.find(cluster.getStatus().getConditions(), Conditions.STALLED)
                        .filter(c -> "True".equals(c.getStatus()));
    }
}
