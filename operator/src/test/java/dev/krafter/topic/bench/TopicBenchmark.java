package dev.krafter.topic.bench;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.StatusWriter;
import dev.krafter.testing.KubeApiServer;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import dev.krafter.topic.TopicBatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates N Topic resources (12 partitions, replication factor 3) through the real operator on a real kube-apiserver
 * ({@link KubeApiServer}, binaries from {@code $KRAFTER_K8S_BIN}) against a real 3-broker Kafka cluster, and times
 * until every one is Ready (status written, topic in Kafka).
 *
 * <p>Two runs, same operator, same thread count, each on a fresh Kafka cluster and a fresh namespace of the same API
 * server:
 * <ul>
 *   <li>baseline: batching disabled (KRAFTER_TOPIC_BATCH_SIZE=1, no linger): every reconcile sends its own
 *       describeTopics / createTopics request, one topic per request;
 *   <li>batched: the defaults (up to 500 topics per request, 5 ms linger).
 * </ul>
 * Then the same two settings for the operator's Kafka work alone (its {@link TopicBatcher}, no Kubernetes), to show
 * what batching does where the API server is not in the way. A further figure measures the API server alone: the same
 * Kubernetes writes per topic (create, finalizer patch, status apply) without Kafka or the operator, which bounds what
 * any operator can reach on it.
 *
 * <p>Run: {@code mvn -q -B -pl operator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.krafter.topic.bench.TopicBenchmark [-Dexec.args="1000 50 all|operator|kafka"]}
 * (topics, reconcile threads, which runs)
 */
public final class TopicBenchmark {
    private static final int PARTITIONS = 12;
    private static final int REPLICATION_FACTOR = 3;
    private static final int CLIENT_THREADS = 4;

    private record Result(String label, int topics, double createSeconds, double readySeconds) {
        double topicsPerSecond() {
            return topics / readySeconds;
        }
    }

    private TopicBenchmark() {}

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1
                ? Integer.parseInt(args[1])
                : OperatorConfig.defaults().reconcileThreads();
        String heap = System.getProperty("bench.kafkaHeap", "1g");
        OperatorConfig base = OperatorConfig.defaults().withReconcileThreads(threads);
        System.out.printf(
                "Topic benchmark: %d topics x %d partitions x RF %d, 3 brokers, %d reconcile threads, %d cores,"
                        + " load average at start %.1f%n",
                topics,
                PARTITIONS,
                REPLICATION_FACTOR,
                threads,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());

        String mode = args.length > 2 ? args[2] : "all";
        List<Result> results = new ArrayList<>();
        String batchedLabel = "(size " + base.topicBatchSize() + ", linger "
                + base.topicBatchLinger().toMillis() + " ms)";
        if (!mode.equals("kafka")) {
            Result apiFloor = apiServerAlone(topics);
            print(apiFloor);
            Result baseline = run(
                    "operator, baseline: one topic per request",
                    base.withTopicBatching(1, Duration.ZERO),
                    topics,
                    heap);
            Result batched = run("operator, batched " + batchedLabel, base, topics, heap);
            results.addAll(List.of(apiFloor, baseline, batched));
            System.out.printf(
                    "operator: batched / baseline: %.1fx; batched / API server alone: %.2f%n",
                    batched.topicsPerSecond() / baseline.topicsPerSecond(),
                    batched.topicsPerSecond() / apiFloor.topicsPerSecond());
        }
        if (!mode.equals("operator")) {
            Result baseline = kafkaSideOnly(
                    "Kafka side only, baseline: one topic per request", 1, Duration.ZERO, topics, threads, heap);
            Result batched = kafkaSideOnly(
                    "Kafka side only, batched " + batchedLabel,
                    base.topicBatchSize(),
                    base.topicBatchLinger(),
                    topics,
                    threads,
                    heap);
            results.addAll(List.of(baseline, batched));
            System.out.printf(
                    "Kafka side only: batched / baseline: %.1fx%n",
                    batched.topicsPerSecond() / baseline.topicsPerSecond());
        }

        System.out.println();
        System.out.printf("%-55s %8s %12s %12s%n", "run", "topics", "seconds", "topics/s");
        for (Result r : results) {
            System.out.printf(
                    "%-55s %8d %12.1f %12.1f%n", r.label(), r.topics(), r.readySeconds(), r.topicsPerSecond());
        }
        System.out.printf(
                "load average at end %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        System.exit(0);
    }

    private static void print(Result r) {
        System.out.printf(
                "%s: %d topics Ready in %.1f s (Topic resources created in %.1f s): %.1f topics/s%n",
                r.label(), r.topics(), r.readySeconds(), r.createSeconds(), r.topicsPerSecond());
    }

    private static Result run(String label, OperatorConfig config, int count, String heap) throws Exception {
        System.out.println("== " + label + ": starting Kafka");
        try (ProcessKafkaCluster kafka = ProcessKafkaCluster.start(heap);
                OperatorTestEnvironment env = OperatorTestEnvironment.start(config, c -> kafka.bootstrapServers())) {
            KubernetesClient client = env.client();
            String ns = env.createNamespace("bench");
            client.resource(cluster(ns)).create();
            ReadyCounter ready = new ReadyCounter(count);
            SharedIndexInformer<Topic> informer =
                    client.resources(Topic.class).inNamespace(ns).inform(ready);
            long start = System.nanoTime();
            createTopics(client, ns, count);
            double created = seconds(start);
            if (!ready.all.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException(label + ": only " + ready.ready.size() + " of " + count + " Ready");
            }
            double readySeconds = seconds(start);
            informer.close();
            Result result = new Result(label, count, created, readySeconds);
            print(result);
            verifyInKafka(kafka.bootstrapServers(), count);
            return result;
        }
    }

    /**
     * The operator's Kafka work without Kubernetes: {@code threads} workers (as many as reconcile threads) each take a
     * topic and do what a reconcile of a new Topic does in Kafka, through the operator's own {@link TopicBatcher}:
     * describe the topic, create it, until all exist.
     */
    private static Result kafkaSideOnly(
            String label, int batchSize, Duration linger, int count, int threads, String heap) throws Exception {
        System.out.println("== " + label + ": starting Kafka");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ProcessKafkaCluster kafka = ProcessKafkaCluster.start(heap);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicBatcher batcher = new TopicBatcher(admin, batchSize, linger, timer, Duration.ofSeconds(60));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = topic("kafka-only", i).getMetadata().getName();
                done.add(pool.submit(() -> {
                    if (batcher.describe(name).get().isEmpty()) {
                        batcher.create(new NewTopic(name, PARTITIONS, (short) REPLICATION_FACTOR)
                                        .configs(Map.of("retention.ms", "86400000")))
                                .get();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = seconds(start);
            pool.shutdown();
            Result result = new Result(label, count, seconds, seconds);
            print(result);
            verifyInKafka(kafka.bootstrapServers(), count);
            return result;
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * The Kubernetes writes the operator makes per topic, in a fresh namespace of the API server, without Kafka or the
     * operator: create, finalizer patch, status apply (the operator's own {@link StatusWriter}).
     */
    private static Result apiServerAlone(int count) throws Exception {
        KubeApiServer server = KubeApiServer.shared();
        try (KubernetesClient client = server.newClient()) {
            String ns = server.createNamespace(client, "bench-api");
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Topic topic = topic(ns, i);
                done.add(pool.submit(() -> {
                    Topic created = client.resource(topic).create();
                    created = client.resource(created).edit(t -> {
                        t.getMetadata().getFinalizers().add("topics.krafter.dev/finalizer");
                        return t;
                    });
                    created.setStatus(new TopicStatus());
                    created.getStatus().setTopicName(created.getMetadata().getName());
                    created.getStatus().setPartitions(PARTITIONS);
                    StatusWriter.write(client, "topic", created, (written, base) -> {});
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double seconds = seconds(start);
            // Gone before an operator runs: these Topics name no cluster it could reach.
            OperatorTestEnvironment.removeCustomResources(client);
            return new Result(
                    "API server " + server.version() + " alone (same writes, no Kafka)", count, seconds, seconds);
        }
    }

    private static void createTopics(KubernetesClient client, String ns, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Topic topic = topic(ns, i);
            done.add(pool.submit(() -> client.resource(topic).create()));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /**
     * Checks every topic exists with 12 partitions x 3 replicas. A topic is Ready once the controller committed it;
     * the brokers apply the metadata a little later (seconds on a loaded machine), so this waits for them.
     */
    private static void verifyInKafka(String bootstrap, int count) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add(topic("any", i).getMetadata().getName());
            }
            long start = System.nanoTime();
            while (!admin.listTopics().names().get().containsAll(expected)) {
                if (seconds(start) > 300) {
                    throw new IllegalStateException("Kafka misses some topics");
                }
                Thread.sleep(1000);
            }
            System.out.printf("all topics listed by the brokers %.1f s after the last was Ready%n", seconds(start));
            Map<String, TopicDescription> described =
                    admin.describeTopics(expected).allTopicNames().get();
            for (TopicDescription d : described.values()) {
                if (d.partitions().size() != PARTITIONS
                        || d.partitions().stream().anyMatch(p -> p.replicas().size() != REPLICATION_FACTOR)) {
                    throw new IllegalStateException(d.name() + " is not " + PARTITIONS + "x" + REPLICATION_FACTOR);
                }
            }
            System.out.println("verified in Kafka: " + described.size() + " topics with " + PARTITIONS
                    + " partitions x " + REPLICATION_FACTOR + " replicas");
        }
    }

    private static Topic topic(String ns, int i) {
        Topic topic = TestResources.topic(
                ns,
                String.format("bench-%05d", i),
                "bench",
                PARTITIONS,
                REPLICATION_FACTOR,
                Map.of("retention.ms", 86400000));
        topic.setStatus(null);
        return topic;
    }

    private static KafkaCluster cluster(String ns) {
        return TestResources.kafkaCluster(ns, "bench", 3);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Counts Topics whose status says Ready for their current generation. */
    private static final class ReadyCounter implements ResourceEventHandler<Topic> {
        final Set<String> ready = ConcurrentHashMap.newKeySet();
        final CountDownLatch all = new CountDownLatch(1);
        private final int expected;

        ReadyCounter(int expected) {
            this.expected = expected;
        }

        private void seen(Topic topic) {
            if (topic.getStatus() != null
                    && Conditions.isTrue(topic.getStatus().getConditions(), Conditions.READY)
                    && topic.getMetadata()
                            .getGeneration()
                            .equals(topic.getStatus().getObservedGeneration())
                    && ready.add(topic.getMetadata().getName())
                    && ready.size() >= expected) {
                all.countDown();
            }
        }

        @Override
        public void onAdd(Topic topic) {
            seen(topic);
        }

        @Override
        public void onUpdate(Topic oldTopic, Topic newTopic) {
            seen(newTopic);
        }

        @Override
        public void onDelete(Topic topic, boolean deletedFinalStateUnknown) {}
    }
}
