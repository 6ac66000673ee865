package dev.krafter.operator.bench;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.testing.AdminRequests;
import dev.krafter.testing.ApiServerRequests;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import dev.krafter.topic.bench.ProcessKafkaCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The operator's footprint as what it manages grows: one operator (in this JVM, wired as in production) with one
 * KafkaCluster on a real kube-apiserver and a real 3-broker Kafka cluster ({@link ProcessKafkaCluster}), grown step by
 * step to the sizes given (Topics of 1 partition x RF 1; ConsumerGroups with committed offsets on 24 partitions each:
 * group i commits on every partition of topic {@code offsets-(i % 20)}). At each size, once every Topic is Ready and
 * every ConsumerGroup observed, and after a pause for the first status writes to settle, it prints:
 * <ul>
 *   <li>heap used after a full GC (this JVM holds the operator and little else: Kafka and the API server run in their
 *       own processes, and the benchmark keeps no informer);
 *   <li>API requests per minute while idle (apiserver_request_total over the window, without watches), with the
 *       biggest kinds;
 *   <li>Kafka requests per minute and per group observation cycle sent by the operator's admin client of the cluster
 *       (the client's own request-total; topic resyncs in the window count too).
 * </ul>
 *
 * <p>Run: {@code mvn -q -B -pl operator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.krafter.operator.bench.FootprintBenchmark [-Dexec.args="100:100,1000:500,5000:5000 120"]}
 * (topics:groups steps, idle window in seconds). It ends by itself.
 */
public final class FootprintBenchmark {
    private static final int OFFSET_TOPICS = 20;
    private static final int PARTITIONS = 24;
    private static final int CLIENT_THREADS = 4;

    private FootprintBenchmark() {}

    public static void main(String[] args) throws Exception {
        String steps = args.length > 0 ? args[0] : "100:100,1000:500,5000:5000";
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 120);
        OperatorConfig config = OperatorConfig.defaults();
        System.out.printf(
                "Footprint benchmark: steps %s (topics:groups), idle window %d s, group observation every %d s,"
                        + " topic resync every %d s; %d cores, load average at start %.1f%n",
                steps,
                window.toSeconds(),
                config.groupObservationPeriod().toSeconds(),
                config.topicResyncPeriod().toSeconds(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        List<String> rows = new ArrayList<>();
        try (ProcessKafkaCluster kafka = ProcessKafkaCluster.start(System.getProperty("bench.kafkaHeap", "1g"));
                Admin setup =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                OperatorTestEnvironment env = OperatorTestEnvironment.start(config, c -> kafka.bootstrapServers())) {
            List<NewTopic> offsetTopics = new ArrayList<>();
            for (int t = 0; t < OFFSET_TOPICS; t++) {
                offsetTopics.add(new NewTopic("offsets-" + t, PARTITIONS, (short) 1));
            }
            setup.createTopics(offsetTopics).all().get();
            KubernetesClient client = env.client();
            String ns = env.createNamespace("footprint");
            KafkaCluster cluster =
                    client.resource(TestResources.kafkaCluster(ns, "bench", 3)).create();
            int topics = 0;
            int groups = 0;
            for (String step : steps.split(",")) {
                int wantTopics = Integer.parseInt(step.split(":")[0]);
                int wantGroups = Integer.parseInt(step.split(":")[1]);
                long start = System.nanoTime();
                int fromTopic = topics;
                parallel(
                        fromTopic,
                        wantTopics,
                        i -> client.resource(
                                        TestResources.topic(ns, String.format("t-%05d", i), "bench", 1, 1, Map.of()))
                                .create());
                int fromGroup = groups;
                parallel(fromGroup, wantGroups, i -> {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (int p = 0; p < PARTITIONS; p++) {
                        offsets.put(new TopicPartition("offsets-" + (i % OFFSET_TOPICS), p), new OffsetAndMetadata(0));
                    }
                    setup.alterConsumerGroupOffsets(groupId(i), offsets).all().get();
                    ConsumerGroup group = TestResources.consumerGroup(ns, groupId(i), "bench");
                    group.getSpec().setGroupId(groupId(i));
                    return client.resource(group).create();
                });
                topics = Math.max(topics, wantTopics);
                groups = Math.max(groups, wantGroups);
                awaitSettled(client, ns, topics, groups);
                System.out.printf(
                        "== %d Topics Ready and %d ConsumerGroups observed after %.0f s%n",
                        topics, groups, (System.nanoTime() - start) / 1e9);
                Thread.sleep(config.groupObservationPeriod().toMillis() * 2);

                Admin operatorAdmin = env.admins().adminFor(cluster);
                ApiServerRequests apiBefore = ApiServerRequests.scrape(client);
                double kafkaBefore = AdminRequests.total(operatorAdmin);
                Thread.sleep(window.toMillis());
                ApiServerRequests idle =
                        ApiServerRequests.scrape(client).minus(apiBefore).withoutWatches();
                double kafkaRequests = AdminRequests.total(operatorAdmin) - kafkaBefore;
                double minutes = window.toSeconds() / 60.0;
                double cycles = (double) window.toSeconds()
                        / config.groupObservationPeriod().toSeconds();
                long heap = heapAfterFullGc();
                System.out.printf(
                        "  heap after full GC %d MiB; idle API requests %.1f/min (%s); Kafka requests %.1f/min,"
                                + " %.1f per observation cycle%n",
                        heap,
                        idle.total() / minutes,
                        biggest(idle, minutes),
                        kafkaRequests / minutes,
                        kafkaRequests / cycles);
                rows.add(String.format(
                        "| %d | %d | %d | %.1f | %.1f | %.1f |",
                        topics, groups, heap, idle.total() / minutes, kafkaRequests / minutes, kafkaRequests / cycles));
            }
        }
        System.out.println();
        System.out.println(
                "| Topics (1x1) | ConsumerGroups (24 partitions) | heap after full GC (MiB) | idle API requests/min"
                        + " | Kafka requests/min | Kafka requests per observation cycle |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf("load average at end %.1f%n", loadAverage());
    }

    private interface Task {
        Object run(int i) throws Exception;
    }

    private static void parallel(int from, int to, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int n = i;
                done.add(pool.submit(() -> task.run(n)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until every Topic is Ready and every ConsumerGroup has been observed (its status names a state). */
    private static void awaitSettled(KubernetesClient client, String ns, int topics, int groups) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            long ready = client.resources(Topic.class).inNamespace(ns).list().getItems().stream()
                    .filter(t -> t.getStatus() != null
                            && Conditions.isTrue(t.getStatus().getConditions(), Conditions.READY))
                    .count();
            long observed = client.resources(ConsumerGroup.class).inNamespace(ns).list().getItems().stream()
                    .filter(g -> g.getStatus() != null && g.getStatus().getState() != null)
                    .count();
            if (ready >= topics && observed >= groups) {
                return;
            }
            Thread.sleep(5000);
        }
        throw new IllegalStateException("Topics or ConsumerGroups did not settle within an hour");
    }

    private static String groupId(int i) {
        return String.format("g-%05d", i);
    }

    private static String biggest(ApiServerRequests idle, double minutes) {
        return idle.counts().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(4)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / minutes))
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
    }

    private static long heapAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed() >> 20;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
