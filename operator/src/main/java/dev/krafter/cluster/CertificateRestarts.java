package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which node pods must restart to load a renewed node certificate or a new cluster CA: pure, from when each was issued
 * and when each pod was created.
 *
 * <p>With internal TLS the controller listener (9090) authenticates every node by its node certificate, and Kafka 4.4.0
 * cannot load a new one there at run time, on either side of the connection:
 * <ul>
 *   <li>a dedicated controller has no dynamic reload of its listeners at all (KAFKA-20583, apache/kafka#22688, still
 *       open), and the operator's Admin client reaches brokers only;</li>
 *   <li>every node, brokers included, reaches the controllers through {@code KafkaRaftManager}, whose client channel
 *       is built once from the static config and never registered as a reconfigurable: in kafka_2.13-4.4.0.jar,
 *       {@code kafka.raft.KafkaRaftManager.buildNetworkClient} calls {@code ChannelBuilders.clientChannelBuilder} and
 *       the class has no reference to any {@code Reconfigurable} (KAFKA-20025, fixed on trunk by apache/kafka#23288 in
 *       2026-08, after 4.4.0 was cut). A broker whose listeners reloaded live still presents its old certificate, and
 *       trusts only the CAs it started with, when it reconnects to a controller.</li>
 * </ul>
 * So every node whose pod was created before its certificate was issued, or before the newest cluster CA was generated,
 * restarts through the roll ({@link RollStep}: controllers first, one at a time or {@code spec.rollout.maxConcurrent},
 * only when safe), right after the renewal rather than at expiry. The CA rule matters because node certificates move to
 * a new CA half-way through its renewal window: by then every node must already trust it on the controller
 * connections. A certificate re-issued only for new names (a NodePort broker's node address, known once its pod is
 * scheduled) keeps the notBefore and notAfter of the one it replaces ({@link dev.krafter.certs.RenewalPlanner#issuedValidity}):
 * the controllers do not check a client's names, the old certificate stays valid on that connection, so nothing
 * restarts (and a restarted pod landing on another node cannot start a restart loop); the renewal before it expires
 * restarts the node. Without internal TLS the controller listener is plaintext and the client listeners of brokers
 * reload live ({@link CertificatesStep}): nothing restarts.
 *
 * <p>The pod's creation time is what counts, not its container's start: the roll restarts a pod by deleting it, and
 * the replacement gets the Secret's current content when its volume is set up, while a container restarted in place
 * keeps the pod's volume, which the kubelet refreshes only about a minute after the Secret changed. Times have second
 * precision on both sides (X.509 notBefore, creationTimestamp): a pod created in the same second as the certificate
 * counts as created after it, since a new cluster's and a new broker's pods are created right after their
 * certificates. The comparison takes the operator's clock (notBefore) and the API server's (creationTimestamp) to
 * agree, as TLS validity does.
 */
final class CertificateRestarts {
    private CertificateRestarts() {}

    /**
     * When what a node loads at start was last issued.
     *
     * @param nodeCertificates by pod name: the notBefore of the node's current certificate
     * @param newestCa         the notBefore of the newest cluster CA in the trust bundle
     */
    record Issued(Map<String, Instant> nodeCertificates, Optional<Instant> newestCa) {
        static final Issued NOTHING = new Issued(Map.of(), Optional.empty());

        Issued {
            nodeCertificates = Map.copyOf(nodeCertificates);
        }
    }

    /**
     * The pods to restart, by name, with why (for status and Events); pods being deleted are left out (they come back
     * with fresh files).
     */
    static Map<String, String> plan(ClusterTopology topology, Issued issued, List<Pod> pods) {
        Map<String, String> restarts = new LinkedHashMap<>();
        if (!topology.security().internalTls()) {
            return restarts;
        }
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            Optional<Instant> created = created(pod);
            if (pod.getMetadata().getDeletionTimestamp() != null || created.isEmpty()) {
                continue;
            }
            boolean dedicatedController = name.startsWith(topology.controllerStatefulSet() + "-");
            Optional<Instant> certificate =
                    Optional.ofNullable(issued.nodeCertificates().get(name));
            if (certificate.isPresent() && created.get().isBefore(certificate.get())) {
                restarts.put(
                        name,
                        "its node certificate was renewed at " + certificate.get() + ", after the pod was"
                                + " created (" + created.get() + "); " + why(dedicatedController));
            } else if (issued.newestCa().isPresent()
                    && created.get().isBefore(issued.newestCa().get())) {
                restarts.put(
                        name,
                        "a new cluster CA was generated at " + issued.newestCa().get() + ", after the pod was"
                                + " created (" + created.get()
                                + "), and must be trusted on the controller connections before"
                                + " node certificates move to it; " + why(dedicatedController));
            }
        }
        return restarts;
    }

    private static String why(boolean dedicatedController) {
        return dedicatedController
                ? "a controller loads its certificates only at start (KAFKA-20583)"
                : "Kafka reloads a broker's listeners live but not its connection to the controllers (KAFKA-20025)";
    }

    private static Optional<Instant> created(Pod pod) {
        try {
            return Optional.ofNullable(pod.getMetadata().getCreationTimestamp()).map(Instant::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
