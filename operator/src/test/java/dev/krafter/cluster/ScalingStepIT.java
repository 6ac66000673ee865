package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.events.EventRecorder;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.KubeApiServer;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scale step on a real KRaft cluster (brokers 0-2, broker 2 being removed) and a real kube-apiserver (events,
 * claims). Kafka can place a replica on a broker being removed after the reconcile read its snapshot: the step
 * recounts right before the shrink and before unregistering, and never removes a broker, nor its volume, that hosts
 * a replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalingStepIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void start() throws Exception {
        OperatorTestEnvironment.requireApiServer();
        kafka = KafkaTestClusters.brokers(3).productionMetadataVersion().start();
        admin = kafka.admin();
        KafkaTestClusters.createTopic(admin, new NewTopic("orders", Map.of(0, List.of(0, 1), 1, List.of(1, 0))));
        client = KubeApiServer.shared().newClient();
        namespace = KubeApiServer.shared().createNamespace(client, "scaling");
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(client, admin, kafka);
    }

    @Test
    @Order(1)
    void aReplicaPlacedOnTheRemovedBrokerAfterTheSnapshotStopsTheShrink() throws Exception {
        KafkaCluster cluster = cluster(false);
        ClusterFacts facts = facts(cluster, 3, KafkaSnapshot.read(admin, TIMEOUT));
        assertThat(ScalingStep.decide(facts).action())
                .as("the snapshot shows broker 2 empty")
                .isEqualTo(ScalePlanner.Action.SHRINK);
        KafkaTestClusters.createTopic(admin, new NewTopic("late", Map.of(0, List.of(2, 0))));

        ScalePlanner.ScaleStep step = step().plan(facts, outcome());

        assertThat(step.action()).isEqualTo(ScalePlanner.Action.BLOCKED);
        assertThat(step.brokerReplicas()).as("the StatefulSet keeps broker 2").isEqualTo(3);
        assertThat(step.message()).contains("[2]", "1 partition replica");
        admin.deleteTopics(List.of("late")).all().get();
    }

    @Test
    @Order(2)
    void aRemovedBrokerThatHostsAReplicaIsNotUnregisteredAndKeepsItsVolume() throws Exception {
        KafkaCluster cluster = cluster(true);
        client.persistentVolumeClaims()
                .inNamespace(namespace)
                .resource(claim(2))
                .create();
        kafka.brokers().get(2).shutdown();
        kafka.brokers().get(2).awaitShutdown();
        ClusterFacts facts = facts(cluster, 2, KafkaSnapshot.read(admin, TIMEOUT));
        ScalePlanner.ScaleStep step = ScalingStep.decide(facts);
        assertThat(step.action())
                .as("the snapshot shows broker 2 empty, its pod gone")
                .isEqualTo(ScalePlanner.Action.UNREGISTER);
        KafkaTestClusters.createTopic(admin, new NewTopic("later", Map.of(0, List.of(0, 2))));

        ReconcileOutcome outcome = outcome();
        step().run(facts, step, outcome);

        assertThat(outcome.stalled()).as("the step refuses").isPresent();
        assertThat(outcome.stalled().get().message()).contains("later-0", "[2]");
        assertThat(registeredBrokers()).contains(2);
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withName(ClusterObjects.claimName(ClusterNames.brokers("demo"), 2))
                        .get())
                .as("the volume of broker 2")
                .isNotNull();
    }

    private static ScalingStep step() {
        return new ScalingStep(client, new EventRecorder(client, Clock.systemUTC()), TIMEOUT, Clock.systemUTC());
    }

    private static ReconcileOutcome outcome() {
        return new ReconcileOutcome(null, Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** demo: 2 brokers wanted (broker 2 goes), rebalancing off, persistent storage. */
    private static KafkaCluster cluster(boolean deleteClaim) {
        KafkaCluster cluster = ClusterFixtures.cluster("demo", 2, ControllersSpec.Mode.DEDICATED, 1);
        cluster.getMetadata().setNamespace(namespace);
        cluster.getSpec().getRebalance().setEnabled(false);
        StorageSpec storage = new StorageSpec();
        storage.setType(StorageSpec.Type.PERSISTENT);
        storage.setSize("1Gi");
        storage.setDeleteClaim(deleteClaim);
        cluster.getSpec().getBrokers().setStorage(storage);
        return cluster;
    }

    private static ClusterFacts facts(KafkaCluster cluster, int brokerPods, KafkaSnapshot snapshot) {
        ClusterTopology topology = ClusterTopology.of(cluster);
        StatefulSet brokers = new StatefulSetBuilder()
                .withNewMetadata()
                .withName(topology.brokerStatefulSet())
                .endMetadata()
                .withNewSpec()
                .withReplicas(brokerPods)
                .endSpec()
                .build();
        List<Pod> pods = IntStream.range(0, brokerPods)
                .mapToObj(i -> new PodBuilder()
                        .withNewMetadata()
                        .withName(topology.brokerStatefulSet() + "-" + i)
                        .endMetadata()
                        .build())
                .toList();
        return new ClusterFacts(
                cluster,
                topology,
                new ObservedCluster(Optional.of(brokers), Optional.empty(), Optional.empty(), pods, Map.of()),
                new KafkaObservation(admin, Optional.of(snapshot), null));
    }

    private static PersistentVolumeClaim claim(int broker) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(ClusterObjects.claimName(ClusterNames.brokers("demo"), broker))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build();
    }

    private static List<Integer> registeredBrokers() throws Exception {
        return admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes().get().stream()
                .map(Node::id)
                .sorted()
                .toList();
    }
}
