package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.operator.Resources;
import dev.krafter.roll.KafkaSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka as one reconcile sees it: the cluster's shared client and a {@link KafkaSnapshot}, or why there is none. Kafka
 * is asked only once a broker pod is ready, so a cluster being created does not wait on connection timeouts.
 *
 * @param admin    the shared client, or null when no broker pod is ready (never closed here)
 * @param snapshot brokers, quorum and partitions, empty when Kafka could not be read
 * @param problem  why the snapshot is empty, null when it is present
 */
record KafkaObservation(Admin admin, Optional<KafkaSnapshot> snapshot, String problem) {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaObservation.class);

    static KafkaObservation read(
            KafkaAdmins admins,
            KafkaCluster cluster,
            ClusterTopology topology,
            ObservedCluster observed,
            Duration timeout) {
        boolean anyBrokerReady =
                observed.podsOf(topology.brokerStatefulSet()).stream().anyMatch(NodeStates::isReady);
        if (!anyBrokerReady) {
            return unreachable(
                    null, observed.created() ? "no broker pod is ready yet" : "the cluster's pods are being created");
        }
        Admin admin = null;
        try {
            admin = admins.adminFor(cluster);
            return new KafkaObservation(admin, Optional.of(KafkaSnapshot.read(admin, timeout)), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(admin, "interrupted");
        } catch (Exception e) {
            String problem =
                    "cannot reach Kafka at " + admins.bootstrapFor(cluster) + ": " + ReconcileSupport.describe(e);
            LOG.info("{}: {}", Resources.ref(cluster), problem);
            return unreachable(admin, problem);
        }
    }

    static KafkaObservation unreachable(Admin admin, String problem) {
        return new KafkaObservation(admin, Optional.empty(), problem);
    }

    /** The problem, or "" when Kafka answered. */
    /**
     * Kafka did not answer although a node pod is Ready: the bootstrap name follows pod readiness with a lag (the
     * Service's endpoints, then DNS), so the pod event that woke the reconcile can come before Kafka answers there.
     */
    boolean behindReadyPods(List<Pod> pods) {
        return snapshot.isEmpty() && pods.stream().anyMatch(NodeStates::isReady);
    }

    String problemOrEmpty() {
        return problem == null ? "" : problem;
    }

    /** Every broker the topology asks for is registered and unfenced. */
    boolean everyBrokerServing(ClusterTopology topology) {
        return snapshot.isPresent() && topology.brokerIds().stream().allMatch(snapshot.get()::registeredAndUnfenced);
    }

    /** The broker whose config is described: see {@link NodeStates#configSource}. */
    OptionalInt configSource(ClusterTopology topology, List<Pod> brokerPods) {
        return snapshot.map(s -> NodeStates.configSource(s, topology, brokerPods))
                .orElse(OptionalInt.empty());
    }

    /** The facts the roll planner needs when no broker serves at all: nothing registered, nothing hosted. */
    static KafkaSnapshot emptySnapshot() {
        return new KafkaSnapshot(Set.of(), Set.of(), OptionalInt.empty(), Set.of(), Map.of(), null, Set.of());
    }
}
