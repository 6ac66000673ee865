package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.PodProblem;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import dev.krafter.roll.PartitionState;
import dev.krafter.status.Health;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ClusterStatusAggregatorTest {
    private static final ClusterTopology TOPOLOGY = ClusterTopology.of(cluster("demo", 3, Mode.COMBINED, 3));

    private static List<NodeState> nodes(boolean ready) {
        return List.of(0, 1, 2).stream()
                .map(id -> new NodeState("demo-broker-" + id, id, true, true, ready, false, null))
                .toList();
    }

    private static Pod pod(String name, String image) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("kafka")
                .withImage(image)
                .endContainer()
                .endSpec()
                .build();
    }

    private static final List<Pod> PODS = List.of(
            pod("demo-broker-0", "krafter/kafka:4.4.0"),
            pod("demo-broker-1", "krafter/kafka:4.4.0"),
            pod("demo-broker-2", "krafter/kafka:4.4.0"));

    private static KafkaSnapshot snapshot(Set<Integer> fenced, List<Integer> isr) {
        return new KafkaSnapshot(
                Set.of(0, 1, 2),
                fenced,
                OptionalInt.of(1),
                Set.of(0, 1, 2),
                Map.of(
                        new TopicPartition("t", 0),
                        new PartitionState(List.of(0, 1, 2), isr, isr.isEmpty() ? -1 : isr.get(0), 2)),
                "27",
                Set.of(0, 1, 2));
    }

    private static final Instant NOW = Instant.parse("2026-03-01T10:10:00Z");

    private static ClusterStatusAggregator.Inputs inputs(
            List<NodeState> nodes,
            Optional<KafkaSnapshot> snapshot,
            Optional<OperationStatus> operation,
            boolean everReady) {
        return inputs(nodes, snapshot, operation, everReady, List.of());
    }

    private static ClusterStatusAggregator.Inputs inputs(
            List<NodeState> nodes,
            Optional<KafkaSnapshot> snapshot,
            Optional<OperationStatus> operation,
            boolean everReady,
            List<PodProblems.Problem> problems) {
        return new ClusterStatusAggregator.Inputs(
                TOPOLOGY,
                "4.4.0",
                "krafter/kafka:4.4.0",
                nodes,
                PODS,
                snapshot,
                "connection refused",
                operation,
                Optional.empty(),
                everReady,
                new ClusterStatusAggregator.PodDiagnosis(problems, Duration.ofMinutes(5), NOW));
    }

    private static PodProblems.Problem problem(String pod, String reason, String message, Duration ago) {
        return new PodProblems.Problem(pod, reason, message, Optional.of(NOW.minus(ago)));
    }

    @Test
    void aPodProblemIsNamedInTheReadyMessageAndInStatusAndStallsOnceItLastedTheConfiguredTime() {
        OperationStatus creating = new OperationStatus();
        creating.setType(ClusterReasons.CREATING);
        creating.setPhase("waiting for every broker to register");
        PodProblems.Problem unschedulable = problem(
                "demo-broker-2",
                ClusterReasons.POD_UNSCHEDULABLE,
                "0/1 nodes are available: 1 Insufficient cpu.",
                Duration.ofSeconds(299));
        PodProblems.Problem image = problem(
                "demo-broker-1",
                ClusterReasons.IMAGE_PULL_FAILED,
                "container kafka: image x cannot be used: no such host",
                Duration.ofSeconds(200));

        KafkaClusterStatus status = new KafkaClusterStatus();
        Health young = ClusterStatusAggregator.aggregate(
                status,
                inputs(nodes(false), Optional.empty(), Optional.of(creating), false, List.of(unschedulable, image)));

        assertThat(young.state()).isEqualTo(Health.State.PROGRESSING);
        assertThat(young.reason()).isEqualTo(ClusterReasons.CREATING);
        assertThat(young.message())
                .isEqualTo("waiting for every broker to register; pod demo-broker-2"
                        + " PodUnschedulable: 0/1 nodes are available: 1 Insufficient cpu. (and 1 more pod problem(s) in"
                        + " status.podProblems)");
        assertThat(status.getPodProblems())
                .containsExactly(
                        new PodProblem(
                                "demo-broker-2",
                                "PodUnschedulable",
                                "0/1 nodes are available: 1 Insufficient cpu.",
                                "2026-03-01T10:05:01Z"),
                        new PodProblem(
                                "demo-broker-1",
                                "ImagePullFailed",
                                "container kafka: image x cannot be used: no such host",
                                "2026-03-01T10:06:40Z"));

        PodProblems.Problem lasting = problem(
                "demo-broker-2",
                ClusterReasons.POD_UNSCHEDULABLE,
                "0/1 nodes are available: 1 Insufficient cpu.",
                Duration.ofSeconds(300));
        Health stalled = ClusterStatusAggregator.aggregate(
                new KafkaClusterStatus(),
                inputs(nodes(false), Optional.empty(), Optional.of(creating), false, List.of(image, lasting)));

        assertThat(stalled.state()).isEqualTo(Health.State.STALLED);
        assertThat(stalled.reason()).isEqualTo(ClusterReasons.POD_UNSCHEDULABLE);
        assertThat(stalled.message())
                .isEqualTo(
                        "pod demo-broker-2: 0/1 nodes are available: 1 Insufficient cpu."
                                + " (since 2026-03-01T10:05:00Z, longer than 300s) (and 1 more pod problem(s) in status.podProblems)");
    }

    @Test
    void whenThePodProblemIsGoneTheClusterIsNoLongerStalledAndStatusForgetsIt() {
        KafkaClusterStatus status = new KafkaClusterStatus();
        ClusterStatusAggregator.aggregate(
                status,
                inputs(
                        nodes(false),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        List.of(problem(
                                "demo-broker-0",
                                ClusterReasons.VOLUME_NOT_BOUND,
                                "claim pending",
                                Duration.ofHours(1)))));
        assertThat(status.getPodProblems()).hasSize(1);

        Health health = ClusterStatusAggregator.aggregate(
                status,
                inputs(nodes(true), Optional.of(snapshot(Set.of(), List.of(0, 1, 2))), Optional.empty(), false));

        assertThat(health.isReady()).isTrue();
        assertThat(status.getPodProblems()).isNull();
    }

    @Test
    void readyOnlyWhenEveryBrokerServesAndNoPartitionIsAtRisk() {
        KafkaClusterStatus status = new KafkaClusterStatus();
        Health health = ClusterStatusAggregator.aggregate(
                status,
                inputs(nodes(true), Optional.of(snapshot(Set.of(), List.of(0, 1, 2))), Optional.empty(), false));
        assertThat(health.isReady()).isTrue();
        assertThat(status.getBrokers().getReady()).isEqualTo(3);
        assertThat(status.getBrokers().getIds()).containsExactly(0, 1, 2);
        assertThat(status.getControllers().getQuorumLeader()).isEqualTo(1);
        assertThat(status.getControllers().getVoters()).containsExactly(0, 1, 2);
        assertThat(status.getMetadataVersion()).isEqualTo("27");
        assertThat(status.getKafkaVersion()).isEqualTo("4.4.0");
        assertThat(status.getBootstrapServers()).isEqualTo("demo-bootstrap.ns.svc:9092");
        assertThat(status.getPartitions().getUnderReplicated()).isZero();

        Health fenced = ClusterStatusAggregator.aggregate(
                new KafkaClusterStatus(),
                inputs(nodes(true), Optional.of(snapshot(Set.of(2), List.of(0, 1, 2))), Optional.empty(), true));
        assertThat(fenced.reason()).isEqualTo("Degraded");
        assertThat(fenced.message()).contains("broker(s) [2]");

        KafkaClusterStatus underMinIsr = new KafkaClusterStatus();
        Health risky = ClusterStatusAggregator.aggregate(
                underMinIsr, inputs(nodes(true), Optional.of(snapshot(Set.of(), List.of(0))), Optional.empty(), true));
        assertThat(risky.isReady()).isFalse();
        assertThat(risky.message()).contains("1 partition(s) under min.insync.replicas");
        assertThat(underMinIsr.getPartitions().getUnderMinIsr()).isEqualTo(1);
        assertThat(underMinIsr.getPartitions().getUnderReplicated()).isEqualTo(1);
    }

    @Test
    void creatingUnreachableAndOperationsAreReconciling() {
        Health creating = ClusterStatusAggregator.aggregate(
                new KafkaClusterStatus(), inputs(nodes(false), Optional.empty(), Optional.empty(), false));
        assertThat(creating.reason()).isEqualTo("Creating");
        Health unreachable = ClusterStatusAggregator.aggregate(
                new KafkaClusterStatus(), inputs(nodes(true), Optional.empty(), Optional.empty(), true));
        assertThat(unreachable.reason()).isEqualTo("KafkaUnreachable");
        assertThat(unreachable.message()).isEqualTo("connection refused");

        OperationStatus roll = new OperationStatus();
        roll.setType("RollingRestart");
        roll.setPhase("restarting pod demo-broker-0");
        KafkaClusterStatus status = new KafkaClusterStatus();
        Health rolling = ClusterStatusAggregator.aggregate(
                status,
                inputs(nodes(true), Optional.of(snapshot(Set.of(), List.of(0, 1, 2))), Optional.of(roll), true));
        assertThat(rolling.reason()).isEqualTo("RollingRestart");
        assertThat(rolling.message()).isEqualTo("restarting pod demo-broker-0");
        assertThat(status.getOperation().getType()).isEqualTo("RollingRestart");
    }

    @Test
    void versionIsEmptyWhilePodsRunDifferentImages() {
        assertThat(ClusterStatusAggregator.runningVersion(
                        List.of(pod("a", "krafter/kafka:4.4.0"), pod("b", "registry:5000/krafter/kafka:4.5.0")),
                        "krafter/kafka:4.4.0",
                        "4.4.0"))
                .isEmpty();
        assertThat(ClusterStatusAggregator.imageTag("registry:5000/krafter/kafka:4.5.0"))
                .isEqualTo("4.5.0");
        assertThat(ClusterStatusAggregator.imageTag("registry:5000/kafka")).isEqualTo("latest");
    }

    @Test
    void versionOfPodsOnTheDesiredImageIsSpecVersionWhateverTheTag() {
        List<Pod> custom = List.of(pod("a", "krafter/kafka:4.4.0-custom"), pod("b", "krafter/kafka:4.4.0-custom"));
        assertThat(ClusterStatusAggregator.runningVersion(custom, "krafter/kafka:4.4.0-custom", "4.4.0"))
                .contains("4.4.0");
        // Not (yet) on the desired image: the tag tells when it is a version, else the version is unknown.
        assertThat(ClusterStatusAggregator.runningVersion(custom, "krafter/kafka:4.3.1", "4.3.1"))
                .isEmpty();
        assertThat(ClusterStatusAggregator.runningVersion(
                        List.of(pod("a", "krafter/kafka:4.4.0")), "krafter/kafka:4.3.1", "4.3.1"))
                .contains("4.4.0");
    }

    @Test
    void aSidecarInjectedAsFirstContainerDoesNotHideTheKafkaImage() {
        Pod meshed = new PodBuilder()
                .withNewMetadata()
                .withName("demo-broker-0")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("istio-proxy")
                .withImage("istio/proxyv2:1.27.0")
                .endContainer()
                .addNewContainer()
                .withName("kafka")
                .withImage("krafter/kafka:4.4.0")
                .endContainer()
                .endSpec()
                .build();
        assertThat(ClusterStatusAggregator.runningVersion(List.of(meshed), "krafter/kafka:4.4.0", "4.4.0"))
                .as("the version of the kafka container, not of the sidecar")
                .contains("4.4.0");
    }
}
