package dev.krafter.group.bench;

import dev.krafter.group.GroupObserver;
import dev.krafter.group.GroupSnapshot;
import dev.krafter.testing.AdminRequests;
import dev.krafter.testing.KafkaTestClusters;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * One observation cycle for 500 consumer groups of 24 partitions each, batched ({@link GroupObserver}: one
 * describeConsumerGroups, one listConsumerGroupOffsets, two listOffsets) against the naive per-group way
 * (describeConsumerGroups, listConsumerGroupOffsets and two listOffsets per group), on the same in-JVM KRaft cluster in
 * the same run. Prints time per cycle, Admin API calls per cycle and network requests per cycle.
 *
 * <p>Layout: 20 topics of 24 partitions; group i commits offsets on all 24 partitions of topic i % 20, so each group
 * has 24 partitions and the cluster 480. (One 24-partition topic per group would mean 12,000 partitions, too many for
 * a single in-JVM broker on a shared 2-core machine; the batched cycle would still make the same 4 Admin calls, each
 * carrying more partitions.)
 *
 * <p>Run: {@code mvn -q -B -pl operator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.krafter.group.bench.GroupObservationBenchmark} (optional args: groups, cycles).
 */
public final class GroupObservationBenchmark {
    private static final int TOPICS = 20;
    private static final int PARTITIONS = 24;

    public static void main(String[] args) throws Exception {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (KafkaClusterTestKit kafka = KafkaTestClusters.brokers(1)
                .combined()
                .config("offsets.topic.replication.factor", "1")
                .config("offsets.topic.num.partitions", "10")
                .start()) {
            List<String> groupIds = new ArrayList<>();
            try (Admin setup = kafka.admin()) {
                List<NewTopic> topics = new ArrayList<>();
                for (int t = 0; t < TOPICS; t++) {
                    topics.add(new NewTopic("bench-" + t, PARTITIONS, (short) 1));
                }
                setup.createTopics(topics).all().get();
                for (int g = 0; g < groups; g++) {
                    String group = "bench-group-" + g;
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (int p = 0; p < PARTITIONS; p++) {
                        offsets.put(new TopicPartition("bench-" + (g % TOPICS), p), new OffsetAndMetadata(0));
                    }
                    setup.alterConsumerGroupOffsets(group, offsets).all().get();
                    groupIds.add(group);
                }
            }
            System.out.printf(
                    "Setup: %d groups x %d partitions (%d topics of %d partitions), %d cycles each%n",
                    groups, PARTITIONS, TOPICS, PARTITIONS, cycles);

            try (Admin raw =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                CountingAdmin admin = CountingAdmin.wrap(raw);
                GroupObserver observer = new GroupObserver(Duration.ofSeconds(60));
                Result batched = measure("batched (GroupObserver)", admin, raw, cycles, () -> {
                    Map<String, GroupSnapshot> snapshots = observer.observe(admin.proxy(), groupIds, Instant.now());
                    check(
                            snapshots.size() == groups
                                    && snapshots.values().stream()
                                            .allMatch(s -> !s.failed()
                                                    && s.partitions().size() == PARTITIONS),
                            "batched cycle incomplete");
                });
                Result naive = measure(
                        "naive per group (baseline)", admin, raw, cycles, () -> naiveCycle(admin.proxy(), groupIds));
                System.out.printf(
                        "%nRatio baseline/batched: time %.1fx, Admin calls %.0fx, network requests %.1fx%n",
                        naive.millisPerCycle / batched.millisPerCycle,
                        (double) naive.callsPerCycle / batched.callsPerCycle,
                        naive.requestsPerCycle / batched.requestsPerCycle);
            }
        }
    }

    private record Result(double millisPerCycle, long callsPerCycle, double requestsPerCycle) {}

    private interface Cycle {
        void run() throws Exception;
    }

    private static Result measure(String name, CountingAdmin admin, Admin raw, int cycles, Cycle cycle)
            throws Exception {
        cycle.run(); // warm-up
        long calls = admin.calls.get();
        double requests = AdminRequests.total(raw);
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle.run();
        }
        double millis = (System.nanoTime() - start) / 1e6 / cycles;
        long callsPerCycle = (admin.calls.get() - calls) / cycles;
        double requestsPerCycle = (AdminRequests.total(raw) - requests) / cycles;
        System.out.printf(
                "%-28s %9.1f ms/cycle %7d Admin calls/cycle %9.1f network requests/cycle%n",
                name, millis, callsPerCycle, requestsPerCycle);
        return new Result(millis, callsPerCycle, requestsPerCycle);
    }

    /** What a per-group exporter does: each group's offsets, then the log end and start of its partitions. */
    private static void naiveCycle(Admin admin, List<String> groupIds) throws Exception {
        for (String group : groupIds) {
            admin.describeConsumerGroups(List.of(group)).all().get(60, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            committed.keySet().forEach(tp -> {
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
            check(admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).size() == PARTITIONS, "naive latest");
            check(admin.listOffsets(earliest).all().get(60, TimeUnit.SECONDS).size() == PARTITIONS, "naive earliest");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Counts calls to the Admin API (every method except metrics and close). */
    private static final class CountingAdmin {
        final AtomicLong calls = new AtomicLong();
        private Admin proxy;

        static CountingAdmin wrap(Admin admin) {
            CountingAdmin counting = new CountingAdmin();
            counting.proxy = (Admin) Proxy.newProxyInstance(
                    Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, (p, method, methodArgs) -> {
                        // Default methods delegate to overloads; count the call the caller made, once.
                        if (!method.getName().equals("metrics")
                                && !method.getName().startsWith("close")) {
                            counting.calls.incrementAndGet();
                        }
                        try {
                            return method.invoke(admin, methodArgs);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return counting;
        }

        Admin proxy() {
            return proxy;
        }
    }
}
