package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.PodProblem;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.support.Kstatus;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * S13 stuck pods: four one-broker clusters whose pods cannot run, for a cause only the cluster knows, each ends
 * {@code Stalled=True} with the reason and a message naming the pod and the cause, within the operator's
 * {@code operator.podProblemStallAfter} ({@link ScenarioClusters#OPERATOR_VALUES}) plus the time Kubernetes takes to
 * report the cause:
 * <ul>
 *   <li>a CPU request no node has: PodUnschedulable with the scheduler's "Insufficient cpu";</li>
 *   <li>a storage class that does not exist: VolumeNotBound naming the claim, the class and the PV controller's
 *       "not found";</li>
 *   <li>an explicit image no node has (the local cluster has no registry): ImagePullFailed naming the image;</li>
 *   <li>a config Kafka refuses at start though each value is valid on its own (replica.fetch.wait.max.ms above
 *       replica.lag.time.max.ms): CrashLooping with Kafka's own fatal error, which the broker image writes to the
 *       termination message.</li>
 * </ul>
 * A Topic of the unschedulable cluster is Stalled with ClusterStalled, naming the cluster and its cause. The clusters
 * are deleted at the end.
 */
class S13StuckPodsIT {
    static final String NS = "s13";
    /** The cause shows after the stall time plus Kubernetes' own retries (image pull and crash back-off). */
    static final Duration WITHIN = ScenarioClusters.POD_PROBLEM_STALL_AFTER.plus(Duration.ofMinutes(3));

    record Stuck(String name, Consumer<KafkaCluster> breakIt, String reason, List<String> messageNames) {}

    static final List<Stuck> CASES = List.of(
            new Stuck(
                    "s13-no-node",
                    c -> c.getSpec().getBrokers().getResources().getRequests().put("cpu", new Quantity("1000")),
                    ClusterReasons.POD_UNSCHEDULABLE,
                    List.of("pod s13-no-node-broker-0", "Insufficient cpu")),
            new Stuck(
                    "s13-no-class",
                    c -> {
                        StorageSpec storage = new StorageSpec();
                        storage.setType(StorageSpec.Type.PERSISTENT);
                        storage.setSize("1Gi");
                        storage.setStorageClass("krafter-e2e-no-such-class");
                        c.getSpec().getBrokers().setStorage(storage);
                    },
                    ClusterReasons.VOLUME_NOT_BOUND,
                    List.of(
                            "pod s13-no-class-broker-0",
                            "claim data-s13-no-class-broker-0",
                            "krafter-e2e-no-such-class",
                            "not found")),
            new Stuck(
                    "s13-no-image",
                    c -> c.getSpec().setImage("krafter/kafka-not-on-any-node:4.4.0"),
                    ClusterReasons.IMAGE_PULL_FAILED,
                    List.of("pod s13-no-image-broker-0", "image krafter/kafka-not-on-any-node:4.4.0 cannot be used")),
            new Stuck(
                    "s13-crash",
                    c -> {
                        Map<String, Object> config = new LinkedHashMap<>();
                        config.put("replica.fetch.wait.max.ms", "40000");
                        config.put("replica.lag.time.max.ms", "30000");
                        c.getSpec().getBrokers().setConfig(config);
                    },
                    ClusterReasons.CRASH_LOOPING,
                    List.of(
                            "pod s13-crash-broker-0",
                            "exit code 1",
                            "requirement failed",
                            "replica.fetch.wait.max.ms")));

    @Test
    void everyStuckClusterEndsStalledNamingThePodAndTheCause() {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) {
        try {
            for (Stuck stuck : CASES) {
                KafkaCluster resource = ScenarioSupport.minimalCluster(NS, stuck.name());
                resource.getSpec().getBrokers().setReplicas(1);
                resource.getSpec().getControllers().setReplicas(null);
                stuck.breakIt().accept(resource);
                cluster.apply(resource, NS);
            }
            Topic topic = ScenarioSupport.topic("s13-orders", "s13-no-node", 1, 1);
            cluster.apply(topic, NS);

            for (Stuck stuck : CASES) {
                KafkaCluster stalled = awaitStalled(cluster, stuck);
                PodProblem problem = stalled.getStatus().getPodProblems().stream()
                        .filter(p -> p.getPod().equals(stuck.name() + "-broker-0"))
                        .findFirst()
                        .orElseThrow();
                assertThat(problem.getReason()).as(stuck.name()).isEqualTo(stuck.reason());
                assertThat(problem.getSince()).as(stuck.name()).isNotNull();
                Kstatus.assertVerdict(stalled, Kstatus.FAILED);
            }

            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        Topic stored =
                                cluster.get(Topic.class, NS, "s13-orders").orElseThrow();
                        Condition stalled = ScenarioSupport.condition(stored, Conditions.STALLED)
                                .orElseThrow();
                        assertThat(stalled.getStatus()).isEqualTo("True");
                        assertThat(stalled.getReason()).isEqualTo(Reasons.CLUSTER_STALLED);
                        assertThat(stalled.getMessage())
                                .contains("KafkaCluster s13-no-node is Stalled (PodUnschedulable)", "Insufficient cpu");
                    });
        } finally {
            cluster.client()
                    .resources(Topic.class)
                    .inNamespace(NS)
                    .withName("s13-orders")
                    .delete();
            for (Stuck stuck : CASES) {
                ScenarioSupport.deleteCluster(cluster, NS, stuck.name());
            }
        }
    }

    private static KafkaCluster awaitStalled(TestCluster cluster, Stuck stuck) {
        AtomicReference<KafkaCluster> seen = new AtomicReference<>();
        await().atMost(WITHIN).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            KafkaCluster resource = cluster.get(KafkaCluster.class, NS, stuck.name())
                    .orElseThrow(() -> new AssertionError(stuck.name() + " does not exist"));
            Condition stalled = ScenarioSupport.condition(resource, Conditions.STALLED)
                    .orElseThrow(() -> new AssertionError(
                            stuck.name() + " has no Stalled condition yet; status: " + resource.getStatus()));
            assertThat(stalled.getStatus())
                    .as(
                            "%s Stalled; status: %s",
                            stuck.name(), resource.getStatus().getPodProblems())
                    .isEqualTo("True");
            assertThat(stalled.getReason()).as(stuck.name()).isEqualTo(stuck.reason());
            assertThat(stalled.getMessage()).as(stuck.name()).contains(stuck.messageNames());
            assertThat(ScenarioSupport.condition(resource, Conditions.READY)
                            .orElseThrow()
                            .getStatus())
                    .isEqualTo("False");
            assertThat(ScenarioSupport.condition(resource, Conditions.RECONCILING)
                            .orElseThrow()
                            .getStatus())
                    .isEqualTo("False");
            seen.set(resource);
        });
        return seen.get();
    }
}
