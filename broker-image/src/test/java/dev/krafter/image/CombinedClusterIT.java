package dev.krafter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three combined (broker + controller) nodes from the krafter/kafka image, started the way the operator starts pods.
 * One cluster for all tests of the class, in order: readiness, then the data path with a leader killed mid-stream,
 * then the CLI tools, kcat and the metrics on the traffic produced before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CombinedClusterIT {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 100_000;
    private static final String VERIFIER_GROUP = "orders-verifier";

    private ImageCluster cluster;
    private ImageCluster.StatefulSet kafka;
    private Admin admin;
    private String readyBeforeQuorum;
    private String healthzBeforeQuorum;

    @BeforeAll
    void startCluster() {
        String image = BrokerImage.ensureBuilt();
        cluster = new ImageCluster(image, "combined");
        kafka = cluster.statefulSet("kafka", 0);
        kafka.writeBaseConfig("""
        process.roles=broker,controller
        %sdefault.replication.factor=3
        min.insync.replicas=2
        offsets.topic.replication.factor=3
        offsets.topic.num.partitions=10
        transaction.state.log.replication.factor=3
        transaction.state.log.min.isr=2
        group.initial.rebalance.delay.ms=0
        replica.lag.time.max.ms=10000
        """.formatted(ImageCluster.brokerListenerConfig(true, ImageCluster.voters(kafka, 3))));
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            kafka.addPod(ordinal, Optional.of(ImageCluster.EXTERNAL_ADVERTISED), Optional.empty());
        }

        // One node alone cannot form the quorum: its broker cannot reach RUNNING, so /ready must say 503.
        ImageCluster.Node first = cluster.nodes().get(0);
        first.start();
        await("JVM of " + first + " up")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> first.healthz().startsWith("200"));
        healthzBeforeQuorum = first.healthz();
        readyBeforeQuorum = first.ready();

        cluster.nodes().stream().skip(1).forEach(ImageCluster.Node::start);
        cluster.awaitReady();
        admin = cluster.admin();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void readyOnlyOnceTheBrokerRuns() {
        assertThat(healthzBeforeQuorum).isEqualTo("200 ok");
        assertThat(readyBeforeQuorum).startsWith("503 broker");
        for (ImageCluster.Node node : cluster.nodes()) {
            assertThat(node.ready()).isEqualTo("200 broker RUNNING");
            assertThat(node.healthz()).isEqualTo("200 ok");
        }
    }

    @Test
    @Order(2)
    void entrypointComputedThePodConfigAndExecedKafka() {
        ImageCluster.Node node = cluster.nodes().get(2);
        String generated = node.exec("cat", "/tmp/kafka/server.properties").stdout();
        assertThat(generated)
                .contains(
                        "node.id=2\n",
                        "log.dirs=/var/lib/kafka/data/kafka-log\n",
                        "advertised.listeners=REPLICATION://kafka-2.kafka-headless.default.svc:9091,"
                                + "CLIENT://kafka-2.kafka-headless.default.svc:9092,EXTERNAL://localhost:"
                                + node.externalPort + "\n");
        // PID 1 is the Kafka JVM itself, so SIGTERM from the kubelet reaches Kafka.
        String commandLine = node.exec("cat", "/proc/1/cmdline").stdout().replace('\0', ' ');
        assertThat(commandLine)
                .contains("java ")
                .endsWith("kafka.Kafka /tmp/kafka/server.properties ")
                .contains(
                        "-Xms384m -Xmx384m",
                        "-javaagent:/opt/kafka/libs/krafter-probe-agent.jar=port=9500",
                        "-javaagent:/opt/kafka/libs/jmx_prometheus_javaagent.jar=9404:/opt/kafka/config/metrics.yaml",
                        ImageCluster.TEST_JVM_OPTS);
        assertThat(node.exec("id", "-u").stdout().trim()).isEqualTo("1001");
        String logs = node.logs();
        assertThat(logs)
                .contains("krafter-entrypoint: heap 384m (half of the container memory limit of 768m)")
                .doesNotContain("NOP", "No SLF4J providers");
    }

    @Test
    @Order(3)
    void killedLeaderLosesNoAcknowledgedRecordAndRejoinsTheIsr() throws Exception {
        admin.createTopics(
                        List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all()
                .get();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> describe().partitions().stream()
                        .allMatch(partition ->
                                partition.leader() != null && partition.isr().size() == 3));

        // Record i goes to partition i % PARTITIONS with value i; acknowledged offsets are recorded per record.
        AtomicLongArray ackedOffset = new AtomicLongArray(RECORDS);
        IntStream.range(0, RECORDS).forEach(i -> ackedOffset.set(i, -1));
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        int killedNodeId;
        try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(producerConfig())) {
            killedNodeId = -1;
            for (int i = 0; i < RECORDS; i++) {
                if (i == RECORDS / 3) {
                    killedNodeId = describe().partitions().get(0).leader().id();
                    cluster.nodeById(killedNodeId).kill();
                }
                int record = i;
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, (long) i, (long) i), (metadata, error) -> {
                    if (error != null) {
                        failures.put(record, error);
                    } else {
                        ackedOffset.set(record, metadata.offset());
                    }
                });
            }
            producer.flush();
        }
        ImageCluster.Node killed = cluster.nodeById(killedNodeId);
        assertThat(killed.running()).isFalse();
        assertThat(failures)
                .as("records the idempotent producer could not deliver")
                .isEmpty();

        // Leadership moved off the killed node.
        int killedId = killedNodeId;
        TopicDescription afterKill = describe();
        assertThat(afterKill.partitions()).allSatisfy(partition -> {
            assertThat(partition.leader()).isNotNull();
            assertThat(partition.leader().id()).isNotEqualTo(killedId);
        });

        // Every acknowledged record is consumed exactly once, at its acknowledged offset, in order per partition.
        Map<Integer, List<ConsumerRecord<Long, Long>>> consumed = consumeAll();
        int acknowledged = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<Long> values =
                    consumed.get(partition).stream().map(ConsumerRecord::value).toList();
            assertThat(values)
                    .as("partition %d in order, no duplicates", partition)
                    .isSorted()
                    .doesNotHaveDuplicates();
            for (ConsumerRecord<Long, Long> record : consumed.get(partition)) {
                assertThat(record.value() % PARTITIONS).isEqualTo(partition);
            }
            Map<Long, Long> offsetByValue = consumed.get(partition).stream()
                    .collect(Collectors.toMap(ConsumerRecord::value, ConsumerRecord::offset));
            for (int i = partition; i < RECORDS; i += PARTITIONS) {
                if (ackedOffset.get(i) >= 0) {
                    acknowledged++;
                    assertThat(offsetByValue.get((long) i))
                            .as("acknowledged record %d", i)
                            .isEqualTo(ackedOffset.get(i));
                }
            }
        }
        assertThat(acknowledged).isEqualTo(RECORDS);

        // The killed node restarts from its volume (no reformat) and rejoins every ISR.
        killed.start();
        await(killed + " ready again")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> killed.ready().startsWith("200"));
        await(killed + " back in every ISR")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> describe().partitions().stream()
                        .allMatch(partition ->
                                partition.isr().stream().map(Node::id).toList().contains(killedId)));
        String logs = killed.logs();
        assertThat(Collections.frequency(
                        List.of(logs.split("\n")),
                        "krafter-entrypoint: formatting /var/lib/kafka/data/kafka-log for cluster "
                                + ImageCluster.CLUSTER_ID))
                .isEqualTo(1);
        assertThat(logs).contains("krafter-entrypoint: using existing data in /var/lib/kafka/data/kafka-log");
    }

    @Test
    @Order(4)
    void cliToolsInsideTheContainerDescribeTopicAndGroup() {
        ImageCluster.Node node = cluster.nodes().get(0);
        Docker.Result topics =
                node.exec("kafka-topics.sh", "--bootstrap-server", node.host + ":9092", "--describe", "--topic", TOPIC);
        assertThat(topics.exitCode()).as(topics.output()).isZero();
        assertThat(topics.stdout())
                .containsPattern("Topic: orders\\s+TopicId: \\S+\\s+PartitionCount: 6\\s+"
                        + "ReplicationFactor: 3\\s+Configs: min.insync.replicas=2");
        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertThat(topics.stdout())
                    .containsPattern("Topic: orders\\s+Partition: " + partition
                            + "\\s+Leader: [012]\\s+Replicas: [012],[012],[012]\\s+Isr: [012],[012],[012]");
        }

        Docker.Result groups = node.exec(
                "kafka-consumer-groups.sh",
                "--bootstrap-server",
                node.host + ":9092",
                "--describe",
                "--group",
                VERIFIER_GROUP);
        assertThat(groups.exitCode()).as(groups.output()).isZero();
        // 100,000 records over 6 partitions round-robin: 16,667 in partitions 0-3, 16,666 in 4-5; all consumed (lag 0).
        for (int partition = 0; partition < PARTITIONS; partition++) {
            long count = partition < 4 ? 16_667 : 16_666;
            assertThat(groups.stdout())
                    .containsPattern(VERIFIER_GROUP + "\\s+orders\\s+" + partition + "\\s+" + count + "\\s+" + count
                            + "\\s+0\\s");
        }
        assertThat(groups.stderr()).doesNotContain("SLF4J");
    }

    @Test
    @Order(5)
    void kcatProducesAndConsumes() {
        ImageCluster.Node node = cluster.nodes().get(1);
        List<String> lines =
                IntStream.range(0, 20).mapToObj(i -> "kcat-line-" + i).toList();
        Docker.Result produce = Docker.process(
                Duration.ofMinutes(1),
                List.of(
                        "bash",
                        "-c",
                        "printf '%s\\n' " + String.join(" ", lines) + " | kcat -b " + cluster.externalBootstrap()
                                + " -P -t kcat-check -p 0 -X topic.request.required.acks=all"));
        assertThat(produce.exitCode()).as(produce.output()).isZero();

        Docker.Result consume = Docker.process(
                Duration.ofMinutes(1),
                List.of(
                        "kcat",
                        "-b",
                        cluster.externalBootstrap(),
                        "-C",
                        "-t",
                        "kcat-check",
                        "-p",
                        "0",
                        "-o",
                        "beginning",
                        "-e",
                        "-q",
                        "-f",
                        "%s\\n"));
        assertThat(consume.exitCode()).as(consume.output()).isZero();
        assertThat(consume.stdout().lines().toList()).isEqualTo(lines);

        // The image's console consumer reads what kcat wrote.
        Docker.Result console = node.exec(
                "kafka-console-consumer.sh",
                "--bootstrap-server",
                node.host + ":9092",
                "--topic",
                "kcat-check",
                "--from-beginning",
                "--max-messages",
                "20",
                "--timeout-ms",
                "30000");
        assertThat(console.stdout().lines().toList()).isEqualTo(lines);
    }

    @Test
    @Order(6)
    void metricsEndpointServesTheDocumentedMetrics() throws Exception {
        List<String> documented = ReadmeMetrics.names();
        assertThat(documented).hasSizeGreaterThan(15);
        Set<String> served = new java.util.HashSet<>();
        for (ImageCluster.Node node : cluster.nodes()) {
            String metrics = node.metrics();
            assertThat(metrics).startsWith("200 ");
            metrics.lines()
                    .filter(line -> line.startsWith("kafka_"))
                    .map(line -> line.replaceAll("[{ ].*", ""))
                    .forEach(served::add);
        }
        assertThat(served).containsAll(documented);
        // Per-topic series carry the topic label (on the nodes that led "orders" partitions while records came in;
        // the restarted node's counters start again from zero); the active controller is exactly one of the three.
        double ordersMessagesIn = 0;
        double activeControllers = 0;
        for (ImageCluster.Node each : cluster.nodes()) {
            String metrics = each.metrics();
            ordersMessagesIn +=
                    ReadmeMetrics.value(metrics, "kafka_server_brokertopicmetrics_messagesin_total{topic=\"orders\"}");
            activeControllers += ReadmeMetrics.value(metrics, "kafka_controller_kafkacontroller_activecontrollercount");
        }
        assertThat(ordersMessagesIn).isPositive();
        assertThat(activeControllers).isEqualTo(1.0);
    }

    private TopicDescription describe() throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.externalBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        return config;
    }

    /** Reads every partition from the beginning to its end offset, then commits the positions for the verifier group. */
    private Map<Integer, List<ConsumerRecord<Long, Long>>> consumeAll() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.externalBootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, VERIFIER_GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        Map<Integer, List<ConsumerRecord<Long, Long>>> consumed = new HashMap<>();
        try (KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            partitions.forEach(partition -> consumed.put(partition.partition(), new ArrayList<>()));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(System.nanoTime())
                        .as("consumed everything within 2 minutes")
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(500))
                        .forEach(record -> consumed.get(record.partition()).add(record));
            }
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            partitions.forEach(
                    partition -> positions.put(partition, new OffsetAndMetadata(consumer.position(partition))));
            consumer.commitSync(positions);
        }
        return consumed;
    }
}
