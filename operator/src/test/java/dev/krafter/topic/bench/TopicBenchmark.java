package dev.krafter.topic.bench;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicOrigin;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.ReconcileMetrics;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusWriter;
import dev.krafter.testing.ApiServerRequests;
import dev.krafter.testing.KubeApiServer;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import dev.krafter.topic.TopicBatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * Applies N Topic resources at once to the real operator on a real kube-apiserver ({@link KubeApiServer}, binaries from
 * {@code $KRAFTER_K8S_BIN}) against a real 3-broker Kafka cluster ({@link ProcessKafkaCluster}), times until every one
 * is Ready, then deletes them all and times until every one is gone, in Kubernetes and in Kafka. For each shape
 * ({@code 12x3}: 12 partitions, replication factor 3; {@code 1x1}) it measures, in the same run, the two parts of the
 * operator's work each without the other:
 * <ul>
 *   <li>the API server alone, without Kafka or an operator, doing the same Kubernetes writes per Topic with the same
 *       concurrency: create, finalizer patch, status apply (the operator's own {@link StatusWriter}, the same status);
 *       then delete and finalizer removal;
 *   <li>Kafka alone, through the operator's own {@link TopicBatcher} with its batching, as many workers as reconcile
 *       threads: describe and create each topic; then delete each by id and describe it until it is gone.
 * </ul>
 * The slower of the two is the ceiling the operator is compared with (Kafka for 12x3; for 1x1 whichever this machine
 * makes slower). For the operator runs it also prints what went to the API server per Topic (from its {@code /metrics}
 * apiserver_request_total, before and after, by verb and resource, the benchmark's own create and delete included) and
 * the reconciles per Topic with their mean time.
 *
 * <p>Run: {@code mvn -q -B -pl operator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.krafter.topic.bench.TopicBenchmark [-Dexec.args="1000 12x3,1x1 50"]} (topics, shapes, reconcile
 * threads). It ends by itself after printing the table.
 */
public final class TopicBenchmark {
    private static final int CLIENT_THREADS = 4;
    private static final Duration WAIT = Duration.ofMinutes(30);

    /** Partitions x replication factor of every topic of a run. */
    private record Shape(int partitions, int replicationFactor) {
        static Shape parse(String text) {
            String[] parts = text.split("x");
            return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public String toString() {
            return partitions + "x" + replicationFactor;
        }
    }

    private record Result(String label, int topics, double seconds) {
        double topicsPerSecond() {
            return topics / seconds;
        }
    }

    private TopicBenchmark() {}

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<Shape> shapes = args.length > 1
                ? java.util.Arrays.stream(args[1].split(",")).map(Shape::parse).toList()
                : List.of(new Shape(12, 3), new Shape(1, 1));
        int threads = args.length > 2
                ? Integer.parseInt(args[2])
                : OperatorConfig.defaults().reconcileThreads();
        OperatorConfig config = OperatorConfig.defaults().withReconcileThreads(threads);
        String heap = System.getProperty("bench.kafkaHeap", "1g");
        System.out.printf(
                "Topic benchmark: %d topics, shapes %s, 3 brokers, %d reconcile threads, batches of up to %d"
                        + " topics with %d ms linger; %d cores, %d MiB memory, load average at start %.1f%n",
                topics,
                shapes,
                threads,
                config.topicBatchSize(),
                config.topicBatchLinger().toMillis(),
                Runtime.getRuntime().availableProcessors(),
                totalMemoryMiB(),
                loadAverage());

        List<String> table = new ArrayList<>();
        for (Shape shape : shapes) {
            Result[] api = apiServerAlone(shape, topics, config);
            Result[] kafka = kafkaAlone(shape, topics, config, heap);
            Result[] operator = operator(shape, topics, config, heap);
            for (int i = 0; i < 2; i++) {
                Result ceiling = api[i].topicsPerSecond() < kafka[i].topicsPerSecond() ? api[i] : kafka[i];
                for (Result r : List.of(api[i], kafka[i])) {
                    table.add(String.format(
                            "%-72s %9.1f %10.1f%s",
                            r.label(), r.seconds(), r.topicsPerSecond(), r == ceiling ? "  (the ceiling)" : ""));
                }
                table.add(String.format(
                        "%-72s %9.1f %10.1f  %.2fx of the ceiling",
                        operator[i].label(),
                        operator[i].seconds(),
                        operator[i].topicsPerSecond(),
                        operator[i].topicsPerSecond() / ceiling.topicsPerSecond()));
            }
        }
        System.out.println();
        System.out.printf("%d Topics per run%n%-72s %9s %10s%n", topics, "run", "seconds", "topics/s");
        table.forEach(System.out::println);
        System.out.printf("load average at end %.1f%n", loadAverage());
    }

    /** The operator: all Topics applied at once until Ready, then all deleted until gone. */
    private static Result[] operator(Shape shape, int count, OperatorConfig config, String heap) throws Exception {
        String label = "operator, " + shape;
        System.out.println("== " + label + ": starting Kafka");
        try (ProcessKafkaCluster kafka = ProcessKafkaCluster.start(heap);
                OperatorTestEnvironment env = OperatorTestEnvironment.start(config, c -> kafka.bootstrapServers())) {
            KubernetesClient client = env.client();
            String ns = env.createNamespace("bench");
            client.resource(TestResources.kafkaCluster(ns, "bench", 3)).create();
            Progress progress = new Progress(count);
            SharedIndexInformer<Topic> informer =
                    client.resources(Topic.class).inNamespace(ns).inform(progress);
            try {
                ApiServerRequests before = ApiServerRequests.scrape(client);
                long start = System.nanoTime();
                parallel(count, i -> () -> client.resource(topic(ns, shape, i)).create());
                await(progress.allReady, label + ": only " + progress.ready.size() + " of " + count + " Ready");
                Result created = new Result(label + ": applied until Ready", count, seconds(start));
                print(created);
                printRequests(ApiServerRequests.scrape(client).minus(before), count);
                printReconciles(env, count);
                verifyInKafka(kafka.bootstrapServers(), shape, count);

                before = ApiServerRequests.scrape(client);
                start = System.nanoTime();
                parallel(
                        count,
                        i -> () -> client.resources(Topic.class)
                                .inNamespace(ns)
                                .withName(name(i))
                                .delete());
                await(progress.allGone, label + ": only " + progress.gone.size() + " of " + count + " gone");
                Result deleted = new Result(label + ": deleted until gone", count, seconds(start));
                print(deleted);
                printRequests(ApiServerRequests.scrape(client).minus(before), count);
                verifyGoneFromKafka(kafka.bootstrapServers(), count);
                return new Result[] {created, deleted};
            } finally {
                informer.close();
            }
        }
    }

    /**
     * The operator's Kafka work without Kubernetes, through its own {@link TopicBatcher} with the operator's batching:
     * as many workers as reconcile threads each do what a reconcile of a new Topic does in Kafka (describe, create);
     * then what a deletion does (delete by id, describe until gone).
     */
    private static Result[] kafkaAlone(Shape shape, int count, OperatorConfig config, String heap) throws Exception {
        String label = "Kafka alone (the operator's batcher, no Kubernetes), " + shape;
        System.out.println("== " + label + ": starting Kafka");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(config.reconcileThreads());
        try (ProcessKafkaCluster kafka = ProcessKafkaCluster.start(heap);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicBatcher batcher = new TopicBatcher(
                    admin, config.topicBatchSize(), config.topicBatchLinger(), timer, config.adminTimeout());
            Map<String, Uuid> ids = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            runAll(pool, count, i -> () -> {
                if (batcher.describe(name(i)).get().isEmpty()) {
                    ids.put(
                            name(i),
                            batcher.create(new NewTopic(name(i), shape.partitions(), (short) shape.replicationFactor())
                                            .configs(Map.of("retention.ms", "86400000")))
                                    .get()
                                    .topicId());
                }
                return null;
            });
            Result created = new Result(label + ": created", count, seconds(start));
            print(created);
            verifyInKafka(kafka.bootstrapServers(), shape, count);
            start = System.nanoTime();
            runAll(pool, count, i -> () -> {
                Uuid id = ids.get(name(i));
                batcher.delete(id).get();
                while (batcher.describe(name(i))
                        .get()
                        .filter(d -> d.topicId().equals(id))
                        .isPresent()) {
                    Thread.sleep(100);
                }
                return null;
            });
            Result deleted = new Result(label + ": deleted", count, seconds(start));
            print(deleted);
            return new Result[] {created, deleted};
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    /**
     * The API server alone, without Kafka or the operator, doing the Kubernetes writes the operator's work on a Topic
     * takes, with the operator run's concurrency: {@value #CLIENT_THREADS} client threads create the Topics and hand
     * each to as many workers as reconcile threads, which add the finalizer and apply the status the operator writes; then
     * the client threads delete them and the workers remove the finalizer.
     */
    private static Result[] apiServerAlone(Shape shape, int count, OperatorConfig config) throws Exception {
        KubeApiServer server = KubeApiServer.shared();
        String label = "API server " + server.version() + " alone (same writes, no Kafka), " + shape;
        System.out.println("== " + label);
        ExecutorService workers = Executors.newFixedThreadPool(config.reconcileThreads());
        try (KubernetesClient client = server.newClient()) {
            String ns = server.createNamespace(client, "bench-api");
            ApiServerRequests before = ApiServerRequests.scrape(client);
            long start = System.nanoTime();
            List<Future<?>> written = Collections.synchronizedList(new ArrayList<>());
            parallel(count, i -> () -> {
                Topic created = client.resource(topic(ns, shape, i)).create();
                written.add(workers.submit(() -> {
                    Topic withFinalizer = client.resource(created)
                            .patch(
                                    PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"metadata\":{\"finalizers\":[\"topics.krafter.dev/finalizer\"]}}");
                    readyStatus(withFinalizer, shape);
                    return StatusWriter.write(client, "topic", withFinalizer, (w, base) -> {});
                }));
                return null;
            });
            for (Future<?> f : List.copyOf(written)) {
                f.get();
            }
            Result created = new Result(label + ": created", count, seconds(start));
            print(created);
            printRequests(ApiServerRequests.scrape(client).minus(before), count);
            start = System.nanoTime();
            written.clear();
            parallel(count, i -> () -> {
                var resource = client.resources(Topic.class).inNamespace(ns).withName(name(i));
                resource.delete();
                written.add(workers.submit(() ->
                        resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}")));
                return null;
            });
            for (Future<?> f : List.copyOf(written)) {
                f.get();
            }
            Result deleted = new Result(label + ": deleted", count, seconds(start));
            print(deleted);
            return new Result[] {created, deleted};
        } finally {
            workers.shutdownNow();
        }
    }

    /** The status the operator writes for a topic it created. */
    private static void readyStatus(Topic topic, Shape shape) {
        var before = StatusWriter.snapshot(topic.getStatus());
        var status = topic.getStatus();
        status.setTopicName(topic.kafkaTopicName());
        status.setTopicId(Uuid.randomUuid().toString());
        status.setOrigin(TopicOrigin.Created);
        status.setPartitions(shape.partitions());
        status.setReplicationFactor(shape.replicationFactor());
        status.setUnderReplicatedPartitions(0);
        status.setManagedConfigKeys(List.of("retention.ms"));
        StatusWriter.conclude(
                topic,
                before,
                Health.ready(Reasons.READY, "topic " + topic.kafkaTopicName() + " matches the spec"),
                Clock.systemUTC());
    }

    /** Requests to Krafter's resources and Events, per Topic, apart from watches and lists. */
    private static void printRequests(ApiServerRequests served, int count) {
        ApiServerRequests writesAndReads = served.only(k -> (k.contains("krafter.dev/") || k.contains(" events"))
                && !k.startsWith("WATCH ")
                && !k.startsWith("LIST "));
        System.out.println("  API requests per Topic: " + writesAndReads.describe(count));
    }

    /** Reconciles per Topic and their mean time, from the operator's krafter_reconcile_duration_seconds. */
    private static void printReconciles(OperatorTestEnvironment env, int count) {
        Timer timer = env.meters()
                .find(ReconcileMetrics.DURATION)
                .tag("kind", "Topic")
                .timer();
        if (timer != null) {
            System.out.printf(
                    "  reconciles: %.2f per Topic, mean %.0f ms, max %.0f ms%n",
                    (double) timer.count() / count,
                    timer.mean(TimeUnit.MILLISECONDS),
                    timer.max(TimeUnit.MILLISECONDS));
        }
    }

    /** Runs {@code count} tasks on {@value #CLIENT_THREADS} client threads, as a user's tool applying files would. */
    private static void parallel(int count, IntFunction<Callable<?>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            runAll(pool, count, task);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runAll(ExecutorService pool, int count, IntFunction<Callable<?>> task) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            done.add(pool.submit(task.apply(i)));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private static void await(CountDownLatch latch, String failure) throws InterruptedException {
        if (!latch.await(WAIT.toMinutes(), TimeUnit.MINUTES)) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Checks every topic exists with the shape. A topic is Ready once the controller committed it; the brokers apply
     * the metadata a little later (seconds on a loaded machine), so this waits for them.
     */
    private static void verifyInKafka(String bootstrap, Shape shape, int count) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> expected = names(count);
            long start = System.nanoTime();
            while (!admin.listTopics().names().get().containsAll(expected)) {
                if (seconds(start) > 300) {
                    throw new IllegalStateException("Kafka misses some topics");
                }
                Thread.sleep(1000);
            }
            Map<String, TopicDescription> described =
                    admin.describeTopics(expected).allTopicNames().get();
            for (TopicDescription d : described.values()) {
                if (d.partitions().size() != shape.partitions()
                        || d.partitions().stream().anyMatch(p -> p.replicas().size() != shape.replicationFactor())) {
                    throw new IllegalStateException(d.name() + " is not " + shape);
                }
            }
            System.out.printf(
                    "  verified in Kafka: %d topics of %s (listed by the brokers %.1f s after the last was"
                            + " Ready)%n",
                    described.size(), shape, seconds(start));
        }
    }

    /**
     * Checks no topic is left. A Topic is gone once Kafka's controller committed the deletion and one broker no longer
     * lists it; the other brokers learn it a little later, so this waits for them.
     */
    private static void verifyGoneFromKafka(String bootstrap, int count) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long start = System.nanoTime();
            Set<String> left = new java.util.HashSet<>(names(count));
            while (!left.isEmpty()) {
                left.retainAll(admin.listTopics().names().get());
                if (!left.isEmpty() && seconds(start) > 300) {
                    throw new IllegalStateException(
                            left.size() + " topics are still in Kafka 300 s after their Topics" + " are gone");
                }
                Thread.sleep(left.isEmpty() ? 0 : 1000);
            }
            System.out.printf(
                    "  verified in Kafka: none of the %d topics is left (%.1f s after the last Topic was" + " gone)%n",
                    count, seconds(start));
        }
    }

    private static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(name(i));
        }
        return names;
    }

    private static String name(int i) {
        return String.format("bench-%05d", i);
    }

    private static Topic topic(String ns, Shape shape, int i) {
        Topic topic = TestResources.topic(
                ns, name(i), "bench", shape.partitions(), shape.replicationFactor(), Map.of("retention.ms", 86400000));
        topic.setStatus(null);
        return topic;
    }

    private static void print(Result r) {
        System.out.printf("%s: %d in %.1f s: %.1f topics/s%n", r.label(), r.topics(), r.seconds(), r.topicsPerSecond());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long totalMemoryMiB() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                >> 20;
    }

    /** Counts Topics Ready for their current generation, and Topics gone. */
    private static final class Progress implements ResourceEventHandler<Topic> {
        final Set<String> ready = ConcurrentHashMap.newKeySet();
        final Set<String> gone = ConcurrentHashMap.newKeySet();
        final CountDownLatch allReady = new CountDownLatch(1);
        final CountDownLatch allGone = new CountDownLatch(1);
        private final int expected;

        Progress(int expected) {
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
                allReady.countDown();
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
        public void onDelete(Topic topic, boolean deletedFinalStateUnknown) {
            if (gone.add(topic.getMetadata().getName()) && gone.size() >= expected) {
                allGone.countDown();
            }
        }
    }
}
