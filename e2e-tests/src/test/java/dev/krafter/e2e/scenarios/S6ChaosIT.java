package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S6 chaos, on the shared demo cluster: under a continuous acks=all idempotent producer to a topic with replication
 * factor 3 and min ISR 2, one broker container is SIGKILLed (the kubelet restarts it). The KafkaCluster status leaves
 * Ready while the broker is down or catching up — every status the API server holds is recorded through a watch
 * opened before the kill — then returns to Ready with no under-replicated partitions, and every acknowledged record is
 * read back: the topic is read from its start to its end offsets, and a record that is missing is reported with the
 * partition and offset Kafka acknowledged it at and what the log holds there now.
 */
class S6ChaosIT {
    private static final Logger LOG = LoggerFactory.getLogger(S6ChaosIT.class);
    static final String BROKER_KILL_TO_READY = "broker SIGKILL to Ready";
    private static final String NS = ScenarioClusters.DEMO_NAMESPACE;
    private static final String CLUSTER = ScenarioClusters.DEMO_NAME;
    /** Acknowledged records per second: a steady stream, the same load on any machine, so reading it back takes a bounded time. */
    private static final int RECORDS_PER_SECOND = 2_000;

    /** One KafkaCluster status as the API server held it. */
    record Seen(
            Instant at, String ready, String reason, String message, Integer readyBrokers, Integer underReplicated) {
        static Seen of(KafkaCluster cluster) {
            KafkaClusterStatus status = cluster.getStatus();
            Condition ready =
                    ScenarioSupport.condition(cluster, Conditions.READY).orElse(null);
            return new Seen(
                    Instant.now(),
                    ready == null ? null : ready.getStatus(),
                    ready == null ? null : ready.getReason(),
                    ready == null ? null : ready.getMessage(),
                    status == null || status.getBrokers() == null
                            ? null
                            : status.getBrokers().getReady(),
                    status == null || status.getPartitions() == null
                            ? null
                            : status.getPartitions().getUnderReplicated());
        }

        boolean leftReady() {
            return !"True".equals(ready) || (underReplicated != null && underReplicated > 0);
        }

        boolean healthy() {
            return "True".equals(ready)
                    && underReplicated != null
                    && underReplicated == 0
                    && readyBrokers != null
                    && readyBrokers == 3;
        }
    }

    @Test
    void killedBrokerLeavesReadyAndReturnsWithoutLoss() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        ScenarioClusters.readyDemo(cluster);
        String bootstrap = cluster.bootstrapAddress(NS, CLUSTER, null);
        // A topic of its own per attempt: a rerun must not count records an earlier attempt wrote.
        String topic = "s6-chaos-" + System.currentTimeMillis();
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopics(
                    admin, new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }

        List<Seen> seen = new CopyOnWriteArrayList<>();
        Watch watch = cluster.watch(KafkaCluster.class, NS, new Watcher<>() {
            @Override
            public void eventReceived(Action action, KafkaCluster resource) {
                if (CLUSTER.equals(resource.getMetadata().getName())) {
                    seen.add(Seen.of(resource));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        try (ContinuousProducer producer = new ContinuousProducer(bootstrap, topic)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> producer.acked.size() >= 500);

            String victim = ScenarioSupport.clusterPods(cluster, NS, CLUSTER)
                    .get(0)
                    .getMetadata()
                    .getName();
            String before =
                    ScenarioSupport.podIncarnations(cluster, NS, CLUSTER).get(victim);
            Instant killed = Instant.now();
            cluster.killContainer(NS, victim);

            // The kubelet restarts the container in the same pod (same uid, one more restart).
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        String now = ScenarioSupport.podIncarnations(cluster, NS, CLUSTER)
                                .get(victim);
                        assertThat(now).isNotEqualTo(before);
                        assertThat(now.split("/")[0]).isEqualTo(before.split("/")[0]);
                    });
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(seen.stream()
                                    .filter(s -> s.at().isAfter(killed))
                                    .anyMatch(Seen::leftReady))
                            .as(
                                    "a KafkaCluster status that is not Ready (or has under-replicated partitions) after the kill;"
                                            + " seen: %s",
                                    seen)
                            .isTrue());
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        KafkaCluster now =
                                cluster.get(KafkaCluster.class, NS, CLUSTER).orElseThrow();
                        assertThat(ScenarioSupport.isReady(now) && Seen.of(now).healthy())
                                .as(
                                        "Ready with 3 ready brokers and 0 under-replicated partitions; status: %s",
                                        Seen.of(now))
                                .isTrue();
                    });
            TimingReport.record(
                    BROKER_KILL_TO_READY,
                    cluster.backend(),
                    Duration.between(killed, Instant.now()),
                    NS + "/" + victim);
            List<Seen> afterKill =
                    seen.stream().filter(s -> s.at().isAfter(killed)).toList();
            LOG.info("KafkaCluster {}/{} statuses seen after SIGKILL of {}: {}", NS, CLUSTER, victim, afterKill);
            int brokerId = Integer.parseInt(victim.substring(victim.lastIndexOf('-') + 1));
            assertThat(afterKill)
                    .as("a status saying the cluster is degraded because of broker %d", brokerId)
                    .anyMatch(s -> "False".equals(s.ready())
                            && ClusterReasons.DEGRADED.equals(s.reason())
                            && s.message().contains("broker(s) [" + brokerId + "]"));

            try (Admin admin = ScenarioSupport.admin(bootstrap)) {
                TopicDescription description = admin.describeTopics(Set.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic);
                assertThat(description.partitions())
                        .allSatisfy(p -> assertThat(p.isr()).hasSize(3));
            }
            long ackedAtRecovery = producer.acked.size();
            await().atMost(Duration.ofMinutes(1)).until(() -> producer.acked.size() >= ackedAtRecovery + 500);
            producer.stop();
            // Retriable errors while the broker was down are retried within the delivery timeout: nothing gives up.
            assertThat(producer.failures.get())
                    .as("sends that failed after the producer's retries")
                    .isZero();

            LOG.info("{} records acknowledged; reading them back", producer.acked.size());
            ReadBack readBack = ReadBack.all(bootstrap, topic, Duration.ofMinutes(5));
            Map<String, Placement> lost = new TreeMap<>();
            producer.acked.forEach((value, placement) -> {
                if (!readBack.values().contains(value)) {
                    lost.put(value, placement);
                }
            });
            assertThat(lost)
                    .as(
                            "acknowledged records not read back (of %d acknowledged; %s); what the log holds at"
                                    + " their offsets now: %s",
                            producer.acked.size(), readBack, readBack.describe(lost))
                    .isEmpty();
        } finally {
            watch.close();
        }
    }

    /** Where Kafka acknowledged a record. */
    record Placement(int partition, long offset) {}

    /** Every record of a topic read from the beginning up to the end offsets it had when reading started. */
    record ReadBack(Set<String> values, Map<Placement, String> byPlacement, Map<Integer, Long> endOffsets) {
        static ReadBack all(String bootstrap, String topic, Duration patience) {
            Set<String> values = new HashSet<>();
            Map<Placement, String> byPlacement = new HashMap<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, "s6-verify-" + System.nanoTime()))) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                await("reading " + topic + " up to its end offsets " + ends)
                        .atMost(patience)
                        .until(() -> {
                            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                                values.add(record.value());
                                byPlacement.put(new Placement(record.partition(), record.offset()), record.value());
                            }
                            return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
                        });
                Map<Integer, Long> endOffsets = new TreeMap<>();
                ends.forEach((p, end) -> endOffsets.put(p.partition(), end));
                return new ReadBack(values, byPlacement, endOffsets);
            }
        }

        String describe(Map<String, Placement> lost) {
            return lost.entrySet().stream()
                    .limit(20)
                    .map(e -> e.getKey() + " acked at " + e.getValue() + ", now "
                            + byPlacement.getOrDefault(e.getValue(), "nothing"))
                    .toList()
                    .toString();
        }

        @Override
        public String toString() {
            return values.size() + " distinct records read, end offsets " + endOffsets;
        }
    }

    /**
     * Sends numbered records with acks=all and idempotence at {@link #RECORDS_PER_SECOND} (or the rate given);
     * remembers where each acknowledged one went.
     */
    static final class ContinuousProducer implements AutoCloseable {
        final Map<String, Placement> acked = new ConcurrentHashMap<>();
        final AtomicLong failures = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final KafkaProducer<String, String> producer;
        private final String topic;
        private final int recordsPerSecond;
        private final Thread thread;

        ContinuousProducer(String bootstrap, String topic) {
            this(bootstrap, topic, RECORDS_PER_SECOND);
        }

        ContinuousProducer(String bootstrap, String topic, int recordsPerSecond) {
            this.producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap));
            this.topic = topic;
            this.recordsPerSecond = recordsPerSecond;
            this.thread = new Thread(this::produce, "producer-" + topic);
            thread.start();
        }

        private void produce() {
            Semaphore inFlight = new Semaphore(1000);
            long started = System.nanoTime();
            long sequence = 0;
            try {
                while (running.get()) {
                    long due = started + sequence * 1_000_000_000L / recordsPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    inFlight.acquire();
                    String value = "record-" + sequence++;
                    producer.send(new ProducerRecord<>(topic, value, value), (metadata, error) -> {
                        if (error == null) {
                            acked.put(value, new Placement(metadata.partition(), metadata.offset()));
                        } else {
                            failures.incrementAndGet();
                        }
                        inFlight.release();
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            producer.flush();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            producer.close();
        }
    }
}
