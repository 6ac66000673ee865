package dev.krafter.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.report.TimingReport;
import dev.krafter.e2e.scenarios.ScenarioClusters;
import dev.krafter.e2e.scenarios.ScenarioSupport;
import dev.krafter.e2e.simulated.SimulatedTestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The broker image on the simulated cluster, without the operator: a hand-written StatefulSet, ConfigMap and
 * Services following the image's entrypoint contract (what the KafkaCluster reconciler will generate). Proves that
 * the node agent runs the real image as Kubernetes would (env, mounted config, volumes, memory limit, probes on the
 * probe agent, DNS for pods and Services) and that the test JVM reaches Kafka at the bootstrap Service's name.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerImageOnSimulatedClusterIT {
    private static final String NS = "broker-image";
    private static final String CLUSTER_ID = "4L6g3nShT-eMCtK--X86sw";
    private static final String TOPIC = "harness-orders";
    private static final int RECORDS = 300;
    private static SimulatedTestCluster cluster;
    private static KubernetesClient client;
    private static Instant created;

    @BeforeAll
    static void start() {
        cluster = ScenarioClusters.simulated();
        client = cluster.client();
        String voters = IntStream.range(0, 3).mapToObj(i -> i + "@kafka-" + i + ".kafka-nodes." + NS + ".svc:9090")
                .collect(Collectors.joining(","));
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kafka-config")
                .endMetadata().addToData("server.properties", String.join("\n",
                        "process.roles=broker,controller",
                        "listeners=CONTROLLER://:9090,REPLICATION://:9091,CLIENT://:9092",
                        "advertised.listeners=REPLICATION://${ADVERTISED_HOST}:9091,CLIENT://${ADVERTISED_HOST}:9092",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,CLIENT:PLAINTEXT",
                        "inter.broker.listener.name=REPLICATION",
                        "controller.listener.names=CONTROLLER",
                        "controller.quorum.voters=" + voters,
                        "offsets.topic.replication.factor=3",
                        "transaction.state.log.replication.factor=3",
                        "transaction.state.log.min.isr=2",
                        "auto.create.topics.enable=false",
                        "")).build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("kafka-nodes").endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(Map.of("app", "kafka"))
                .addNewPort().withName("controller").withPort(9090).endPort().endSpec().build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("kafka-bootstrap").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "kafka"))
                .addNewPort().withName("client").withPort(9092).endPort().endSpec().build()).create();
        created = Instant.now();
        client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("kafka").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("kafka-nodes").withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withNewSelector().addToMatchLabels("app", "kafka").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "kafka").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(60L)
                .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .addNewContainer().withName("kafka").withImage(E2eEnvironment.KAFKA_IMAGE)
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef()
                .endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("KRAFTER_CLUSTER_ID").withValue(CLUSTER_ID).endEnv()
                .addNewEnv().withName("KRAFTER_HEADLESS_SERVICE").withValue("kafka-nodes").endEnv()
                .addNewEnv().withName("KRAFTER_METRICS_ENABLED").withValue("false").endEnv()
                .addNewEnv().withName("KRAFTER_JVM_OPTS").withValue("-XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1").endEnv()
                .withNewResources().addToLimits("memory", new Quantity("640Mi")).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(9500)).endHttpGet()
                .withPeriodSeconds(2).withTimeoutSeconds(3).withFailureThreshold(3).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(9500)).endHttpGet()
                .withInitialDelaySeconds(60).withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(6).endLivenessProbe()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL")
                .endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("config").withMountPath("/etc/kafka/base").endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("kafka-config").endConfigMap().endVolume()
                .endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi"))
                .endResources().endSpec().endVolumeClaimTemplate()
                .endSpec().build()).create();
    }

    /** The simulated cluster is shared with the scenarios: remove these brokers (the garbage collector takes the pods). */
    @AfterAll
    static void removeBrokers() {
        if (client == null) {
            return;
        }
        client.apps().statefulSets().inNamespace(NS).withName("kafka").delete();
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(NS).withLabel("app", "kafka").list().getItems()).isEmpty());
        client.persistentVolumeClaims().inNamespace(NS).delete();
        client.services().inNamespace(NS).delete();
        client.configMaps().inNamespace(NS).withName("kafka-config").delete();
    }

    @Test
    @Order(1)
    void brokersBecomeReadyAndServeClientsAtTheBootstrapServiceName() throws Exception {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(readyPods()).containsExactly("kafka-0", "kafka-1", "kafka-2"));
        TimingReport.record(TimingReport.TIME_TO_READY_3_BROKERS, cluster.backend(), Duration.between(created, Instant.now()),
                "broker image as a plain StatefulSet (no operator)");

        ExecResult create = cluster.exec(NS, "kafka-0", "kafka-topics.sh", "--bootstrap-server", "localhost:9092",
                "--create", "--topic", TOPIC, "--partitions", "3", "--replication-factor", "3");
        assertThat(create.stdoutOrThrow()).contains("Created topic " + TOPIC);

        String bootstrap = "kafka-bootstrap." + NS + ".svc:9092";
        produce(bootstrap, 0, RECORDS);
        assertThat(consumeAll(bootstrap, "first-reader")).hasSize(RECORDS);
    }

    @Test
    @Order(2)
    void crashedAndDeletedBrokersComeBackAndNoRecordIsLost() throws Exception {
        String bootstrap = "kafka-bootstrap." + NS + ".svc:9092";
        Pod before = client.pods().inNamespace(NS).withName("kafka-2").get();
        cluster.killContainer(NS, "kafka-1");
        cluster.deletePod(NS, "kafka-2");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Pod restarted = client.pods().inNamespace(NS).withName("kafka-1").get();
            assertThat(restarted.getStatus().getContainerStatuses().get(0).getRestartCount()).isGreaterThanOrEqualTo(1);
            Pod recreated = client.pods().inNamespace(NS).withName("kafka-2").get();
            assertThat(recreated).isNotNull();
            assertThat(recreated.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
            assertThat(readyPods()).containsExactly("kafka-0", "kafka-1", "kafka-2");
        });
        // The recreated broker kept its identity and its data volume: same cluster id, its log directory reused.
        ExecResult meta = cluster.exec(NS, "kafka-2", "cat", "/var/lib/kafka/data/kafka-log/meta.properties");
        assertThat(meta.stdoutOrThrow()).contains("cluster.id=" + CLUSTER_ID).contains("node.id=2");

        produce(bootstrap, RECORDS, RECORDS);
        assertThat(consumeAll(bootstrap, "second-reader")).hasSize(2 * RECORDS);
    }

    private static List<String> readyPods() {
        return client.pods().inNamespace(NS).withLabel("app", "kafka").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                        && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private static void produce(String bootstrap, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new java.util.ArrayList<>();
            for (int i = from; i < from + count; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, "k" + (i % 7), "record-" + i)));
            }
            producer.flush();
            for (var ack : acks) {
                ack.get(); // every record acknowledged by all in-sync replicas
            }
        }
    }

    private static Set<String> consumeAll(String bootstrap, String group) {
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, group))) {
            consumer.subscribe(List.of(TOPIC));
            Instant deadline = Instant.now().plusSeconds(90);
            int idlePolls = 0;
            while (Instant.now().isBefore(deadline) && idlePolls < 10) {
                int before = values.size();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                idlePolls = values.size() == before && !values.isEmpty() ? idlePolls + 1 : 0;
            }
        }
        return values;
    }
}
