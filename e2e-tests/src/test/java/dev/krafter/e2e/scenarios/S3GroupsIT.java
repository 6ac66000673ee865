package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.AppliedReset;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.api.v1alpha1.PartitionLag;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.support.Kstatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

/**
 * S3 groups, on the shared demo cluster: real consumers in a group; the ConsumerGroup's lag (per partition and total),
 * once the consumers stopped, is what {@code kafka-consumer-groups.sh --describe} prints inside a broker pod; an offset
 * reset to earliest is applied exactly once: the committed offsets become the log start, and after consumers read
 * and commit again the reset is not applied again.
 */
class S3GroupsIT {
    private static final String NS = ScenarioClusters.DEMO_NAMESPACE;
    private static final String CLUSTER = ScenarioClusters.DEMO_NAME;
    private static final String TOPIC = "s3-events";
    private static final String GROUP = "s3-readers";
    private static final int PARTITIONS = 3;
    private static final String GROUP_YAML = """
            apiVersion: krafter.dev/v1alpha1
            kind: ConsumerGroup
            metadata:
              name: s3-readers
            spec:
              clusterRef:
                name: demo
            """;

    @Test
    void lagMatchesKafkaToolsAndResetAppliesOnce() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        ScenarioClusters.readyDemo(cluster);
        String bootstrap = cluster.bootstrapAddress(NS, CLUSTER, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopicIfMissing(admin, new NewTopic(TOPIC, PARTITIONS, (short) 3));
            // A fresh start when run again in the same cluster: no resource (its status remembers applied resets) and
            // no offsets.
            deleteGroupResource(cluster);
            deleteOffsets(admin);
            produce(bootstrap, Map.of(0, 100, 1, 100, 2, 100));
            // Retention deleted the start of partition 0: "earliest" is then offset 5 there, 0 elsewhere.
            admin.deleteRecords(Map.of(new TopicPartition(TOPIC, 0), RecordsToDelete.beforeOffset(5)))
                    .all()
                    .get();
            cluster.apply(GROUP_YAML, NS);

            // Two consumers read everything and commit, then stop; more records arrive: a different lag per partition.
            Map<TopicPartition, Long> logEnd = consumeAll(bootstrap, 2);
            produce(bootstrap, Map.of(0, 10, 1, 20, 2, 30));
            Map<Integer, Long> expectedLag = Map.of(0, 10L, 1, 20L, 2, 30L);

            String pod = ScenarioSupport.clusterPods(cluster, NS, CLUSTER)
                    .get(0)
                    .getMetadata()
                    .getName();
            // Same moment: the status and the tool agree, and both show the lag the records above leave.
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        ConsumerGroupStatus status = group(cluster).getStatus();
                        Map<Integer, Long> tool = lagByPartition(describeGroup(cluster, pod));
                        assertThat(status)
                                .as("status of ConsumerGroup %s/%s", NS, GROUP)
                                .isNotNull();
                        assertThat(status.getMembers()).isZero();
                        assertThat(statusLagByPartition(status)).isEqualTo(tool).isEqualTo(expectedLag);
                        assertThat(status.getTotalLag())
                                .isEqualTo(tool.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum());
                        assertThat(status.getTopics()).singleElement().satisfies(t -> {
                            assertThat(t.getTopic()).isEqualTo(TOPIC);
                            assertThat(t.getLag()).isEqualTo(60L);
                        });
                    });

            // An offset reset to earliest, applied once: committed offsets become the log start offsets.
            cluster.edit(ConsumerGroup.class, NS, GROUP, g -> {
                OffsetReset reset = new OffsetReset();
                reset.setId("rewind-1");
                reset.setTo(OffsetReset.Strategy.EARLIEST);
                reset.setTopics(List.of(TOPIC));
                g.getSpec().setOffsetReset(reset);
                return g;
            });
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(group(cluster).getStatus().getLastAppliedReset())
                            .isNotNull()
                            .extracting(AppliedReset::getId)
                            .isEqualTo("rewind-1"));
            AppliedReset applied = group(cluster).getStatus().getLastAppliedReset();
            Map<TopicPartition, Long> earliest = offsets(admin, OffsetSpec.earliest());
            assertThat(earliest).containsEntry(new TopicPartition(TOPIC, 0), 5L);
            assertThat(committed(admin)).isEqualTo(earliest);
            assertThat(currentOffsets(describeGroup(cluster, pod))).isEqualTo(byPartition(earliest));

            // Consumers read again from there and commit; the reset is not applied a second time.
            Map<TopicPartition, Long> end = consumeAll(bootstrap, 1);
            assertThat(end).isEqualTo(offsets(admin, OffsetSpec.latest()));
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        ConsumerGroupStatus status = group(cluster).getStatus();
                        assertThat(status.getMembers()).isZero();
                        assertThat(status.getTotalLag()).isZero();
                    });
            // Several observation cycles (5 s each here) after the consumers left, each of which could have re-applied
            // the reset. The status of a group that stands still is not rewritten, so there is no timestamp to wait
            // for.
            Thread.sleep(Duration.ofSeconds(20).toMillis());
            assertThat(committed(admin)).isEqualTo(end);
            assertThat(currentOffsets(describeGroup(cluster, pod))).isEqualTo(byPartition(end));
            ConsumerGroup caughtUp = await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> group(cluster), ScenarioSupport::isReadyAtGeneration);
            Kstatus.assertVerdict(caughtUp, Kstatus.CURRENT);
            AppliedReset after = group(cluster).getStatus().getLastAppliedReset();
            assertThat(after.getId()).isEqualTo("rewind-1");
            assertThat(after.getTime()).isEqualTo(applied.getTime());
            assertThat(logEnd.keySet()).isEqualTo(end.keySet());
        } finally {
            deleteGroupResource(cluster);
        }
    }

    private static void deleteGroupResource(TestCluster cluster) {
        cluster.client()
                .resources(ConsumerGroup.class)
                .inNamespace(NS)
                .withName(GROUP)
                .delete();
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.get(ConsumerGroup.class, NS, GROUP).isEmpty());
    }

    private static void deleteOffsets(Admin admin) throws Exception {
        try {
            admin.deleteConsumerGroups(List.of(GROUP)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    private static ConsumerGroup group(TestCluster cluster) {
        return cluster.get(ConsumerGroup.class, NS, GROUP).orElseThrow();
    }

    private static void produce(String bootstrap, Map<Integer, Integer> recordsPerPartition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            recordsPerPartition.forEach((partition, count) -> {
                for (int i = 0; i < count; i++) {
                    acks.add(producer.send(
                            new ProducerRecord<>(TOPIC, partition, "k" + i, "event-" + partition + "-" + i)));
                }
            });
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    /**
     * Runs {@code consumers} consumers in the group until together they have committed the log end of every partition,
     * then closes them (the group is left empty); returns the committed offsets.
     */
    private static Map<TopicPartition, Long> consumeAll(String bootstrap, int consumers) throws Exception {
        Map<TopicPartition, Long> logEnd;
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            logEnd = offsets(admin, OffsetSpec.latest());
        }
        List<KafkaConsumer<String, String>> group = new ArrayList<>();
        try {
            for (int i = 0; i < consumers; i++) {
                KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, GROUP));
                consumer.subscribe(List.of(TOPIC));
                group.add(consumer);
            }
            Map<TopicPartition, Long> positions = new HashMap<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (KafkaConsumer<String, String> consumer : group) {
                    consumer.poll(Duration.ofMillis(200));
                    try {
                        consumer.commitSync();
                    } catch (RebalanceInProgressException | CommitFailedException e) {
                        continue; // the group is rebalancing while the second consumer joins: poll again
                    }
                    for (TopicPartition partition : consumer.assignment()) {
                        positions.put(partition, consumer.position(partition));
                    }
                }
                return positions.equals(logEnd);
            });
            return positions;
        } finally {
            group.forEach(KafkaConsumer::close);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(TOPIC, p), spec);
        }
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static Map<Integer, Long> statusLagByPartition(ConsumerGroupStatus status) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (PartitionLag partition : status.getWorstPartitions()) {
            assertThat(partition.getTopic()).isEqualTo(TOPIC);
            lag.put(partition.getPartition(), partition.getLag());
        }
        return lag;
    }

    /** {@code kafka-consumer-groups.sh --describe} of the group, inside {@code pod}, against the pod's own listener. */
    private static List<GroupRow> describeGroup(TestCluster cluster, String pod) {
        String out = cluster.exec(
                        NS,
                        pod,
                        "kafka-consumer-groups.sh",
                        "--bootstrap-server",
                        ScenarioSupport.podClientAddress(NS, CLUSTER, pod),
                        "--describe",
                        "--group",
                        GROUP)
                .stdoutOrThrow();
        return GroupRow.parse(out);
    }

    private static Map<Integer, Long> lagByPartition(List<GroupRow> rows) {
        return rows.stream().collect(Collectors.toMap(GroupRow::partition, GroupRow::lag, (a, b) -> a, TreeMap::new));
    }

    private static Map<Integer, Long> currentOffsets(List<GroupRow> rows) {
        return rows.stream()
                .collect(Collectors.toMap(GroupRow::partition, GroupRow::currentOffset, (a, b) -> a, TreeMap::new));
    }

    /** One partition row of the table {@code kafka-consumer-groups.sh --describe} prints. */
    record GroupRow(String topic, int partition, long currentOffset, long logEndOffset, long lag) {
        /** Rows of our group and topic; the header, blank lines and notes ("has no active members") are skipped. */
        static List<GroupRow> parse(String table) {
            List<GroupRow> rows = new ArrayList<>();
            for (String line : table.lines().toList()) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length >= 6 && cells[0].equals(GROUP) && cells[1].equals(TOPIC)) {
                    rows.add(new GroupRow(
                            cells[1],
                            Integer.parseInt(cells[2]),
                            Long.parseLong(cells[3]),
                            Long.parseLong(cells[4]),
                            Long.parseLong(cells[5])));
                }
            }
            assertThat(rows)
                    .as("partition rows of kafka-consumer-groups.sh --describe:%n%s", table)
                    .extracting(GroupRow::partition)
                    .containsExactlyInAnyOrder(0, 1, 2);
            return rows;
        }
    }
}
