package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.StorageSpec;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Changes that a running cluster cannot take, judged against what exists (not against the last spec): the quorum
 * shape (mode and voter count) and a Kafka version below the release whose metadata.version is finalized; and a
 * quorum that a new cluster must not be created with.
 */
public final class ClusterGuards {
    private ClusterGuards() {}

    /**
     * The quorum shape is fixed at creation: the StatefulSets, the voters in every node's config and the formatted
     * metadata logs all depend on it. {@code existingShape} is the shape recorded when the cluster was created.
     */
    public static Optional<String> quorumChange(ClusterTopology desired, Optional<String> existingShape) {
        String wanted = ClusterObjects.quorumShape(desired);
        if (existingShape.isEmpty() || existingShape.get().equals(wanted)) {
            return Optional.empty();
        }
        String[] existing = existingShape.get().split("/");
        return Optional.of("spec.controllers cannot change after creation: the cluster runs " + existing[1] + " "
                + existing[0] + " controller(s) and the spec asks for " + desired.controllers() + " "
                + (desired.dedicated() ? "dedicated" : "combined") + "; restore spec.controllers.mode: " + existing[0]
                + " and spec.controllers.replicas: " + existing[1] + " (the running cluster is left as it is)");
    }

    /**
     * A single KRaft voter on ephemeral storage holds the only copy of the cluster's metadata: every restart of its pod
     * (a node drain, an eviction, the restarts the operator makes for renewed certificates or a config change) formats
     * an empty log. The other nodes then stop on a leader that truncates below their high watermark and, once back,
     * find none of their topics in the metadata. Only a cluster that is that one node loses nothing it would not lose
     * with its data anyway. Judged at creation only: a cluster an earlier operator version created keeps running.
     */
    public static Optional<String> loneEphemeralVoter(KafkaCluster cluster, ClusterTopology topology, boolean created) {
        ControllersSpec controllers = cluster.getSpec().getControllers();
        StorageSpec voterStorage = topology.dedicated()
                ? controllers == null ? null : controllers.getStorage()
                : cluster.getSpec().getBrokers().getStorage();
        boolean ephemeral = voterStorage != null && voterStorage.getType() == StorageSpec.Type.EPHEMERAL;
        boolean othersDependOnIt = topology.dedicated() || topology.brokers() > 1;
        if (created || !ephemeral || topology.controllers() != 1 || !othersDependOnIt) {
            return Optional.empty();
        }
        String field = topology.dedicated() ? "spec.controllers.storage" : "spec.brokers.storage";
        return Optional.of(
                "a single KRaft controller on ephemeral storage (" + field + ".type: ephemeral) holds the only"
                        + " copy of the cluster's metadata and loses it, with every topic, each time its pod restarts, including"
                        + " the restarts the operator makes for certificate renewals and config changes; set " + field
                        + ".type: persistent, or "
                        + (topology.dedicated()
                                ? "run 3 controllers (spec.controllers.replicas: 3)"
                                : "make 3 brokers voters (spec.controllers.replicas: 3, with at least 3 brokers)"));
    }

    /**
     * The authorizer needs to know who the brokers and the operator are: on plaintext internal listeners they are
     * ANONYMOUS, and making ANONYMOUS a super user would give everyone who reaches port 9091 every right.
     */
    public static Optional<String> authorizationWithoutInternalTls(ClusterTopology topology) {
        if (!topology.security().authorization() || topology.security().internalTls()) {
            return Optional.empty();
        }
        return Optional.of(
                "spec.authorization needs TLS on the internal listeners, so that the brokers and the operator"
                        + " authenticate with their certificates, but this cluster runs plaintext replication and controller"
                        + " listeners (status.internalTls: false, it was created before internal TLS existed or with"
                        + " spec.security.internalTls: false); remove spec.authorization (docs/security.md describes the"
                        + " migration; the running cluster is left as it is)");
    }

    /**
     * A downgrade below the release that finalized metadata.version would make the nodes fail to read their metadata
     * log. {@code metadataRelease} is the Kafka version the finalized metadata.version belongs to.
     */
    public static Optional<String> unsafeDowngrade(KafkaCluster cluster, Optional<String> metadataRelease) {
        if (metadataRelease.isEmpty()) {
            return Optional.empty();
        }
        String wanted = cluster.getSpec().getVersion();
        if (compareMinor(wanted, metadataRelease.get()) >= 0) {
            return Optional.empty();
        }
        return Optional.of("spec.version " + wanted + " is older than " + metadataRelease.get()
                + ", whose metadata.version the cluster has finalized: Kafka cannot downgrade metadata.version, so nodes"
                + " of " + wanted + " could not read the metadata log. Set spec.version to " + metadataRelease.get()
                + " or later (the running cluster is left as it is)");
    }

    /**
     * Compares major.minor of two x.y.z versions (patch releases share a metadata.version). The schema only says
     * "digits", so a part may not fit an int (4.99999999999.0): parts are compared as numbers of any size.
     */
    static int compareMinor(String a, String b) {
        BigInteger[] x = parse(a);
        BigInteger[] y = parse(b);
        return x[0].equals(y[0]) ? x[1].compareTo(y[1]) : x[0].compareTo(y[0]);
    }

    private static BigInteger[] parse(String version) {
        String[] parts = version.split("\\.");
        return new BigInteger[] {number(parts[0]), parts.length > 1 ? number(parts[1]) : BigInteger.ZERO};
    }

    private static BigInteger number(String digits) {
        return digits.matches("[0-9]+") ? new BigInteger(digits) : BigInteger.ZERO;
    }
}
