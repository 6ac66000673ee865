package dev.krafter.reassign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.testing.KafkaTestClusters;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rebalancing on a real 4-broker KRaft cluster (KafkaClusterTestKit). The cluster cannot grow at run time, so topics
 * start on brokers 0-2 only and broker 3 is "added" by rebalancing onto it. The tests run in order on one cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebalancerIT {
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;
    private static final long THROTTLE = 512 * 1024;
    private static final int MAX_MOVES_PER_BROKER = 2;
    private static final List<BrokerInfo> BROKERS = Clusters.brokers(4);
    private static final byte[] PAYLOAD = new byte[8 * 1024];

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestClusters.dedicatedController(4);
        admin = newAdmin();
        Map<Integer, List<Integer>> onFirstThreeBrokers = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            onFirstThreeBrokers.put(p, List.of(p % 3, (p + 1) % 3, (p + 2) % 3));
        }
        KafkaTestClusters.createTopic(
                admin, new NewTopic(TOPIC, onFirstThreeBrokers).configs(Map.of("min.insync.replicas", "2")));
        // Enough data that moves under a 512 KiB/s throttle take several seconds.
        try (KafkaProducer<Long, byte[]> producer = producer()) {
            for (long i = 0; i < 1200; i++) {
                producer.send(new ProducerRecord<>(TOPIC, -1 - i, PAYLOAD));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        KafkaTestClusters.closeAll(admin, cluster);
    }

    @Test
    @Order(1)
    void addingABrokerWhileProducingLosesNoAcknowledgedRecordAndThrottlesOnlyDuringTheMove() throws Exception {
        assertThat(replicaCounts()).doesNotContainKey(3);
        assertThat(Rebalancer.registeredBrokers(admin, KAFKA_TIMEOUT)).isEqualTo(BROKERS);
        assertThat(Rebalancer.pendingWork(admin, KAFKA_TIMEOUT, request(Set.of()))
                        .movedReplicas())
                .isEqualTo(PARTITIONS * 3 / 4);
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Exception> producerFailure = new AtomicReference<>();
        Thread producerThread = new Thread(() -> produceUntilStopped(producing, acknowledged, producerFailure));
        producerThread.start();
        boolean sawBrokerThrottle = false;
        boolean sawTopicThrottle = false;
        RebalanceRequest request = request(Set.of());
        RebalanceProgress progress;
        try {
            progress = Rebalancer.step(admin, KAFKA_TIMEOUT, request);
            assertThat(progress.totalReplicas()).isEqualTo(PARTITIONS * 3 / 4);
            assertThat(progress.throttleBytesPerSecond()).isEqualTo(THROTTLE);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!progress.done()) {
                assertThat(System.nanoTime()).as("rebalance finished in time").isLessThan(deadline);
                assertThat(progress.inFlightPartitions()).isLessThanOrEqualTo(MAX_MOVES_PER_BROKER);
                sawBrokerThrottle |=
                        brokerThrottles().values().stream().anyMatch(v -> v.equals(String.valueOf(THROTTLE)));
                sawTopicThrottle |= !topicThrottles().isEmpty();
                Thread.sleep(500);
                progress = Rebalancer.step(admin, KAFKA_TIMEOUT, request.withKnownTotalMoves(progress.totalReplicas()));
            }
        } finally {
            producing.set(false);
            producerThread.join();
        }

        assertThat(producerFailure.get()).isNull();
        assertThat(sawBrokerThrottle)
                .as("broker throttle rate seen while moving")
                .isTrue();
        assertThat(sawTopicThrottle)
                .as("topic throttled replicas seen while moving")
                .isTrue();
        assertThat(progress.movedReplicas()).isEqualTo(progress.totalReplicas());
        assertNoThrottlesLeft();
        assertBalancedOver(List.of(0, 1, 2, 3));
        assertThat(acknowledged).hasSizeGreaterThan(100);
        Set<Long> consumed = consumeAll();
        assertThat(consumed).containsAll(acknowledged);
    }

    @Test
    @Order(2)
    void drainingABrokerMovesEveryReplicaOffIt() throws Exception {
        RebalanceRequest request = request(Set.of(0));

        runToCompletion(request, newAdmin(), 0);

        assertThat(replicaCounts()).doesNotContainKey(0);
        assertBalancedOver(List.of(1, 2, 3));
        assertNoThrottlesLeft();
        assertThat(Rebalancer.cordoned(admin, KAFKA_TIMEOUT, Set.of(0, 1, 2, 3)))
                .as("a drained broker stays cordoned")
                .containsExactly(0);
        // The next tests use broker 0 again, as a scale-down reverted after its drain would.
        Rebalancer.uncordon(admin, KAFKA_TIMEOUT, "ns/demo", Set.of(0));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Rebalancer.cordoned(admin, KAFKA_TIMEOUT, Set.of(0, 1, 2, 3)))
                        .isEmpty());
    }

    @Test
    @Order(3)
    void aNewExecutorWithANewAdminFinishesWhatAnEarlierOneStarted() throws Exception {
        RebalanceRequest request = request(Set.of());
        RebalanceProgress first;
        try (Admin before = newAdmin()) {
            first = Rebalancer.step(before, KAFKA_TIMEOUT, request);
        }
        assertThat(first.done()).isFalse();
        assertThat(first.inFlightPartitions()).isPositive();
        assertThat(admin.listPartitionReassignments().reassignments().get()).isNotEmpty();

        // "Operator restart": nothing carried over but the total from status.
        RebalanceProgress last =
                runToCompletion(request.withKnownTotalMoves(first.totalReplicas()), newAdmin(), first.totalReplicas());

        assertThat(last.totalReplicas()).isEqualTo(first.totalReplicas());
        assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        assertBalancedOver(List.of(0, 1, 2, 3));
        assertNoThrottlesLeft();
    }

    @Test
    @Order(4)
    void cancellingRevertsInFlightMovesAndRemovesThrottles() throws Exception {
        Map<TopicPartition, List<Integer>> before = assignment();
        RebalanceRequest drainThree = request(Set.of(3));

        RebalanceProgress started = Rebalancer.step(admin, KAFKA_TIMEOUT, drainThree);
        assertThat(started.inFlightPartitions()).isPositive();
        Rebalancer.cancel(admin, KAFKA_TIMEOUT, drainThree);

        assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
        assertNoThrottlesLeft();
        // Kafka puts back the replicas a partition had; their order (so the preferred leader) may differ.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(replicaSets(assignment())).isEqualTo(replicaSets(before)));
        // Back to the original wish: at most leadership reorders, no data to copy.
        RebalanceProgress back = runToCompletion(request(Set.of()), newAdmin(), 0);
        assertThat(back.totalReplicas()).isZero();
        assertBalancedOver(List.of(0, 1, 2, 3));
    }

    /**
     * No throttle on any broker or topic. The last step deleted them; a broker applies the deletion from the metadata
     * log, so its config read can trail for a moment.
     */
    private static void assertNoThrottlesLeft() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(brokerThrottles()).isEmpty();
            assertThat(topicThrottles()).isEmpty();
        });
    }

    private static Map<TopicPartition, Set<Integer>> replicaSets(Map<TopicPartition, List<Integer>> assignment) {
        Map<TopicPartition, Set<Integer>> sets = new HashMap<>();
        assignment.forEach((tp, replicas) -> sets.put(tp, Set.copyOf(replicas)));
        return sets;
    }

    private static RebalanceProgress runToCompletion(RebalanceRequest request, Admin stepAdmin, int knownTotal)
            throws Exception {
        try (stepAdmin) {
            RebalanceProgress progress =
                    Rebalancer.step(stepAdmin, KAFKA_TIMEOUT, request.withKnownTotalMoves(knownTotal));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!progress.done()) {
                assertThat(System.nanoTime()).as("rebalance finished in time").isLessThan(deadline);
                Thread.sleep(500);
                progress = Rebalancer.step(
                        stepAdmin, KAFKA_TIMEOUT, request.withKnownTotalMoves(progress.totalReplicas()));
            }
            return progress;
        }
    }

    private static RebalanceRequest request(Set<Integer> drained) {
        return new RebalanceRequest(
                "test/cluster", BROKERS, drained, Map.of(), Optional.empty(), THROTTLE, MAX_MOVES_PER_BROKER, 0);
    }

    private static void assertBalancedOver(List<Integer> brokers) throws Exception {
        Assignment assignment = Assignment.of(assignment());
        AssignmentBalance balance = AssignmentBalance.of(assignment, brokers);
        assertThat(balance.replicaSpread())
                .as("replicas per broker %s", assignment.replicaCounts())
                .isLessThanOrEqualTo(1);
        assertThat(balance.leaderSpread())
                .as("preferred leaders per broker %s", assignment.leaderCounts())
                .isLessThanOrEqualTo(1);
        assertThat(assignment.replicaCounts().keySet()).isSubsetOf(brokers);
        // Leaders follow the preferred (first) replicas after the election.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (TopicPartitionInfo info : describe().partitions()) {
                assertThat(info.leader().id()).isEqualTo(info.replicas().get(0).id());
            }
        });
    }

    private static TopicDescription describe() throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    private static Map<TopicPartition, List<Integer>> assignment() throws Exception {
        Map<TopicPartition, List<Integer>> result = new HashMap<>();
        for (TopicPartitionInfo info : describe().partitions()) {
            result.put(
                    new TopicPartition(TOPIC, info.partition()),
                    info.replicas().stream().map(Node::id).toList());
        }
        return result;
    }

    private static Map<Integer, Integer> replicaCounts() throws Exception {
        return Assignment.of(assignment()).replicaCounts();
    }

    /** Throttle rates set on any broker, keyed "broker/config". */
    private static Map<String, String> brokerThrottles() throws Exception {
        List<ConfigResource> resources = IntStream.range(0, 4)
                .mapToObj(b -> new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b)))
                .toList();
        Map<String, String> found = new HashMap<>();
        admin.describeConfigs(resources)
                .all()
                .get()
                .forEach((resource, config) -> config.entries().stream()
                        .filter(e -> Throttles.BROKER_CONFIGS.contains(e.name()))
                        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG)
                        .forEach(e -> found.put(resource.name() + "/" + e.name(), e.value())));
        return found;
    }

    private static Map<String, String> topicThrottles() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.entries().stream()
                .filter(e -> Throttles.TOPIC_CONFIGS.contains(e.name()))
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .filter(e -> !e.value().isEmpty())
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }

    private static void produceUntilStopped(
            AtomicBoolean producing, Set<Long> acknowledged, AtomicReference<Exception> failure) {
        try (KafkaProducer<Long, byte[]> producer = producer()) {
            byte[] value = new byte[1024];
            for (long seq = 0; producing.get(); seq++) {
                long key = seq;
                producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.add(key);
                    }
                });
                if (seq % 20 == 0) {
                    Thread.sleep(50);
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private static Set<Long> consumeAll() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        Set<Long> keys = new HashSet<>();
        try (KafkaConsumer<Long, byte[]> consumer =
                new KafkaConsumer<>(config, new LongDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<Long, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }

    private static KafkaProducer<Long, byte[]> producer() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5);
        return new KafkaProducer<>(config, new LongSerializer(), new ByteArraySerializer());
    }

    private static Admin newAdmin() {
        return cluster.admin();
    }
}
