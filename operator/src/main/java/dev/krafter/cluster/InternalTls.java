package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.SecuritySpec;
import java.util.Optional;

/**
 * Whether the replication (9091) and controller (9090) listeners use TLS with mutual authentication. A new cluster
 * gets it unless {@code spec.security.internalTls: false}; a cluster created before the operator knew about it keeps
 * its plaintext internal listeners, so an operator upgrade never rolls it. A schema default would make "unset"
 * undetectable, so the default lives here, as for the voter count ({@link QuorumSize}): the value a cluster was
 * created with is recorded on its broker ConfigMap ({@link #ANNOTATION}) and reported in {@code status.internalTls}.
 * A broker ConfigMap without the annotation belongs to a cluster created before: plaintext.
 */
final class InternalTls {
    /** Broker ConfigMap annotation: the internal TLS setting the cluster was created with. */
    static final String ANNOTATION = "krafter.dev/internal-tls";

    static final boolean NEW_CLUSTER_DEFAULT = true;

    private InternalTls() {}

    /** What the existing cluster runs with; empty before it is created. */
    static Optional<Boolean> existing(ObservedCluster observed) {
        if (observed.brokerConfig().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(observed.brokerConfigAnnotation(ANNOTATION)
                .map(Boolean::parseBoolean)
                .orElse(false));
    }

    /**
     * The value the cluster runs with: the existing cluster's, else (its ConfigMap lost) the one in status, else for a
     * new cluster the spec's or the default.
     */
    static boolean effective(KafkaCluster cluster, Optional<Boolean> existing) {
        return existing.or(() -> recordedInStatus(cluster))
                .orElseGet(() -> requested(cluster).orElse(NEW_CLUSTER_DEFAULT));
    }

    /** Records the effective value in status, where {@link ClusterTopology#of} and the user read it. */
    static void record(KafkaCluster cluster, Optional<Boolean> existing) {
        cluster.getStatus().setInternalTls(effective(cluster, existing));
    }

    /** For building the topology: the value recorded in status, else the spec's, else plaintext. */
    static boolean of(KafkaCluster cluster) {
        return recordedInStatus(cluster).or(() -> requested(cluster)).orElse(false);
    }

    /**
     * Switching an existing cluster's internal listeners is refused: brokers on either side of the switch could not talk
     * to each other, and the operator's own connection would break half-way.
     */
    static Optional<String> change(KafkaCluster cluster, Optional<Boolean> existing) {
        Optional<Boolean> requested = requested(cluster);
        if (existing.isEmpty() || requested.isEmpty() || requested.get().equals(existing.get())) {
            return Optional.empty();
        }
        return Optional.of("spec.security.internalTls cannot change on a running cluster: it runs with "
                + (existing.get() ? "TLS" : "plaintext")
                + " replication and controller listeners and the spec asks for "
                + (requested.get() ? "TLS" : "plaintext") + "; remove spec.security.internalTls or set it to "
                + existing.get() + " (the running cluster is left as it is; docs/security.md describes the migration)");
    }

    private static Optional<Boolean> requested(KafkaCluster cluster) {
        return Optional.ofNullable(cluster.getSpec().getSecurity()).map(SecuritySpec::getInternalTls);
    }

    private static Optional<Boolean> recordedInStatus(KafkaCluster cluster) {
        return Optional.ofNullable(cluster.getStatus()).map(s -> s.getInternalTls());
    }
}
