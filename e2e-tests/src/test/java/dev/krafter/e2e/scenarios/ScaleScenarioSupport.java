package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** What the scaling scenarios (S4, S7) check in Kafka and watch in the KafkaCluster's status while it changes shape. */
final class ScaleScenarioSupport {
    /** The replication throttle settings Kafka's reassignment tool and the operator set while replicas move. */
    static final Set<String> THROTTLE_CONFIGS = Set.of(
            "leader.replication.throttled.rate",
            "follower.replication.throttled.rate",
            "leader.replication.throttled.replicas",
            "follower.replication.throttled.replicas");

    private ScaleScenarioSupport() {}

    /** Every partition's replica list (first = preferred leader), internal topics included. */
    static Map<TopicPartition, List<Integer>> assignment(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get();
        Map<TopicPartition, List<Integer>> assignment =
                new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                        ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        for (TopicDescription topic :
                admin.describeTopics(topics).allTopicNames().get().values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                assignment.put(
                        new TopicPartition(topic.name(), partition.partition()),
                        partition.replicas().stream().map(n -> n.id()).toList());
            }
        }
        return assignment;
    }

    static Map<Integer, Integer> replicasPerBroker(
            Map<TopicPartition, List<Integer>> assignment, Collection<Integer> brokers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        brokers.forEach(b -> counts.put(b, 0));
        assignment.values().forEach(replicas -> replicas.forEach(b -> counts.merge(b, 1, Integer::sum)));
        return counts;
    }

    static Map<Integer, Integer> preferredLeadersPerBroker(
            Map<TopicPartition, List<Integer>> assignment, Collection<Integer> brokers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        brokers.forEach(b -> counts.put(b, 0));
        assignment.values().forEach(replicas -> counts.merge(replicas.get(0), 1, Integer::sum));
        return counts;
    }

    /**
     * The assignment uses exactly {@code brokers}, replicas per broker and preferred leaders per broker differ by at
     * most 1, and every partition's replicas are distinct.
     */
    static void assertBalanced(Map<TopicPartition, List<Integer>> assignment, Collection<Integer> brokers) {
        Map<Integer, Integer> replicas = replicasPerBroker(assignment, brokers);
        Map<Integer, Integer> leaders = preferredLeadersPerBroker(assignment, brokers);
        assertThat(replicas.keySet())
                .as("brokers holding replicas: %s", replicas)
                .containsExactlyInAnyOrderElementsOf(brokers);
        assertThat(spread(replicas))
                .as("replicas per broker %s differ by at most 1", replicas)
                .isLessThanOrEqualTo(1);
        assertThat(spread(leaders))
                .as("preferred leaders per broker %s differ by at most 1", leaders)
                .isLessThanOrEqualTo(1);
        assignment.forEach((tp, list) -> assertThat(Set.copyOf(list))
                .as("replicas of %s are distinct", tp)
                .hasSameSizeAs(list));
    }

    private static int spread(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /**
     * The replication throttle settings set dynamically (per broker, cluster-wide broker default, or per topic) on
     * {@code brokers} and every topic: "broker 3: follower.replication.throttled.rate=1024" and the like.
     */
    static List<String> throttlesSet(Admin admin, Collection<Integer> brokers) throws Exception {
        List<ConfigResource> resources = new ArrayList<>();
        brokers.forEach(b -> resources.add(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b))));
        admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get()
                .forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get();
        List<String> set = new ArrayList<>();
        configs.forEach((resource, config) -> config.entries().stream()
                .filter(e -> THROTTLE_CONFIGS.contains(e.name()))
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                        || e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                        || e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .forEach(e -> set.add(resource.type().name().toLowerCase() + " " + resource.name() + ": " + e.name()
                        + "=" + e.value())));
        return set;
    }

    static void awaitNoThrottles(TestCluster cluster, Admin admin, Collection<Integer> brokers) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(throttlesSet(admin, brokers))
                        .as("replication throttles left after the rebalance")
                        .isEmpty());
    }

    /** Sets spec.brokers.replicas as a user would (kubectl patch / edit); the CRD has no scale subresource. */
    /** {@code kubectl scale kafkacluster <name> --replicas=<replicas>}: through the scale subresource. */
    static void setBrokerReplicas(TestCluster cluster, String namespace, String name, int replicas) {
        cluster.client()
                .resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .scale(replicas);
    }

    static void editSpec(TestCluster cluster, String namespace, String name, Consumer<KafkaCluster> change) {
        cluster.edit(KafkaCluster.class, namespace, name, kc -> {
            change.accept(kc);
            return kc;
        });
    }

    static int statefulSetReplicas(TestCluster cluster, String namespace, String statefulSet) {
        StatefulSet set = cluster.client()
                .apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(statefulSet)
                .get();
        return set == null || set.getSpec().getReplicas() == null
                ? 0
                : set.getSpec().getReplicas();
    }

    /** One distinct state of the KafkaCluster's status while an operation runs. */
    record StatusSample(
            Instant at,
            String reconcilingReason,
            String operationType,
            String phase,
            String progress,
            Long throttleBytesPerSecond,
            boolean ready) {

        /** moved and total of "moved/total", or null when the progress is not of that form. */
        int[] movedAndTotal() {
            if (progress == null || !progress.matches("\\d+/\\d+")) {
                return null;
            }
            String[] parts = progress.split("/");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }

        @Override
        public String toString() {
            String state = ready
                    ? "Ready"
                    : reconcilingReason != null
                            ? "Reconciling " + reconcilingReason
                            : "not yet reconciled at this generation";
            return state
                    + (operationType == null
                            ? ""
                            : " [" + operationType + " " + phase + (progress == null ? "" : " " + progress)
                                    + (throttleBytesPerSecond == null ? "" : " throttle " + throttleBytesPerSecond)
                                    + "]");
        }
    }

    /** Samples the KafkaCluster's status a few times a second and keeps each distinct state, in order. */
    static final class StatusTrail implements AutoCloseable {
        private final List<StatusSample> samples = new ArrayList<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "status-trail");
            thread.setDaemon(true);
            return thread;
        });

        StatusTrail(TestCluster cluster, String namespace, String name) {
            sampler.scheduleWithFixedDelay(
                    () -> {
                        try {
                            sample(cluster.client()
                                    .resources(KafkaCluster.class)
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get());
                        } catch (RuntimeException e) {
                            // the API server may hiccup under load: the next sample will do
                        }
                    },
                    0,
                    250,
                    TimeUnit.MILLISECONDS);
        }

        private synchronized void sample(KafkaCluster resource) {
            if (resource == null || resource.getStatus() == null) {
                return;
            }
            OperationStatus op = resource.getStatus().getOperation();
            StatusSample sample = new StatusSample(
                    Instant.now(),
                    ScenarioSupport.condition(resource, Conditions.RECONCILING)
                            .filter(c -> "True".equals(c.getStatus()))
                            .map(c -> c.getReason())
                            .orElse(null),
                    op == null ? null : op.getType(),
                    op == null ? null : op.getPhase(),
                    op == null ? null : op.getProgress(),
                    op == null ? null : op.getThrottleBytesPerSecond(),
                    ScenarioSupport.isReady(resource));
            StatusSample last = last();
            if (last == null || !Objects.equals(last.toString(), sample.toString())) {
                samples.add(sample);
            }
        }

        synchronized StatusSample last() {
            return samples.isEmpty() ? null : samples.get(samples.size() - 1);
        }

        synchronized List<StatusSample> samples() {
            return List.copyOf(samples);
        }

        /** The reconciling reasons seen, in order, without repeats. */
        synchronized List<String> reasons() {
            List<String> reasons = new ArrayList<>();
            for (StatusSample s : samples) {
                if (s.reconcilingReason() != null
                        && (reasons.isEmpty()
                                || !reasons.get(reasons.size() - 1).equals(s.reconcilingReason()))) {
                    reasons.add(s.reconcilingReason());
                }
            }
            return reasons;
        }

        synchronized List<StatusSample> ofType(String operationType) {
            return samples.stream()
                    .filter(s -> operationType.equals(s.operationType()))
                    .collect(Collectors.toList());
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }

    /**
     * A producer sending small records (acks=all, idempotent) at a steady pace on a background thread until stopped,
     * keeping the values Kafka acknowledged.
     */
    static final class AckCountingProducer implements AutoCloseable {
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failed = new AtomicInteger();
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong sent = new AtomicLong();
        private final Thread thread;

        AckCountingProducer(String bootstrap, String topic, Duration pause) {
            thread = new Thread(
                    () -> {
                        try (KafkaProducer<String, String> producer =
                                new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
                            while (running.get()) {
                                long n = sent.getAndIncrement();
                                String value = "record-" + n;
                                producer.send(
                                        new ProducerRecord<>(topic, "key-" + (n % 64), value), (metadata, error) -> {
                                            if (error == null) {
                                                acknowledged.add(value);
                                            } else {
                                                failed.incrementAndGet();
                                                failures.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                                            }
                                        });
                                ScenarioSupport.sleep(pause);
                            }
                            producer.flush();
                        }
                    },
                    "s4-producer");
            thread.setDaemon(true);
            thread.start();
        }

        int acknowledgedCount() {
            return acknowledged.size();
        }

        /** Stops sending, waits for the outstanding acknowledgements and returns the acknowledged values. */
        Set<String> stop() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofMinutes(3).toMillis());
            return Set.copyOf(acknowledged);
        }

        int failed() {
            return failed.get();
        }

        Map<String, Integer> failures() {
            return new TreeMap<>(failures);
        }

        long sent() {
            return sent.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** Every value in {@code topic} from the beginning to the current end, read without a consumer group. */
    static List<String> readAll(String bootstrap, String topic, Duration atMost) {
        Properties props = ScenarioSupport.consumerProps(bootstrap, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            await().atMost(atMost).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return values;
    }
}
