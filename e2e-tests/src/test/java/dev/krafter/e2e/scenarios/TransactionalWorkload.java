package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional producer committing small batches continuously and a read_committed consumer reading them, both
 * running until {@link #stop}. Every batch (one transaction, {@link #BATCH} records with values {@code b<id>-<i>}) is
 * sorted by its outcome: committed (commitTransaction returned), aborted (abortTransaction returned) or uncertain
 * (neither could be confirmed; a fresh producer with the same transactional.id then completes or aborts it). A
 * retried batch gets a new id, so a record read twice is a real duplicate. The consumer assigns the partitions
 * itself (no group), so its positions survive broker restarts and it never re-reads because of a rebalance.
 */
final class TransactionalWorkload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWorkload.class);
    static final int BATCH = 10;

    private final String bootstrap;
    private final String topic;
    private final String transactionalId;
    private final Properties clientSecurity;
    private final Set<Long> committed = ConcurrentHashMap.newKeySet();
    private final Set<Long> aborted = ConcurrentHashMap.newKeySet();
    private final Set<Long> uncertain = ConcurrentHashMap.newKeySet();
    private final List<String> consumed = new CopyOnWriteArrayList<>();
    private final List<String> producerErrors = new CopyOnWriteArrayList<>();
    private final Thread producerThread;
    private final Thread consumerThread;
    private volatile boolean producing = true;
    private volatile boolean consuming = true;
    private volatile Map<TopicPartition, Long> drainTo;
    private volatile Throwable consumerFailure;

    TransactionalWorkload(String bootstrap, String topic, String transactionalId, Properties clientSecurity) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.transactionalId = transactionalId;
        this.clientSecurity = clientSecurity;
        this.producerThread = new Thread(this::produce, "tx-producer-" + topic);
        this.consumerThread = new Thread(this::consume, "tx-consumer-" + topic);
        // A client stuck after a failed scenario must not keep the test JVM alive.
        producerThread.setDaemon(true);
        consumerThread.setDaemon(true);
    }

    static TransactionalWorkload start(String bootstrap, String topic, String transactionalId) {
        return start(bootstrap, topic, transactionalId, new Properties());
    }

    /** As {@link #start(String, String, String)}, both clients with {@code clientSecurity} (TLS, SASL) added. */
    static TransactionalWorkload start(
            String bootstrap, String topic, String transactionalId, Properties clientSecurity) {
        TransactionalWorkload workload = new TransactionalWorkload(bootstrap, topic, transactionalId, clientSecurity);
        workload.producerThread.start();
        workload.consumerThread.start();
        return workload;
    }

    int committedCount() {
        return committed.size();
    }

    int consumedCount() {
        return consumed.size();
    }

    Set<Long> committed() {
        return Set.copyOf(committed);
    }

    Set<Long> aborted() {
        return Set.copyOf(aborted);
    }

    Set<Long> uncertain() {
        return Set.copyOf(uncertain);
    }

    List<String> producerErrors() {
        return List.copyOf(producerErrors);
    }

    /** Stops producing, then lets the consumer read up to the last stable offset of every partition, then stops it. */
    void stop(Duration atMost) throws InterruptedException {
        producing = false;
        producerThread.join(atMost.toMillis());
        if (producerThread.isAlive()) {
            throw new IllegalStateException("the transactional producer did not stop within " + atMost + "; it is at "
                    + stackOf(producerThread) + "; " + describe());
        }
        try (KafkaConsumer<String, String> probe = new KafkaConsumer<>(consumerProps())) {
            drainTo = probe.endOffsets(partitions(probe), Duration.ofMinutes(1));
        }
        consumerThread.join(atMost.toMillis());
        if (consumerThread.isAlive()) {
            consuming = false;
            throw new IllegalStateException(
                    "the read_committed consumer did not reach " + drainTo + " within " + atMost);
        }
        if (consumerFailure != null) {
            throw new IllegalStateException("the read_committed consumer failed", consumerFailure);
        }
    }

    private static String stackOf(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .limit(25)
                .map(StackTraceElement::toString)
                .collect(Collectors.joining(" <- "));
    }

    /** Record values read more than once. */
    List<String> duplicates() {
        Map<String, Integer> counts = new HashMap<>();
        consumed.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Batch id → how many of its records were read (each counted once). */
    Map<Long, Integer> recordsReadPerBatch() {
        return consumed.stream()
                .distinct()
                .collect(Collectors.groupingBy(
                        v -> Long.parseLong(v.substring(1, v.indexOf('-'))), Collectors.summingInt(v -> 1)));
    }

    private void produce() {
        KafkaProducer<String, String> producer = null;
        long id = 0;
        while (producing) {
            if (producer == null) {
                producer = newProducer();
                if (producer == null) {
                    continue;
                }
            }
            long batch = id++;
            try {
                producer.beginTransaction();
                for (int i = 0; i < BATCH; i++) {
                    producer.send(new ProducerRecord<>(topic, "b" + batch, "b" + batch + "-" + i));
                }
                producer.commitTransaction();
                committed.add(batch);
            } catch (KafkaException e) {
                producerErrors.add(Instant.now() + " batch " + batch + ": " + e);
                try {
                    producer.abortTransaction();
                    aborted.add(batch);
                } catch (KafkaException | IllegalStateException abortFailed) {
                    uncertain.add(batch);
                    producer.close(Duration.ZERO);
                    producer = null;
                }
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        } else {
            // The last batch is uncertain: a fresh producer's initTransactions completes or aborts it, so the last
            // stable offset moves past it and the consumer can drain.
            while ((producer = newProducer()) == null) {
                ScenarioSupport.sleep(Duration.ofSeconds(1));
            }
            producer.close(Duration.ofSeconds(30));
        }
    }

    /** A producer with initTransactions done, or null (and the error noted) when Kafka could not be reached. */
    private KafkaProducer<String, String> newProducer() {
        Properties props = ScenarioSupport.producerProps(bootstrap);
        props.putAll(clientSecurity);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        try {
            producer.initTransactions();
            return producer;
        } catch (KafkaException e) {
            producerErrors.add(Instant.now() + " initTransactions: " + e);
            producer.close(Duration.ZERO);
            ScenarioSupport.sleep(Duration.ofSeconds(1));
            return null;
        }
    }

    private void consume() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (consuming) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumed.add(record.value());
                }
                Map<TopicPartition, Long> target = drainTo;
                if (target != null
                        && target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("read_committed consumer of {} failed", topic, e);
            consumerFailure = e;
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofMinutes(1))
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        return partitions;
    }

    private Properties consumerProps() {
        Properties props = ScenarioSupport.consumerProps(bootstrap, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putAll(clientSecurity);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /**
     * Committed batches read completely and once, aborted ones not at all, uncertain ones all or nothing, and at least
     * {@code minimumCommitted} transactions committed while {@code what} happened; prints the figures.
     */
    void assertExactlyOnce(String what, int minimumCommitted) {
        String summary = describe();
        assertThat(duplicates()).as("records read twice; %s", summary).isEmpty();
        Map<Long, Integer> read = recordsReadPerBatch();
        for (long batch : committed) {
            assertThat(read.getOrDefault(batch, 0))
                    .as("records of committed batch %d read; %s", batch, summary)
                    .isEqualTo(BATCH);
        }
        for (long batch : aborted) {
            assertThat(read.getOrDefault(batch, 0))
                    .as("records of aborted batch %d read; %s", batch, summary)
                    .isZero();
        }
        for (long batch : uncertain) {
            assertThat(read.getOrDefault(batch, 0))
                    .as("records of uncertain batch %d read; %s", batch, summary)
                    .isIn(0, BATCH);
        }
        Set<Long> known = new HashSet<>(committed);
        known.addAll(uncertain);
        assertThat(read.keySet())
                .as("batches read that were never committed; %s", summary)
                .isSubsetOf(known);
        assertThat(committed.size())
                .as("transactions committed through %s", what)
                .isGreaterThan(minimumCommitted);
        System.out.printf(
                "%s: %d transactions committed, %d aborted, %d uncertain, %d records read once each%n",
                what, committed.size(), aborted.size(), uncertain.size(), consumed.size());
    }

    /** A summary for assertion messages. */
    String describe() {
        return "committed " + committed.size() + ", aborted " + new TreeSet<>(aborted) + ", uncertain "
                + new TreeSet<>(uncertain) + ", records read " + consumed.size() + ", producer errors "
                + producerErrors;
    }

    @Override
    public void close() {
        producing = false;
        consuming = false;
        try {
            producerThread.join(60_000);
            consumerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
