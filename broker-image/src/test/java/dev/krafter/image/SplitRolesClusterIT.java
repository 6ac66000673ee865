package dev.krafter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three controller-only nodes and two broker-only nodes, as two StatefulSets with their own base config and
 * node id ranges (controllers 0-2, brokers 100-101), one broker with a rack file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitRolesClusterIT {

    private ImageCluster cluster;
    private ImageCluster.StatefulSet controllers;
    private ImageCluster.StatefulSet brokers;
    private Admin admin;

    @BeforeAll
    void startCluster() {
        String image = BrokerImage.ensureBuilt();
        cluster = new ImageCluster(image, "split");
        controllers = cluster.statefulSet("kafka-controller", 0);
        brokers = cluster.statefulSet("kafka-broker", 100);
        String voters = ImageCluster.voters(controllers, 3);
        controllers.writeBaseConfig("""
        process.roles=controller
        listeners=CONTROLLER://:9090
        listener.security.protocol.map=CONTROLLER:PLAINTEXT
        controller.listener.names=CONTROLLER
        controller.quorum.voters=%s
        """.formatted(voters));
        brokers.writeBaseConfig("""
        process.roles=broker
        %soffsets.topic.replication.factor=2
        offsets.topic.num.partitions=6
        transaction.state.log.replication.factor=2
        transaction.state.log.min.isr=1
        group.initial.rebalance.delay.ms=0
        """.formatted(ImageCluster.brokerListenerConfig(false, voters)));
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            controllers.addPod(ordinal, Optional.empty(), Optional.empty());
        }
        brokers.addPod(0, Optional.of(ImageCluster.EXTERNAL_ADVERTISED), Optional.of("zone-a\n"));
        brokers.addPod(1, Optional.of(ImageCluster.EXTERNAL_ADVERTISED), Optional.empty());
        cluster.nodes().forEach(ImageCluster.Node::start);
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
    void controllersAreReadyFromTheQuorumAndBrokersFromTheirState() {
        for (ImageCluster.Node node : cluster.nodes()) {
            if (node.statefulSet == controllers) {
                assertThat(node.ready()).matches("200 controller (leader|follower), caught up .*");
            } else {
                assertThat(node.ready()).isEqualTo("200 broker RUNNING");
            }
        }
    }

    @Test
    void brokersRegisterWithOffsetNodeIdsAndRack() throws Exception {
        Map<Integer, String> racks = admin.describeCluster().nodes().get().stream()
                .collect(Collectors.toMap(Node::id, node -> String.valueOf(node.rack())));
        assertThat(racks).containsExactlyInAnyOrderEntriesOf(Map.of(100, "zone-a", 101, "null"));

        ImageCluster.Node broker = cluster.nodes().stream()
                .filter(node -> node.statefulSet == brokers)
                .findFirst()
                .orElseThrow();
        Docker.Result quorum = broker.exec(
                "kafka-metadata-quorum.sh", "--bootstrap-server", broker.host + ":9092", "describe", "--status");
        assertThat(quorum.exitCode()).as(quorum.output()).isZero();
        assertThat(quorum.stdout())
                .containsPattern("LeaderId:\\s+[012]\\n")
                .containsPattern("CurrentVoters:\\s+\\[\\{\"id\": 0.*\"id\": 1.*\"id\": 2")
                .containsPattern("CurrentObservers:\\s+\\[.*\"id\": 10[01].*\"id\": 10[01]");
    }

    @Test
    void producesAndConsumesThroughBrokerOnlyNodes() throws Exception {
        admin.createTopics(List.of(new NewTopic("split-check", 4, (short) 2)))
                .all()
                .get();
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.externalBootstrap());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < 10_000; i++) {
                producer.send(new ProducerRecord<>("split-check", "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.externalBootstrap());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "split-check-reader");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        java.util.Set<String> values = new java.util.HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of("split-check"));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
                return values.size() >= 10_000;
            });
            consumer.commitSync();
            assertThat(consumer.committed(java.util.Set.of(new TopicPartition("split-check", 0))))
                    .isNotEmpty();
        }
        assertThat(values).hasSize(10_000).contains("value-0", "value-9999");
    }

    @Test
    void exactlyOneActiveControllerInTheMetrics() {
        double active = 0;
        for (ImageCluster.Node node : cluster.nodes()) {
            String metrics = node.metrics();
            assertThat(metrics).startsWith("200 ");
            if (node.statefulSet == controllers) {
                assertThat(metrics).contains("kafka_controller_kafkacontroller_offlinepartitionscount");
                active += ReadmeMetrics.value(metrics, "kafka_controller_kafkacontroller_activecontrollercount");
            } else {
                assertThat(metrics)
                        .contains(
                                "kafka_server_replicamanager_underreplicatedpartitions",
                                "kafka_server_kafkaserver_brokerstate 3.0");
            }
        }
        assertThat(active).isEqualTo(1.0);
    }
}
