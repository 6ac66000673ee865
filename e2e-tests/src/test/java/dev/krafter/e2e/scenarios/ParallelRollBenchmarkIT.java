package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Parallel rolling restart, a benchmark with a safety check, on three nodes in three zones: a KafkaCluster of six
 * combined/broker nodes with {@code brokers.rackTopologyKey: topology.kubernetes.io/zone} (two brokers per zone) and a
 * topic of RF 3 / min ISR 2 (spread over the zones by Kafka), under an acks=all idempotent producer and a
 * read_committed consumer, rolls twice with the {@code krafter.dev/restart} annotation: first with
 * {@code spec.rollout.maxConcurrent: 1} (serial), then with 2. Both times are printed side by side with their ratio and
 * go to the timing report; nothing is asserted about them. Asserted: each roll restarts every pod once, no partition of
 * the topic is ever seen under min ISR, the parallel roll restarts two brokers of one zone together and its status
 * shows the pods in flight and an estimated completion, and afterwards every acknowledged record is in the topic at the
 * partition and offset Kafka acknowledged (S6's check), nothing is in it twice, and the live consumer read each once.
 */
class ParallelRollBenchmarkIT {
    static final String SERIAL = "whole roll, 6 brokers in 3 zones, maxConcurrent 1";
    static final String PARALLEL = "whole roll, 6 brokers in 3 zones, maxConcurrent 2";
    private static final String NS = "waves";
    private static final String NAME = "waves";
    private static final String TOPIC = "waves-orders";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final int BROKERS = 6;
    private static final int MIN_ISR = 2;
    private static final int RECORDS_PER_SECOND = 500;

    @Test
    void aParallelRollIsFasterAndLosesNothing() throws Exception {
        TestCluster cluster = ScenarioClusters.cluster();
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        resource.getSpec().getBrokers().setReplicas(BROKERS);
        resource.getSpec().getBrokers().setRackTopologyKey(ZONE);
        ScenarioSupport.createFreshReadyCluster(cluster, resource);
        try {
            String bootstrap = cluster.bootstrapAddress(NS, NAME, null);
            try (Admin admin = ScenarioSupport.admin(bootstrap)) {
                ScenarioSupport.createTopics(
                        admin,
                        new NewTopic(TOPIC, 6, (short) 3)
                                .configs(Map.of("min.insync.replicas", String.valueOf(MIN_ISR))));
                try (S6ChaosIT.ContinuousProducer producer =
                                new S6ChaosIT.ContinuousProducer(bootstrap, TOPIC, RECORDS_PER_SECOND);
                        CommittedReader reader = new CommittedReader(bootstrap, TOPIC)) {
                    await().atMost(Duration.ofMinutes(1))
                            .until(() -> producer.acked.size() >= 500 && reader.read() > 0);

                    Roll serial = roll(cluster, admin, 1);
                    Roll parallel = roll(cluster, admin, 2);
                    System.out.printf(
                            "parallel roll: %-45s %6.1f s (%d waves)%nparallel roll: %-45s %6.1f s (%d waves)%n"
                                    + "parallel roll: parallel / serial = %.2f%n",
                            SERIAL,
                            seconds(serial.took()),
                            serial.waves().size(),
                            PARALLEL,
                            seconds(parallel.took()),
                            parallel.waves().size(),
                            seconds(parallel.took()) / seconds(serial.took()));
                    TimingReport.record(
                            TimingReport.WHOLE_ROLL, cluster.backend(), serial.took(), NS + "/" + NAME + " " + SERIAL);
                    TimingReport.record(
                            TimingReport.WHOLE_ROLL,
                            cluster.backend(),
                            parallel.took(),
                            NS + "/" + NAME
                                    + " " + PARALLEL + " ("
                                    + String.format("%.2f", seconds(parallel.took()) / seconds(serial.took()))
                                    + "x the serial roll)");
                    assertThat(serial.waves())
                            .as("serial roll: one pod at a time")
                            .allSatisfy(w -> assertThat(w).hasSize(1));
                    assertThat(parallel.waves())
                            .as(
                                    "parallel roll: two brokers of one zone together at least once;" + " zones: %s",
                                    zones(cluster))
                            .anySatisfy(w -> assertThat(w).hasSize(2));
                    assertThat(parallel.statuses())
                            .as("status of the parallel roll: two pods in flight and an" + " estimated completion")
                            .anySatisfy(s -> {
                                assertThat(s.restarting()).isEqualTo(2);
                                assertThat(s.estimatedCompletionAt()).isNotNull();
                            });

                    producer.stop();
                    assertThat(producer.failures.get())
                            .as("sends that failed after the producer's retries")
                            .isZero();
                    reader.drain(Duration.ofMinutes(3));
                    assertThat(reader.readTwice())
                            .as("records the read_committed consumer read twice")
                            .isEmpty();
                    assertNothingLostOrDuplicated(bootstrap, producer);
                }
            }
        } finally {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    /**
     * Every acknowledged record is in the topic at the partition and offset Kafka acknowledged it at, and no value is in
     * the topic twice.
     */
    private static void assertNothingLostOrDuplicated(String bootstrap, S6ChaosIT.ContinuousProducer producer) {
        S6ChaosIT.ReadBack readBack = S6ChaosIT.ReadBack.all(bootstrap, TOPIC, Duration.ofMinutes(5));
        Map<String, S6ChaosIT.Placement> lost = new TreeMap<>();
        producer.acked.forEach((value, placement) -> {
            if (!value.equals(readBack.byPlacement().get(placement))) {
                lost.put(value, placement);
            }
        });
        assertThat(lost)
                .as(
                        "acknowledged records not at their acknowledged offset (of %d acknowledged; %s); what the"
                                + " log holds there now: %s",
                        producer.acked.size(), readBack, readBack.describe(lost))
                .isEmpty();
        Map<String, Long> copies =
                readBack.byPlacement().values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
        assertThat(copies.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey)
                        .limit(20)
                        .toList())
                .as("records in %s more than once", TOPIC)
                .isEmpty();
        System.out.printf(
                "parallel roll: %d records acknowledged, every one at its offset, none twice%n", producer.acked.size());
    }

    /** A roll as the test saw it: how long, which pods went together, and the statuses shown. */
    record Roll(Duration took, List<List<String>> waves, List<RollWatch.StatusSeen> statuses) {}

    /**
     * Sets {@code maxConcurrent} and the restart annotation in one edit and follows the roll until every pod was
     * deleted, the cluster is Ready again and the last deleted broker is back in every ISR of the topic.
     */
    private static Roll roll(TestCluster cluster, Admin admin, int maxConcurrent) throws Exception {
        try (RollWatch watch = RollWatch.start(cluster, NS, NAME);
                IsrMonitor isr = IsrMonitor.start(admin, TOPIC, MIN_ISR)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !isr.samples().isEmpty());
            Instant started = Instant.now();
            cluster.edit(KafkaCluster.class, NS, NAME, k -> {
                k.getSpec().getRollout().setMaxConcurrent(maxConcurrent);
                Map<String, String> annotations = new HashMap<>(
                        k.getMetadata().getAnnotations() == null
                                ? Map.of()
                                : k.getMetadata().getAnnotations());
                annotations.put(ApiGroup.RESTART_ANNOTATION, started.toString());
                k.getMetadata().setAnnotations(annotations);
                return k;
            });
            await().atMost(cluster.patience().multipliedBy(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> watch.deletions().size() >= BROKERS);
            ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());
            RollWatch.Deletion last = watch.deletions().get(watch.deletions().size() - 1);
            int lastBroker = Integer.parseInt(last.pod().substring(last.pod().lastIndexOf('-') + 1));
            await().atMost(cluster.patience())
                    .until(() -> isr.backInIsr(lastBroker, last.at()).isPresent());
            Duration took = Duration.between(started, Instant.now());

            assertThat(watch.deletedPods())
                    .as("pods deleted by the roll with maxConcurrent %d", maxConcurrent)
                    .hasSize(BROKERS)
                    .doesNotHaveDuplicates();
            assertThat(isr.samples().size())
                    .as("ISR samples taken during the roll")
                    .isGreaterThan(20);
            assertThat(isr.underMinIsr())
                    .as("partitions of %s under min ISR %d during the roll", TOPIC, MIN_ISR)
                    .isEmpty();
            assertThat(watch.statuses())
                    .as("Reconciling=True RollingRestart while rolling")
                    .anyMatch(s -> ClusterReasons.ROLLING_RESTART.equals(s.reconcilingReason()));
            return new Roll(took, waves(watch.deletions()), watch.statuses());
        }
    }

    /** Deletions seen within 3 s of the first of a group are one wave (the operator deletes a set in one reconcile). */
    private static List<List<String>> waves(List<RollWatch.Deletion> deletions) {
        List<List<String>> waves = new ArrayList<>();
        Instant waveStart = null;
        for (RollWatch.Deletion deletion : deletions) {
            if (waveStart == null || deletion.at().isAfter(waveStart.plusSeconds(3))) {
                waves.add(new ArrayList<>());
                waveStart = deletion.at();
            }
            waves.get(waves.size() - 1).add(deletion.pod());
        }
        return waves;
    }

    private static Map<String, String> zones(TestCluster cluster) {
        Map<String, String> zones = new TreeMap<>();
        for (Pod pod : ScenarioSupport.clusterPods(cluster, NS, NAME)) {
            zones.put(
                    pod.getMetadata().getName(),
                    cluster.client()
                            .nodes()
                            .withName(pod.getSpec().getNodeName())
                            .require()
                            .getMetadata()
                            .getLabels()
                            .get(ZONE));
        }
        return zones;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * A read_committed consumer assigned to every partition of a topic (no group, so no rebalance re-reads), running
     * until {@link #drain}; counts how often it read each value.
     */
    static final class CommittedReader implements AutoCloseable {
        private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        private final String bootstrap;
        private final KafkaConsumer<String, String> consumer;
        private final List<TopicPartition> partitions;
        private final Thread thread;
        private volatile Map<TopicPartition, Long> drainTo;
        private volatile boolean running = true;
        private volatile boolean drained;

        CommittedReader(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            Properties props = ScenarioSupport.consumerProps(bootstrap, "unused");
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props);
            partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(this::consume, "read-committed-" + topic);
            thread.start();
        }

        private void consume() {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    reads.computeIfAbsent(record.value(), v -> new AtomicInteger())
                            .incrementAndGet();
                }
                Map<TopicPartition, Long> target = drainTo;
                if (target != null
                        && target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    drained = true;
                    return;
                }
            }
        }

        int read() {
            return reads.size();
        }

        /** Reads up to the end offsets as they are now, then stops. */
        void drain(Duration atMost) throws InterruptedException {
            try (KafkaConsumer<String, String> probe =
                    new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, "unused"))) {
                drainTo = probe.endOffsets(partitions, Duration.ofMinutes(1));
            }
            thread.join(atMost.toMillis());
            assertThat(drained)
                    .as("the read_committed consumer reached the end offsets %s within %s", drainTo, atMost)
                    .isTrue();
        }

        List<String> readTwice() {
            return reads.entrySet().stream()
                    .filter(e -> e.getValue().get() > 1)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .limit(20)
                    .toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
            consumer.close();
        }
    }
}
