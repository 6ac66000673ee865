package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.roll.RollDecision.Action;
import dev.krafter.roll.RollDecision.WaitCause;
import dev.krafter.testing.KafkaTestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several brokers restarting together ({@code spec.rollout.maxConcurrent}) on a real KRaft cluster of six brokers in
 * three racks (a = 0, 3; b = 1, 4; c = 2, 5) and one controller: the safety check lets a set go only when every
 * partition keeps min.insync.replicas without all of it, and a planner-driven roll of two at a time restarts brokers
 * of one rack together under an acks=all producer with no partition ever under min ISR and nothing acknowledged lost.
 *
 * <p>Topics: {@code orders} (12 partitions, RF 3, min ISR 2, placed by Kafka's rack-aware assignment), {@code pinned}
 * (RF 3, min ISR 2, partition 0 on brokers 0, 1, 2, partition 1 on 3, 4, 5).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParallelRollSafetyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<Integer, String> RACKS = Map.of(0, "a", 3, "a", 1, "b", 4, "b", 2, "c", 5, "c");

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestClusters.brokers(6)
                .productionMetadataVersion()
                .rack("a", 0, 3)
                .rack("b", 1, 4)
                .rack("c", 2, 5)
                .config("offsets.topic.num.partitions", "6")
                .config("offsets.topic.replication.factor", "3")
                .config("auto.create.topics.enable", "false")
                .start();
        admin = cluster.admin();
        KafkaTestClusters.createTopics(
                admin,
                List.of(
                        new NewTopic("orders", 12, (short) 3).configs(Map.of("min.insync.replicas", "2")),
                        new NewTopic("pinned", Map.of(0, List.of(0, 1, 2), 1, List.of(3, 4, 5)))
                                .configs(Map.of("min.insync.replicas", "2"))));
        awaitHealthy();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        KafkaTestClusters.closeAll(admin, cluster);
    }

    @Test
    @Order(1)
    void aSetIsAllowedOnlyWhenEveryPartitionKeepsItsMinIsr() throws Exception {
        KafkaSnapshot snapshot = KafkaSnapshot.read(admin, TIMEOUT);

        assertThat(snapshot.racks()).isEqualTo(RACKS);
        assertThat(RollSafety.safeTogether(Set.of(0, 3), snapshot, Set.of()))
                .as("rack a")
                .isTrue();
        assertThat(RollSafety.safeTogether(Set.of(0, 1), snapshot, Set.of()))
                .as("pinned-0 would keep only broker 2")
                .isFalse();
        assertThat(RollSafety.safeTogether(Set.of(0, 1), snapshot, Set.of("*"))).isTrue();

        RollDecision twoAtATime = RollPlanner.next(brokers(true, true, true, true, true, true), snapshot, Set.of(), 2);
        assertThat(twoAtATime.pods()).containsExactly("kafka-brokers-0", "kafka-brokers-3");
        RollDecision asManyAsSafe =
                RollPlanner.next(brokers(true, true, true, true, true, true), snapshot, Set.of(), 6);
        assertThat(asManyAsSafe.pods()).as("no third broker can join rack a").hasSize(2);
    }

    @Test
    @Order(2)
    void withARackDownNoOtherBrokerMayGo() throws Exception {
        stopBrokers(List.of(0, 3));

        KafkaSnapshot snapshot = awaitSnapshot(s -> s.fencedBrokers().containsAll(List.of(0, 3))
                && s.partitions().values().stream()
                        .noneMatch(p -> p.isr().contains(0) || p.isr().contains(3)));
        assertThat(snapshot.underMinIsr())
                .as("a rack away leaves every partition 2 in-sync replicas")
                .isZero();
        assertThat(snapshot.offline()).isZero();
        for (int other : List.of(1, 2, 4, 5)) {
            assertThat(RollSafety.safeTogether(Set.of(0, 3, other), snapshot, Set.of()))
                    .as("broker %d too", other)
                    .isFalse();
        }
        List<NodeState> nodes = List.of(
                broker(0, false, false),
                broker(1, true, true),
                broker(2, true, true),
                broker(3, false, false),
                broker(4, true, true),
                broker(5, true, true));
        RollDecision decision = RollPlanner.next(nodes, snapshot, Set.of(), 3);
        assertThat(decision.action()).isEqualTo(Action.WAIT);
        assertThat(decision.waitCause()).isEqualTo(WaitCause.REJOINING);
        assertThat(decision.podName()).isEqualTo("kafka-brokers-0");

        restartBrokers(List.of(0, 3));
        awaitHealthy();
    }

    @Test
    @Order(3)
    void aRollTwoAtATimeGoesRackByRackWithoutLosingAcknowledgedRecords() throws Exception {
        admin.deleteTopics(List.of("pinned")).all().get();
        awaitSnapshot(
                s -> s.partitions().keySet().stream().noneMatch(tp -> tp.topic().equals("pinned")));
        Map<Integer, NodeState> pods = new TreeMap<>();
        IntStream.range(0, 6).forEach(id -> pods.put(id, broker(id, true, true)));
        List<List<Integer>> waves = new ArrayList<>();

        try (AcksAllProducer producer = new AcksAllProducer(cluster.bootstrapServers(), "orders");
                UnderMinIsrWatcher watcher = new UnderMinIsrWatcher(cluster.admin(), TIMEOUT)) {
            long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (true) {
                KafkaSnapshot snapshot = KafkaSnapshot.read(admin, TIMEOUT);
                RollDecision decision = RollPlanner.next(List.copyOf(pods.values()), snapshot, Set.of(), 2);
                if (decision.action() == Action.DONE
                        && RollPlanner.settling(List.copyOf(pods.values()), snapshot)
                                .isEmpty()) {
                    break;
                }
                assertThat(System.nanoTime())
                        .as("roll still going: " + decision)
                        .isLessThan(end);
                if (decision.action() == Action.RESTART) {
                    List<Integer> wave = decision.pods().stream()
                            .map(pod -> Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1)))
                            .toList();
                    waves.add(wave);
                    wave.forEach(id -> pods.put(id, broker(id, false, false)));
                    stopBrokers(wave);
                    restartBrokers(wave);
                    wave.forEach(id -> pods.put(id, broker(id, true, false)));
                } else {
                    Thread.sleep(300);
                }
            }
            assertThat(producer.stop()).as("acks=all sends that failed").isEmpty();
            assertThat(watcher.stop())
                    .as("partitions seen under min.insync.replicas during the roll")
                    .isEmpty();
            // A broker back in every ISR frees its slot at once, so a wave may start while the last broker of the one
            // before still catches up: waves are one rack's brokers, not always the whole rack.
            assertThat(waves.get(0)).containsExactly(0, 3);
            assertThat(waves)
                    .allSatisfy(wave -> assertThat(wave.stream().map(RACKS::get).distinct())
                            .as("racks of wave %s", wave)
                            .hasSize(1));
            assertThat(waves.stream().flatMap(List::stream)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
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

    /** Shuts the brokers down at the same time, as deleting their pods together does. */
    private static void stopBrokers(List<Integer> ids) {
        CompletableFuture.allOf(ids.stream()
                        .map(id -> CompletableFuture.runAsync(() -> {
                            cluster.brokers().get(id).shutdown();
                            cluster.brokers().get(id).awaitShutdown();
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    private static void restartBrokers(List<Integer> ids) {
        ids.forEach(id -> cluster.restartBroker(id, Map.of()));
    }

    private static KafkaSnapshot awaitHealthy() {
        return awaitSnapshot(
                s -> s.fencedBrokers().isEmpty() && s.registeredBrokers().size() == 6 && s.underReplicated() == 0);
    }

    private static KafkaSnapshot awaitSnapshot(Predicate<KafkaSnapshot> condition) {
        return LiveSnapshots.await(admin, Duration.ofSeconds(90), condition);
    }
}
