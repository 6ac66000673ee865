package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.ControllersStatus;
import dev.krafter.api.v1alpha1.KafkaCluster;
import java.util.Optional;

/**
 * The number of KRaft voters. {@code spec.controllers.replicas} when set; when unset, the operator chooses at creation
 * and keeps that count afterwards: in combined mode 1 voter for 1 or 2 brokers (2 voters would not survive the loss of
 * either, so they add nothing over 1) and 3 from 3 brokers on (one voter may be lost, as Kafka's own guidance for
 * production); 3 dedicated controllers in dedicated mode. A schema default would make "unset" undetectable, so the
 * default lives here and the chosen count is reported in {@code status.controllers.replicas}.
 *
 * <p>"Kept afterwards" reads the count of an existing cluster from what it was created with (the quorum shape recorded
 * on the broker ConfigMap, {@link ClusterLabels#QUORUM}), so a cluster stored when the schema defaulted the count to 3
 * keeps its 3 voters, and scaling the brokers never changes the quorum.
 */
final class QuorumSize {
    static final int DEDICATED_DEFAULT = 3;

    private QuorumSize() {}

    /** The voter count a new cluster gets when spec.controllers.replicas is unset. */
    static int defaultVoters(boolean dedicated, int brokers) {
        if (dedicated) {
            return DEDICATED_DEFAULT;
        }
        return brokers >= 3 ? 3 : 1;
    }

    /**
     * The voter count: the spec's, else the existing cluster's ({@code recordedShape}, "mode/count"), else the status's
     * of an existing cluster, else the default for the spec's broker count.
     */
    static int resolve(KafkaCluster cluster, boolean created, Optional<String> recordedShape) {
        ControllersSpec spec = controllers(cluster);
        if (spec.getReplicas() != null) {
            return spec.getReplicas();
        }
        Optional<Integer> existing = recordedShape
                .flatMap(QuorumSize::countOf)
                .or(() -> created ? recordedInStatus(cluster) : Optional.empty());
        return existing.orElseGet(() -> defaultVoters(
                spec.getMode() == ControllersSpec.Mode.DEDICATED,
                cluster.getSpec().getBrokers().getReplicas()));
    }

    /** Records the voter count in status, where {@link ClusterTopology#of} and the user read it. */
    static void record(KafkaCluster cluster, boolean created, Optional<String> recordedShape) {
        int voters = resolve(cluster, created, recordedShape);
        if (cluster.getStatus().getControllers() == null) {
            cluster.getStatus().setControllers(new ControllersStatus());
        }
        cluster.getStatus().getControllers().setReplicas(voters);
    }

    /** The voter count for building the topology: the spec's, else the one recorded in status, else the default. */
    static int of(KafkaCluster cluster) {
        ControllersSpec spec = controllers(cluster);
        if (spec.getReplicas() != null) {
            return spec.getReplicas();
        }
        return recordedInStatus(cluster)
                .orElseGet(() -> defaultVoters(
                        spec.getMode() == ControllersSpec.Mode.DEDICATED,
                        cluster.getSpec().getBrokers().getReplicas()));
    }

    static Optional<Integer> recordedInStatus(KafkaCluster cluster) {
        return Optional.ofNullable(cluster.getStatus())
                .map(s -> s.getControllers())
                .map(ControllersStatus::getReplicas);
    }

    static Optional<Integer> countOf(String shape) {
        String[] parts = shape.split("/");
        if (parts.length != 2 || !parts[1].matches("[0-9]{1,2}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(parts[1]));
    }

    private static ControllersSpec controllers(KafkaCluster cluster) {
        return cluster.getSpec().getControllers() == null
                ? new ControllersSpec()
                : cluster.getSpec().getControllers();
    }
}
