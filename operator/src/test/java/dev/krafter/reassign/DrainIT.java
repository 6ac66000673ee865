package dev.krafter.reassign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.RebalanceSpec;
import dev.krafter.failure.TransientProblem;
import dev.krafter.testing.KafkaTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Draining a broker on a real 3-broker KRaft cluster at Kafka 4.4's production metadata.version: while broker 2 is
 * drained, neither Kafka's own placement (new topics, new partitions) nor a Topic's replication-factor change puts a
 * replica on it; a drain that is cancelled (scale-down reverted) gives the broker back. The tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrainIT {
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Integer> DRAINED = Set.of(2);

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestClusters.brokers(3).productionMetadataVersion().start();
        admin = cluster.admin();
        KafkaTestClusters.createTopic(
                admin, new NewTopic("orders", Map.of(0, List.of(0, 1), 1, List.of(1, 2), 2, List.of(2, 0))));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        KafkaTestClusters.closeAll(admin, cluster);
    }

    @Test
    @Order(1)
    void whileABrokerIsDrainedKafkaPlacesNoNewReplicaOnIt() throws Exception {
        RebalanceProgress first = Rebalancer.step(admin, KAFKA_TIMEOUT, drain());
        assertThat(first.done()).isFalse();

        // Kafka applies a cordon from the broker's next heartbeat; a topic created right after may still land there,
        // which the drain then moves off. Once applied, nothing lands there.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String topic = "probe-" + System.nanoTime();
            KafkaTestClusters.createTopic(admin, new NewTopic(topic, 12, (short) 2));
            assertThat(replicaBrokers(topic))
                    .as("brokers of a topic Kafka placed mid-drain")
                    .doesNotContain(2);
        });
        KafkaTestClusters.createTopic(admin, new NewTopic("late", 12, (short) 2));
        admin.createPartitions(Map.of("late", org.apache.kafka.clients.admin.NewPartitions.increaseTo(24)))
                .all()
                .get();
        assertThat(replicaBrokers("late"))
                .as("brokers of a topic created and grown mid-drain")
                .doesNotContain(2);

        drainToTheEnd();
        assertThat(hostedOn(2)).as("replicas left on the drained broker").isZero();
    }

    @Test
    @Order(2)
    void aReplicationFactorChangeNeverPicksTheDrainedBroker() throws Exception {
        KafkaTestClusters.createTopic(
                admin, new NewTopic("audit", Map.of(0, List.of(0), 1, List.of(1), 2, List.of(0))));
        List<BrokerInfo> usable = Rebalancer.registeredBrokers(admin, KAFKA_TIMEOUT);
        assertThat(usable)
                .extracting(BrokerInfo::id)
                .as("brokers a Topic may use")
                .containsExactly(0, 1);

        RebalanceRequest raise = RebalanceRequest.replicationFactor("ns/audit", usable, "audit", 2, spec(), 0);
        RebalanceProgress progress = stepAsAReconcileDoes(raise);
        while (!progress.done()) {
            Thread.sleep(200);
            progress = stepAsAReconcileDoes(raise.withKnownTotalMoves(progress.totalReplicas()));
        }
        assertThat(replicaBrokers("audit")).doesNotContain(2);
    }

    /** One step, tried again on a transient problem (a new topic not yet known to every broker) as a reconcile is. */
    private static RebalanceProgress stepAsAReconcileDoes(RebalanceRequest request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return Rebalancer.step(admin, KAFKA_TIMEOUT, request);
            } catch (TransientProblem e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    @Order(3)
    void aCancelledDrainGivesTheBrokerBack() throws Exception {
        Rebalancer.cancel(admin, KAFKA_TIMEOUT, drain());

        // The cordon is a broker config: the broker asked next may not have applied its removal yet.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Rebalancer.registeredBrokers(admin, KAFKA_TIMEOUT))
                        .extracting(BrokerInfo::id)
                        .containsExactly(0, 1, 2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String topic = "back-" + System.nanoTime();
            KafkaTestClusters.createTopic(admin, new NewTopic(topic, 12, (short) 2));
            assertThat(replicaBrokers(topic)).contains(2);
        });
    }

    private static void drainToTheEnd() throws Exception {
        RebalanceRequest request = drain();
        RebalanceProgress progress = Rebalancer.step(admin, KAFKA_TIMEOUT, request);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!progress.done()) {
            assertThat(System.nanoTime()).as("drain finished in time").isLessThan(deadline);
            Thread.sleep(200);
            progress = Rebalancer.step(admin, KAFKA_TIMEOUT, request.withKnownTotalMoves(progress.totalReplicas()));
        }
    }

    private static RebalanceRequest drain() {
        return RebalanceRequest.wholeCluster("ns/demo", Clusters.brokers(3), DRAINED, spec(), 0);
    }

    private static RebalanceSpec spec() {
        RebalanceSpec spec = new RebalanceSpec();
        spec.setThrottleBytesPerSecond(10L * 1024 * 1024);
        return spec;
    }

    private static Set<Integer> replicaBrokers(String topic) throws Exception {
        // A topic just created may not be known to every broker yet.
        TopicDescription description = await().ignoreExceptions()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> admin.describeTopics(List.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic),
                        d -> d != null);
        return description.partitions().stream()
                .flatMap(p -> p.replicas().stream())
                .map(Node::id)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static long hostedOn(int broker) throws Exception {
        Set<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names()
                .get();
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream())
                .map(TopicPartitionInfo::replicas)
                .filter(replicas -> replicas.stream().anyMatch(n -> n.id() == broker))
                .count();
    }
}
