package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.roll.RollDecision.Action;
import dev.krafter.roll.RollDecision.WaitCause;
import dev.krafter.testing.KafkaTestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The snapshot and the roll checks against a real KRaft cluster (one controller, three brokers) whose brokers
 * are stopped and started like pods during a roll.
 *
 * <p>Topics: {@code orders} (3 partitions, RF 3, min ISR 2) and {@code payments} (1 partition on brokers 0 and 1,
 * RF 2, min ISR 2). So when all brokers are up only broker 2 may restart, and with broker 2 down no broker may.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollSafetyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final TopicPartition PAYMENTS = new TopicPartition("payments", 0);

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestClusters.brokers(3)
                .productionMetadataVersion()
                .config("offsets.topic.num.partitions", "3")
                .config("offsets.topic.replication.factor", "3")
                .config("auto.create.topics.enable", "false")
                .start();
        admin = cluster.admin();
        KafkaTestClusters.createTopics(
                admin,
                List.of(
                        new NewTopic("orders", 3, (short) 3).configs(Map.of("min.insync.replicas", "2")),
                        new NewTopic("payments", Map.of(0, List.of(0, 1)))
                                .configs(Map.of("min.insync.replicas", "2"))));
        // a committed offset creates the internal __consumer_offsets topic
        admin.alterConsumerGroupOffsets("billing", Map.of(PAYMENTS, new OffsetAndMetadata(0)))
                .all()
                .get();
        awaitHealthy();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        KafkaTestClusters.closeAll(admin, cluster);
    }

    @Test
    @Order(1)
    void snapshotReportsBrokersQuorumPartitionsAndMetadataVersion() throws Exception {
        KafkaSnapshot snapshot = KafkaSnapshot.read(admin, TIMEOUT);

        int controllerId = cluster.controllers().keySet().iterator().next();
        assertThat(snapshot.registeredBrokers()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(snapshot.fencedBrokers()).isEmpty();
        assertThat(snapshot.voters()).containsExactly(controllerId);
        assertThat(snapshot.quorumLeader()).hasValue(controllerId);
        assertThat(snapshot.caughtUpVoters()).containsExactly(controllerId);
        assertThat(snapshot.metadataVersion()).matches("\\d+");
        assertThat(snapshot.partitions())
                .containsKeys(new TopicPartition("orders", 2), PAYMENTS, new TopicPartition("__consumer_offsets", 0));
        PartitionState payments = snapshot.partitions().get(PAYMENTS);
        assertThat(payments.replicas()).containsExactly(0, 1);
        assertThat(payments.minIsr()).isEqualTo(2);
        assertThat(snapshot.partitions()
                        .get(new TopicPartition("__consumer_offsets", 0))
                        .replicas())
                .hasSize(3);
        assertThat(snapshot.underReplicated()).isZero();
        assertThat(snapshot.underMinIsr()).isZero();
        assertThat(snapshot.offline()).isZero();
    }

    @Test
    @Order(2)
    void whenAllBrokersAreInSyncOnlyTheBrokerWithoutPaymentsMayRestart() throws Exception {
        KafkaSnapshot snapshot = KafkaSnapshot.read(admin, TIMEOUT);

        assertThat(RollSafety.blockers(2, snapshot)).isEmpty();
        assertThat(RollSafety.blockers(0, snapshot))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("payments-0").doesNotContain("orders"));
        assertThat(RollSafety.blockers(1, snapshot)).isPresent();

        RollDecision decision = RollPlanner.next(brokers(true, true, true), snapshot);
        assertThat(decision.action()).isEqualTo(Action.RESTART);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-2");
    }

    @Test
    @Order(3)
    void withOneBrokerDownTheOthersAreRefusedAndTheCountsShowIt() throws Exception {
        stopBroker(2);

        // orders (3) and __consumer_offsets (3) lose their replica on broker 2; payments is not on it
        KafkaSnapshot snapshot = awaitSnapshot(s -> s.fencedBrokers().contains(2) && s.underReplicated() == 6);
        assertThat(snapshot.registeredBrokers()).contains(2);
        assertThat(snapshot.underMinIsr()).isZero();
        assertThat(snapshot.offline()).isZero();
        assertThat(RollSafety.blockers(0, snapshot))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("orders-0", "orders-1", "orders-2", "payments-0"));
        assertThat(RollSafety.blockers(1, snapshot))
                .hasValueSatisfying(reason -> assertThat(reason).contains("orders-0"));

        // the pod of broker 2 is down: the roll waits for it whatever is outdated
        List<NodeState> nodes = List.of(broker(0, true, true), broker(1, true, true), broker(2, false, false));
        RollDecision decision = RollPlanner.next(nodes, snapshot);
        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.REJOINING);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-2");
    }

    @Test
    @Order(4)
    void withTwoBrokersDownPartitionsAreUnderMinIsr() throws Exception {
        stopBroker(1);

        // orders (3), payments (1) and __consumer_offsets (3) are left with broker 0 alone; only the first two
        // have min.insync.replicas 2 (the offsets topic has the broker default, 1)
        KafkaSnapshot snapshot =
                awaitSnapshot(s -> s.fencedBrokers().containsAll(List.of(1, 2)) && s.underReplicated() == 7);
        assertThat(snapshot.underMinIsr()).isEqualTo(4);
        assertThat(snapshot.offline()).isZero();
        assertThat(RollSafety.brokerImpact(0, snapshot).offline()).hasSize(7);
    }

    @Test
    @Order(5)
    void restartedBrokersRejoinAndTheRollMayGoOn() throws Exception {
        cluster.restartBroker(1, Map.of());
        cluster.restartBroker(2, Map.of());

        KafkaSnapshot snapshot = awaitHealthy();
        assertThat(snapshot.fencedBrokers()).isEmpty();
        assertThat(RollSafety.blockers(2, snapshot)).isEmpty();
        RollDecision decision = RollPlanner.next(brokers(true, true, true), snapshot);
        assertThat(decision.action()).isEqualTo(Action.RESTART);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-2");
    }

    @Test
    @Order(6)
    void aRollDrivenByThePlannerRestartsEveryBrokerWithoutLosingAcknowledgedRecords() throws Exception {
        // payments (RF 2 = min ISR 2) can never lose a replica: with it, brokers 0 and 1 could never roll
        admin.deleteTopics(List.of("payments")).all().get();
        awaitSnapshot(s -> !s.partitions().containsKey(PAYMENTS) && s.underReplicated() == 0);
        Map<Integer, NodeState> pods = new TreeMap<>();
        for (int id = 0; id < 3; id++) {
            pods.put(id, broker(id, true, true));
        }
        List<String> restarted = new ArrayList<>();

        try (AcksAllProducer producer = new AcksAllProducer(cluster.bootstrapServers(), "orders");
                UnderMinIsrWatcher watcher = new UnderMinIsrWatcher(cluster.admin(), TIMEOUT)) {
            long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (true) {
                KafkaSnapshot snapshot = KafkaSnapshot.read(admin, TIMEOUT);
                RollDecision decision = RollPlanner.next(List.copyOf(pods.values()), snapshot);
                if (decision.action() == Action.DONE
                        && RollPlanner.settling(List.copyOf(pods.values()), snapshot)
                                .isEmpty()) {
                    break;
                }
                assertThat(System.nanoTime())
                        .as("roll still going: " + decision)
                        .isLessThan(end);
                if (decision.action() == Action.RESTART) {
                    int id = pods.values().stream()
                            .filter(n -> n.podName().equals(decision.podName()))
                            .findFirst()
                            .orElseThrow()
                            .nodeId();
                    restarted.add(decision.podName());
                    // the pod is deleted, then recreated from the new template: not ready until the broker is up
                    pods.put(id, broker(id, false, false));
                    stopBroker(id);
                    cluster.restartBroker(id, Map.of());
                    pods.put(id, broker(id, true, false));
                } else {
                    Thread.sleep(300);
                }
            }
            assertThat(producer.stop()).as("acks=all sends that failed").isEmpty();
            assertThat(watcher.stop())
                    .as("partitions seen under min.insync.replicas during the roll")
                    .isEmpty();
            assertThat(restarted).containsExactly("kafka-brokers-0", "kafka-brokers-1", "kafka-brokers-2");
            assertThat(producer.acknowledged()).hasSizeGreaterThan(10);
            assertThat(AcksAllProducer.readAll(cluster.bootstrapServers(), "orders"))
                    .containsAll(producer.acknowledged());
        }
    }

    private static List<NodeState> brokers(boolean... outdated) {
        return IntStream.range(0, outdated.length)
                .mapToObj(id -> broker(id, true, outdated[id]))
                .toList();
    }

    private static NodeState broker(int id, boolean ready, boolean outdated) {
        return new NodeState("kafka-brokers-" + id, id, false, true, ready, outdated, outdated ? "image" : null);
    }

    private static void stopBroker(int id) {
        cluster.brokers().get(id).shutdown();
        cluster.brokers().get(id).awaitShutdown();
    }

    private static KafkaSnapshot awaitHealthy() {
        return awaitSnapshot(
                s -> s.fencedBrokers().isEmpty() && s.registeredBrokers().size() == 3 && s.underReplicated() == 0);
    }

    private static KafkaSnapshot awaitSnapshot(Predicate<KafkaSnapshot> condition) {
        return LiveSnapshots.await(admin, Duration.ofSeconds(60), condition);
    }
}
