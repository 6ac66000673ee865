package dev.krafter.e2e.scenarios;

import static dev.krafter.e2e.scenarios.ScaleScenarioSupport.assertBalanced;
import static dev.krafter.e2e.scenarios.ScaleScenarioSupport.assignment;
import static dev.krafter.e2e.scenarios.ScaleScenarioSupport.awaitNoThrottles;
import static dev.krafter.e2e.scenarios.ScaleScenarioSupport.replicasPerBroker;
import static dev.krafter.e2e.scenarios.ScaleScenarioSupport.setBrokerReplicas;
import static dev.krafter.e2e.scenarios.ScaleScenarioSupport.statefulSetReplicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.RebalanceSpec;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import dev.krafter.e2e.scenarios.ScaleScenarioSupport.AckCountingProducer;
import dev.krafter.e2e.scenarios.ScaleScenarioSupport.StatusSample;
import dev.krafter.e2e.scenarios.ScaleScenarioSupport.StatusTrail;
import dev.krafter.reassign.BrokerInfo;
import dev.krafter.reassign.RebalanceRequest;
import dev.krafter.reassign.Rebalancer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S4 scale 3 → 4 → 3 under load, and S7 operator restart in the middle of a reassignment. Both change the shape of
 * one 3-node combined cluster {@code s4/scale} (examples/kafkacluster-minimal.yaml), so they share it to keep the
 * suite short: S4 first, then S7, then the cluster is deleted. Each also runs alone (it creates the cluster when
 * missing).
 *
 * <p>S4: topics with RF 3 and min ISR 2 hold data and an acks=all idempotent producer runs throughout. 3 → 4: the
 * status goes Reconciling ScalingUp, then Rebalancing with moved/total progress; broker 3 registers and gets replicas;
 * the final assignment is balanced (replicas and preferred leaders per broker differ by at most 1); no replication
 * throttle is left; Ready. 4 → 3: broker 3 is drained before its StatefulSet shrinks, its pod goes, its id is
 * unregistered from KRaft (describeCluster, fenced brokers included, no longer lists it; the voters are unchanged);
 * Ready. Every acknowledged record is read back.
 *
 * <p>S7: a scale-up with a low replication throttle and one move per broker at a time, so the rebalance takes a
 * while. Once Kafka lists reassignments in flight and the status says Rebalancing, the operator is stopped (its
 * Deployment scaled to 0: the pod gets SIGTERM, as in an outage or a node drain); Kafka
 * finishes the moves it was given on its own (throttles stay set: nobody removes them); the operator is started again
 * and, from what Kafka shows alone, starts the moves still to do, removes the throttles and reports Ready, the
 * progress counting on from where it stood (same total, never going back).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S4ScaleIT {
    /** The operator's default KRAFTER_ADMIN_TIMEOUT. */
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(S4ScaleIT.class);
    static final String NS = "s4";
    static final String NAME = "scale";
    private static final String LOAD_TOPIC = "s4-load";
    private static final String STATIC_TOPIC = "s4-static";
    private static final String BULK_TOPIC = "s7-bulk";
    private static final int STATIC_RECORDS = 3000;
    /** S7's throttle: 1 MiB per partition at 128 KiB/s takes about 8 s per move. */
    private static final long S7_THROTTLE = 128 * 1024;

    private static final int S7_RECORDS_PER_PARTITION = 1024;
    private static final int S7_PARTITIONS = 4;

    /** The cluster once a test got it (not when the scenarios were skipped). */
    private static TestCluster used;

    @Test
    @Order(1)
    void s4ScaleThreeToFourToThreeUnderLoad() throws Exception {
        used = ScenarioClusters.cluster();
        runScale(used);
    }

    @Test
    @Order(2)
    void s7OperatorRestartInTheMiddleOfAReassignment() throws Exception {
        used = ScenarioClusters.cluster();
        runOperatorRestart(used);
    }

    @AfterAll
    static void deleteCluster() {
        TestCluster cluster = used;
        if (cluster == null) {
            return;
        }
        if (!cluster.operatorRunning()) {
            cluster.startOperator();
        }
        if (cluster.get(KafkaCluster.class, NS, NAME).isPresent()) {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    /** The scenario's 3-node cluster, created when missing (it is when S7 runs alone), Ready with 3 brokers. */
    static KafkaCluster readyThreeBrokers(TestCluster cluster) {
        if (cluster.get(KafkaCluster.class, NS, NAME).isEmpty()) {
            ScenarioSupport.createReadyCluster(cluster, ScenarioSupport.minimalCluster(NS, NAME));
        }
        KafkaCluster ready = ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());
        assertThat(ready.getSpec().getBrokers().getReplicas())
                .as("S4 leaves the cluster at 3 brokers")
                .isEqualTo(3);
        return ready;
    }

    // ------------------------------------------------------------------------------------------------ S4

    static void runScale(TestCluster cluster) throws Exception {
        readyThreeBrokers(cluster);
        String bootstrap = cluster.bootstrapAddress(NS, NAME, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopics(
                    admin,
                    new NewTopic(LOAD_TOPIC, 6, (short) 3).configs(Map.of("min.insync.replicas", "2")),
                    new NewTopic(STATIC_TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
            Set<String> staticValues = produce(bootstrap, STATIC_TOPIC, STATIC_RECORDS, 3);

            try (AckCountingProducer producer = new AckCountingProducer(bootstrap, LOAD_TOPIC, Duration.ofMillis(5))) {
                await().atMost(Duration.ofMinutes(1)).until(() -> producer.acknowledgedCount() >= 500);
                try (StatusTrail trail = new StatusTrail(cluster, NS, NAME)) {
                    scaleUp(cluster, admin, trail, producer);
                }
                try (StatusTrail trail = new StatusTrail(cluster, NS, NAME)) {
                    scaleDown(cluster, admin, trail, producer);
                }

                Set<String> acknowledged = producer.stop();
                LOG.info(
                        "{}/{}: {} records sent to {} during the scalings, {} acknowledged, {} failed {}",
                        NS,
                        NAME,
                        producer.sent(),
                        LOAD_TOPIC,
                        acknowledged.size(),
                        producer.failed(),
                        producer.failures());
                Set<String> loaded =
                        new HashSet<>(ScaleScenarioSupport.readAll(bootstrap, LOAD_TOPIC, Duration.ofMinutes(2)));
                Set<String> lost = new HashSet<>(acknowledged);
                lost.removeAll(loaded);
                assertThat(lost)
                        .as(
                                "acknowledged records of %s missing after scaling (%d acknowledged, %d sends failed: %s)",
                                LOAD_TOPIC, acknowledged.size(), producer.failed(), producer.failures())
                        .isEmpty();
                assertThat(new HashSet<>(ScaleScenarioSupport.readAll(bootstrap, STATIC_TOPIC, Duration.ofMinutes(1))))
                        .as("records of %s written before scaling", STATIC_TOPIC)
                        .containsAll(staticValues);
            } finally {
                // S7 moves its own data: the less else there is to move, the shorter it is.
                admin.deleteTopics(List.of(LOAD_TOPIC, STATIC_TOPIC)).all().get();
            }
        }
    }

    private static void scaleUp(TestCluster cluster, Admin admin, StatusTrail trail, AckCountingProducer producer)
            throws Exception {
        int ackedBefore = producer.acknowledgedCount();
        Instant patched = Instant.now();
        setBrokerReplicas(cluster, NS, NAME, 4);
        KafkaCluster ready =
                ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience().multipliedBy(2));
        Map<TopicPartition, List<Integer>> after = assignment(admin);
        assertBalanced(after, List.of(0, 1, 2, 3));
        Duration took = Duration.between(patched, Instant.now());
        TimingReport.record(
                TimingReport.SCALE_UP_AND_REBALANCE,
                cluster.backend(),
                took,
                NS + "/" + NAME + " 3 -> 4 brokers, " + after.size() + " partitions, producer running");

        assertThat(ready.getStatus().getBrokers().getIds()).containsExactly(0, 1, 2, 3);
        assertThat(ready.getStatus().getBrokers().getReady()).isEqualTo(4);
        assertThat(admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(replicasPerBroker(after, List.of(3)).get(3))
                .as("replicas moved onto broker 3")
                .isGreaterThan(0);
        assertThat(admin.listPartitionReassignments().reassignments().get())
                .as("reassignments left")
                .isEmpty();
        awaitNoThrottles(cluster, admin, List.of(0, 1, 2, 3));

        LOG.info("{}/{} status during the scale-up: {}", NS, NAME, trail.samples());
        List<String> reasons = trail.reasons();
        assertThat(reasons)
                .as("Reconciling reasons during the scale-up; status trail %s", trail.samples())
                .containsSubsequence(ClusterReasons.SCALING_UP, ClusterReasons.REBALANCING);
        List<StatusSample> rebalancing = trail.ofType(ClusterReasons.REBALANCING);
        assertThat(rebalancing)
                .as("Rebalancing status samples")
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.movedAndTotal())
                        .as("progress moved/total of %s", s)
                        .isNotNull());
        assertProgressConsistent(rebalancing);
        assertThat(producer.acknowledgedCount())
                .as("records acknowledged while scaling up")
                .isGreaterThan(ackedBefore);
    }

    private static void scaleDown(TestCluster cluster, Admin admin, StatusTrail trail, AckCountingProducer producer)
            throws Exception {
        int ackedBefore = producer.acknowledgedCount();
        String broker3 = ClusterNames.podName(ClusterNames.brokers(NAME), 3);
        setBrokerReplicas(cluster, NS, NAME, 3);
        // The operator replica leading is killed once the drain is under way: the standby carries the scale-down on.
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofMillis(200))
                .until(() -> trail.ofType(ClusterReasons.SCALING_DOWN).stream()
                        .anyMatch(s -> s.phase() != null && s.phase().contains("draining")));
        String killed = cluster.killOperatorLeader();
        String successor = await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(cluster::operatorLeader, l -> l.isPresent() && !l.get().equals(killed))
                .orElseThrow();
        LOG.info("{}/{}: operator leader {} killed while draining broker 3; {} leads now", NS, NAME, killed, successor);

        // The StatefulSet shrinks only once broker 3 is empty: from that moment no replica may be on it.
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofMillis(200))
                .until(() -> statefulSetReplicas(cluster, NS, ClusterNames.brokers(NAME)) == 3);
        assertThat(replicasPerBroker(assignment(admin), List.of(3)).get(3))
                .as("replicas on broker 3 when its StatefulSet shrank; status trail %s", trail.samples())
                .isZero();

        ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());
        assertThat(cluster.client().pods().inNamespace(NS).withName(broker3).get())
                .as("pod %s", broker3)
                .isNull();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                admin
                                        .describeCluster(new DescribeClusterOptions().includeFencedBrokers(true))
                                        .nodes()
                                        .get()
                                        .stream()
                                        .map(Node::id)
                                        .toList())
                        .as("brokers registered in KRaft, fenced included")
                        .containsExactlyInAnyOrder(0, 1, 2));
        assertThat(admin.describeMetadataQuorum().quorumInfo().get().voters().stream()
                        .map(v -> v.replicaId())
                        .toList())
                .as("KRaft voters")
                .containsExactlyInAnyOrder(0, 1, 2);
        Map<TopicPartition, List<Integer>> after = assignment(admin);
        assertBalanced(after, List.of(0, 1, 2));
        awaitNoThrottles(cluster, admin, List.of(0, 1, 2));

        LOG.info("{}/{} status during the scale-down: {}", NS, NAME, trail.samples());
        assertThat(trail.ofType(ClusterReasons.SCALING_DOWN))
                .as("ScalingDown status samples; trail %s", trail.samples())
                .anySatisfy(s -> assertThat(s.phase()).contains("draining"));
        await().atMost(Duration.ofMinutes(1)).until(() -> producer.acknowledgedCount() > ackedBefore);
    }

    /** Within one operation, moved/total never goes back and the total never changes. */
    private static void assertProgressConsistent(List<StatusSample> samples) {
        int lastMoved = 0;
        Integer total = null;
        for (StatusSample sample : samples) {
            int[] movedAndTotal = sample.movedAndTotal();
            if (movedAndTotal == null) {
                continue;
            }
            assertThat(movedAndTotal[0])
                    .as("moved in %s; samples %s", sample, samples)
                    .isGreaterThanOrEqualTo(lastMoved)
                    .isLessThanOrEqualTo(movedAndTotal[1]);
            if (total != null) {
                assertThat(movedAndTotal[1])
                        .as("total in %s; samples %s", sample, samples)
                        .isEqualTo(total);
            }
            assertThat(movedAndTotal[1]).as("total in %s", sample).isPositive();
            lastMoved = movedAndTotal[0];
            total = movedAndTotal[1];
        }
    }

    // ------------------------------------------------------------------------------------------------ S7

    static void runOperatorRestart(TestCluster cluster) throws Exception {
        readyThreeBrokers(cluster);
        String bootstrap = cluster.bootstrapAddress(NS, NAME, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopics(
                    admin,
                    new NewTopic(BULK_TOPIC, S7_PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2")));
            Set<String> bulk = produce(
                    bootstrap, BULK_TOPIC, S7_PARTITIONS * S7_RECORDS_PER_PARTITION, S7_PARTITIONS, "x".repeat(1000));
            ScaleScenarioSupport.editSpec(cluster, NS, NAME, kc -> {
                RebalanceSpec rebalance = kc.getSpec().getRebalance();
                rebalance.setThrottleBytesPerSecond(S7_THROTTLE);
                rebalance.setMaxConcurrentMovesPerBroker(1);
            });
            ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());

            try (StatusTrail trail = new StatusTrail(cluster, NS, NAME)) {
                Instant patched = Instant.now();
                setBrokerReplicas(cluster, NS, NAME, 4);
                await().atMost(cluster.patience())
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> !admin.listPartitionReassignments()
                                        .reassignments()
                                        .get()
                                        .isEmpty()
                                && ClusterReasons.REBALANCING.equals(operationType(cluster)));
                cluster.stopOperator();
                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                ClusterReasons.REBALANCING.equals(trail.last().operationType()));
                StatusSample beforeStop = trail.last();
                assertThat(beforeStop.throttleBytesPerSecond())
                        .as("status throttle")
                        .isEqualTo(S7_THROTTLE);
                assertThat(ScaleScenarioSupport.throttlesSet(admin, List.of(0, 1, 2, 3)))
                        .as("throttles while replicas move")
                        .contains("broker 3: follower.replication.throttled.rate=" + S7_THROTTLE)
                        .anySatisfy(t -> assertThat(t)
                                .startsWith("topic ")
                                .contains(": follower.replication.throttled.replicas=")
                                .contains(":3"));

                // With nobody to start the next moves, Kafka finishes the ones it has and the rest waits.
                await().atMost(cluster.patience())
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> admin.listPartitionReassignments()
                                .reassignments()
                                .get()
                                .isEmpty());
                List<Integer> rebalanceBrokers = List.of(0, 1, 2, 3);
                RebalanceRequest request = RebalanceRequest.wholeCluster(
                        NS + "/" + NAME,
                        rebalanceBrokers.stream().map(BrokerInfo::of).toList(),
                        Set.of(),
                        cluster.get(KafkaCluster.class, NS, NAME)
                                .orElseThrow()
                                .getSpec()
                                .getRebalance(),
                        0);
                int leftWhileStopped =
                        Rebalancer.pendingWork(admin, KAFKA_TIMEOUT, request).movedReplicas();
                assertThat(leftWhileStopped)
                        .as("replica moves not yet started when the operator stopped")
                        .isPositive();
                assertThat(ScaleScenarioSupport.throttlesSet(admin, rebalanceBrokers))
                        .as("throttles while stopped")
                        .isNotEmpty();

                cluster.startOperator();
                ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience().multipliedBy(2));
                TimingReport.record(
                        TimingReport.SCALE_UP_AND_REBALANCE,
                        cluster.backend(),
                        Duration.between(patched, Instant.now()),
                        NS + "/" + NAME + " 3 -> 4 brokers, throttled to " + S7_THROTTLE
                                + " B/s, 1 move per broker, operator restarted mid-way");

                assertThat(admin.listPartitionReassignments().reassignments().get())
                        .as("reassignments left")
                        .isEmpty();
                assertThat(Rebalancer.pendingWork(admin, KAFKA_TIMEOUT, request).moves())
                        .as("moves to the target assignment left")
                        .isEmpty();
                Map<TopicPartition, List<Integer>> after = assignment(admin);
                assertBalanced(after, rebalanceBrokers);
                awaitNoThrottles(cluster, admin, rebalanceBrokers);

                LOG.info(
                        "{}/{} status around the operator restart (stopped after: {}): {}",
                        NS,
                        NAME,
                        beforeStop,
                        trail.samples());
                List<StatusSample> rebalancing = trail.ofType(ClusterReasons.REBALANCING);
                assertProgressConsistent(rebalancing);
                List<StatusSample> afterRestart = new ArrayList<>(rebalancing);
                afterRestart.removeIf(s -> !s.at().isAfter(beforeStop.at()));
                assertThat(afterRestart)
                        .as("Rebalancing reported after the restart; trail %s", trail.samples())
                        .isNotEmpty();
                assertThat(afterRestart.get(0).movedAndTotal()[1])
                        .as("total after the restart")
                        .isEqualTo(beforeStop.movedAndTotal()[1]);
            }
            assertThat(ScaleScenarioSupport.readAll(bootstrap, BULK_TOPIC, Duration.ofMinutes(1)))
                    .as("records of %s after the rebalance", BULK_TOPIC)
                    .containsExactlyInAnyOrderElementsOf(bulk);
        }
    }

    private static String operationType(TestCluster cluster) {
        KafkaCluster resource = cluster.get(KafkaCluster.class, NS, NAME).orElse(null);
        return resource == null
                        || resource.getStatus() == null
                        || resource.getStatus().getOperation() == null
                ? null
                : resource.getStatus().getOperation().getType();
    }

    private static Set<String> produce(String bootstrap, String topic, int count, int partitions) throws Exception {
        return produce(bootstrap, topic, count, partitions, "");
    }

    /**
     * Produces {@code count} records acks=all, spread evenly over the topic's {@code partitions}, waits for every
     * acknowledgement and returns the values.
     */
    private static Set<String> produce(String bootstrap, String topic, int count, int partitions, String padding)
            throws Exception {
        Set<String> values = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String value = topic + "-" + i + padding;
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, "key-" + i, value)));
                values.add(value);
            }
            producer.flush();
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        return values;
    }
}
