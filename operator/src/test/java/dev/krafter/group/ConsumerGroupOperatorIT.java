package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.Autoscale;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.api.v1alpha1.PartitionLag;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommandAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ConsumerGroup resources handled by the real operator on a real kube-apiserver, observing a real in-JVM KRaft
 * cluster where real consumers commit. Kafka's own ConsumerGroupCommand is the reference for lag and resets.
 */
class ConsumerGroupOperatorIT {
    private static String ns;
    private static final String CLUSTER = "kafka";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaClusterTestKit kafka;
    private static OperatorTestEnvironment env;
    private static KubernetesClient client;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        OperatorTestEnvironment.requireApiServer();
        kafka = KafkaTestClusters.forConsumerGroups();
        admin = kafka.admin();
        OperatorConfig config = OperatorConfig.defaults()
                .withGroupObservationPeriod(Duration.ofSeconds(1))
                .withGroupLagStatusInterval(Duration.ofSeconds(3))
                .withEventRepeatInterval(Duration.ofSeconds(1));
        env = OperatorTestEnvironment.start(config, cluster -> kafka.bootstrapServers());
        client = env.client();
        ns = env.createNamespace("groups");
        try (InputStream in = new FileInputStream(
                Path.of("../examples/kafkacluster-minimal.yaml").toFile())) {
            KafkaCluster cluster = client.resources(KafkaCluster.class).load(in).item();
            cluster.getMetadata().setName(CLUSTER);
            cluster.getMetadata().setNamespace(ns);
            client.resource(cluster).create();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(env, admin, kafka);
    }

    @Test
    void lagInStatusEqualsWhatKafkaConsumerGroupsReports() throws Exception {
        createTopic("lag-t", 3);
        produce("lag-t", 3, 100);
        // A real consumer reads part of the topic and commits.
        int read = 0;
        try (KafkaConsumer<String, String> consumer = consumer("lag-g", 40)) {
            consumer.subscribe(List.of("lag-t"));
            while (read < 120) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            consumer.commitSync();
        }
        Map<String, Long> reported = ConsumerGroupCommandAdapter.describeLag(kafka.bootstrapServers(), "lag-g");
        assertThat(reported).hasSize(3);
        assertThat(reported.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300 - read);

        apply(groupResource("lag-cr", "lag-g"));
        // The status is compared with what the tool reports at the same moment, not with a figure taken earlier.
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> expected = ConsumerGroupCommandAdapter.describeLag(kafka.bootstrapServers(), "lag-g");
            long expectedTotal =
                    expected.values().stream().mapToLong(Long::longValue).sum();
            ConsumerGroupStatus status = status("lag-cr");
            assertThat(status.getTotalLag()).isEqualTo(expectedTotal);
            Map<String, Long> lag = new TreeMap<>();
            for (PartitionLag p : status.getWorstPartitions()) {
                lag.put(p.getTopic() + "-" + p.getPartition(), p.getLag());
            }
            assertThat(lag).isEqualTo(expected);
            assertThat(status.getTopics()).singleElement().satisfies(t -> {
                assertThat(t.getTopic()).isEqualTo("lag-t");
                assertThat(t.getLag()).isEqualTo(expectedTotal);
            });
            assertThat(status.getState()).isEqualTo("Empty");
            assertThat(status.getMembers()).isZero();
            assertThat(status.getMessagesLost()).isZero();
            assertThat(status.getLagStatus()).isNotNull();
            assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY))
                    .isTrue();
            assertThat(env.meters().scrape())
                    .contains("krafter_consumergroup_total_lag{cluster=\"" + CLUSTER + "\",group=\"lag-g\",namespace=\""
                            + ns + "\"} " + expectedTotal + ".0");
        });
        // Nobody consumes and the lag stands: Burrow calls that STOPPED, and says so in the Ready message.
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("lag-cr");
            assertThat(status.getLagStatus()).isEqualTo(LagStatus.STOPPED);
            assertThat(condition(status, Conditions.READY).getMessage()).startsWith("lagStatus STOPPED: lag-t-");
        });

        client.resources(ConsumerGroup.class).inNamespace(ns).withName("lag-cr").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.resources(ConsumerGroup.class)
                            .inNamespace(ns)
                            .withName("lag-cr")
                            .get())
                    .isNull();
            assertThat(env.meters().scrape()).doesNotContain("group=\"lag-g\"");
        });
        // deletionPolicy Retain (the default): the offsets stay in Kafka.
        assertThat(admin.listConsumerGroupOffsets("lag-g")
                        .partitionsToOffsetAndMetadata()
                        .get())
                .hasSize(3);
    }

    @Test
    void aGroupThatDoesNotExistYetIsNotFound() {
        apply(groupResource("ghost-cr", "ghost-g"));
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("ghost-cr");
            assertThat(status.getLagStatus()).isEqualTo(LagStatus.NOT_FOUND);
            assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("GroupNotFound");
        });
    }

    @Test
    void resetWaitsForAnEmptyGroupIsAppliedOnceAndNeverAgain() throws Exception {
        createTopic("reset-t", 2);
        produce("reset-t", 2, 50);
        ConsumerGroup resource = groupResource("reset-cr", "reset-g");
        resource.getSpec().setOffsetReset(toEarliest("replay-1", "reset-t"));
        try (RunningConsumer running = new RunningConsumer("reset-g", "reset-t", 1000, 0)) {
            await().atMost(WAIT)
                    .until(() -> running.consumed() == 100
                            && committed("reset-g").values().stream()
                                            .mapToLong(Long::longValue)
                                            .sum()
                                    == 100);
            apply(resource);
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerGroupStatus status = status("reset-cr");
                assertThat(condition(status, Conditions.RECONCILING)).satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo(GroupReasons.WAITING_FOR_EMPTY_GROUP);
                    assertThat(c.getMessage()).contains("replay-1").contains("no active members (1 now)");
                });
                assertThat(status.getLastAppliedReset()).isNull();
            });
            assertThat(committed("reset-g")).containsValues(50L, 50L);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("reset-cr");
            assertThat(status.getLastAppliedReset()).isNotNull();
            assertThat(status.getLastAppliedReset().getId()).isEqualTo("replay-1");
            assertThat(status.getLastAppliedReset().getSummary()).isEqualTo("2 partitions of reset-t: lag 0 -> 100");
        });
        assertThat(committed("reset-g"))
                .isEqualTo(Map.of(new TopicPartition("reset-t", 0), 0L, new TopicPartition("reset-t", 1), 0L));
        assertThat(events("reset-cr", GroupReasons.OFFSETS_RESET))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("reset-t-0: 50 -> 0")
                        .contains("reset-t-1: 50 -> 0"));

        // The consumers run again and commit; the same reset applied again (a GitOps sync by server-side apply, with
        // another change: a new generation) must not reset a second time.
        commit("reset-g", Map.of(new TopicPartition("reset-t", 0), 30L, new TopicPartition("reset-t", 1), 40L));
        resource.getSpec().getLagPolicy().setWindowSize(5);
        resource.getMetadata().setResourceVersion(null);
        client.resource(resource).fieldManager("gitops").forceConflicts().serverSideApply();
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(status("reset-cr").getObservedGeneration()).isEqualTo(2L));
        // Let a few observation cycles (and the reconciles they trigger) pass on the new generation.
        awaitObservationCycles("reset-g", 3);
        assertThat(committed("reset-g"))
                .isEqualTo(Map.of(new TopicPartition("reset-t", 0), 30L, new TopicPartition("reset-t", 1), 40L));
        assertThat(events("reset-cr", GroupReasons.OFFSETS_RESET)).hasSize(1);
    }

    @Test
    void offsetResetsMatchKafkaConsumerGroupsResetOffsets() throws Exception {
        String topic = "plan-t";
        // The messages are dated 2026-01-01: without retention.ms -1, the default 7 days' retention may delete them
        // while the test runs, on a machine whose clock is more than a week later.
        KafkaTestClusters.createTopic(admin, new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "-1")));
        long base = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        produceWithTimestamps(topic, 3, 100, base);
        // Retention took the first 20 messages of partition 0: clamping to the log start matters there.
        admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(20)))
                .all()
                .get();
        Map<TopicPartition, Long> start = Map.of(
                new TopicPartition(topic, 0), 25L, new TopicPartition(topic, 1), 5L, new TopicPartition(topic, 2), 95L);
        OffsetResetter resetter = new OffsetResetter(Duration.ofSeconds(15));
        record Case(OffsetReset.Strategy to, String value, List<String> toolArgs) {}
        List<Case> cases = List.of(
                new Case(OffsetReset.Strategy.EARLIEST, null, List.of("--to-earliest")),
                new Case(OffsetReset.Strategy.LATEST, null, List.of("--to-latest")),
                new Case(OffsetReset.Strategy.OFFSET, "10", List.of("--to-offset", "10")),
                new Case(OffsetReset.Strategy.OFFSET, "500", List.of("--to-offset", "500")),
                new Case(OffsetReset.Strategy.SHIFT_BY, "-10", List.of("--shift-by", "-10")),
                new Case(OffsetReset.Strategy.SHIFT_BY, "7", List.of("--shift-by", "7")),
                new Case(
                        OffsetReset.Strategy.TIMESTAMP,
                        Long.toString(base + 42_500),
                        List.of("--to-datetime", "2026-01-01T00:00:42.500Z")),
                new Case(
                        OffsetReset.Strategy.TIMESTAMP,
                        "2027-01-01T00:00:00Z",
                        List.of("--to-datetime", "2027-01-01T00:00:00.000Z")));
        int n = 0;
        for (Case c : cases) {
            String group = "plan-g-" + n++;
            commit(group, start);
            List<String> args = new ArrayList<>(c.toolArgs());
            args.addAll(List.of("--topic", topic));
            Map<TopicPartition, Long> tool = ConsumerGroupCommandAdapter.resetOffsetsDryRun(
                    kafka.bootstrapServers(), group, args.toArray(new String[0]));
            OffsetReset reset = new OffsetReset();
            reset.setId("r");
            reset.setTo(c.to());
            reset.setValue(c.value());
            reset.setTopics(List.of(topic));
            OffsetResetter.Outcome outcome = resetter.apply(admin, group, reset);
            assertThat(outcome).as(c.toString()).isInstanceOf(OffsetResetter.Applied.class);
            assertThat(committed(group)).as(c.toString()).isEqualTo(tool).hasSize(3);
        }
    }

    @Test
    void messagesDeletedByRetentionBeforeConsumptionAreReportedLost() throws Exception {
        createTopic("loss-t", 1);
        produce("loss-t", 1, 100);
        TopicPartition tp = new TopicPartition("loss-t", 0);
        commit("loss-g", Map.of(tp, 10L));
        apply(groupResource("loss-cr", "loss-g"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status("loss-cr").getTotalLag()).isEqualTo(90L));
        assertThat(status("loss-cr").getMessagesLost()).isZero();

        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(60))).all().get();
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("loss-cr");
            assertThat(status.getMessagesLost()).isEqualTo(50L);
            assertThat(condition(status, GroupReasons.DATA_LOSS)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("DataLoss");
                assertThat(c.getMessage())
                        .startsWith("50 messages were deleted by retention")
                        .contains("loss-t-0 (50 messages: committed 10 < log start 60)");
            });
            assertThat(events("loss-cr", GroupReasons.DATA_LOSS))
                    .hasSize(1)
                    .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
        });
        // The loss stands over the next observations (the event repeat interval is 1 s here): still one Event, its
        // count grows, as kubectl get events shows it.
        awaitObservationCycles("loss-g", 4);
        assertThat(events("loss-cr", GroupReasons.DATA_LOSS)).singleElement().satisfies(e -> {
            assertThat(e.getCount()).as("count of the DataLoss Event").isGreaterThan(1);
            assertThat(e.getMessage()).contains("loss-t-0 (50 messages: committed 10 < log start 60)");
            assertThat(Instant.parse(e.getLastTimestamp())).isAfter(Instant.parse(e.getFirstTimestamp()));
        });

        // The group moves past the deleted messages but still lags behind 90% of the retained log: at risk.
        commit("loss-g", Map.of(tp, 62L));
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("loss-cr");
            assertThat(status.getMessagesLost()).isZero();
            assertThat(Conditions.find(status.getConditions(), GroupReasons.DATA_LOSS))
                    .isEmpty();
            assertThat(status.getPartitionsAtRisk()).isEqualTo(1);
            assertThat(Conditions.isTrue(status.getConditions(), GroupReasons.RETENTION_RISK))
                    .isTrue();
            assertThat(events("loss-cr", GroupReasons.RETENTION_RISK)).hasSize(1);
        });
    }

    /** Issue 15 item 14: the group's offsets are deleted behind its back; the status says so, not "does not exist yet". */
    @Test
    void aGroupWhoseOffsetsAreDeletedSaysWhatDisappeared() throws Exception {
        createTopic("gone-t", 2);
        produce("gone-t", 2, 10);
        commit("gone-g", Map.of(new TopicPartition("gone-t", 0), 5L, new TopicPartition("gone-t", 1), 7L));
        apply(groupResource("gone-cr", "gone-g"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status("gone-cr").getTotalLag()).isEqualTo(8L));

        admin.deleteConsumerGroups(List.of("gone-g")).all().get();

        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("gone-cr");
            assertThat(condition(status, "OffsetsVanished")).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains("group gone-g").contains("gone-t");
            });
            assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
            assertThat(condition(status, Conditions.READY).getMessage()).doesNotContain("does not exist in Kafka yet");
            assertThat(events("gone-cr", "OffsetsVanished")).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).contains("gone-g").contains("gone-t");
            });
        });
    }

    /** Issue 15 item 14: a topic the group has offsets for is deleted; the status names that topic. */
    @Test
    void aTopicDeletedUnderAGroupIsNamed() throws Exception {
        createTopic("kept-t", 1);
        createTopic("dropped-t", 1);
        produce("kept-t", 1, 10);
        produce("dropped-t", 1, 10);
        commit("drop-g", Map.of(new TopicPartition("kept-t", 0), 4L, new TopicPartition("dropped-t", 0), 3L));
        apply(groupResource("drop-cr", "drop-g"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status("drop-cr").getTopics()).hasSize(2));

        admin.deleteTopics(List.of("dropped-t")).all().get();

        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("drop-cr");
            assertThat(condition(status, "OffsetsVanished")).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains("dropped-t").doesNotContain("kept-t");
            });
            assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
            assertThat(events("drop-cr", "OffsetsVanished"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getMessage()).contains("dropped-t"));
        });
        // The group commits for the topic again (it was re-created and consumed): the alarm clears.
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            createTopic("dropped-t", 1);
            return true;
        });
        commit("drop-g", Map.of(new TopicPartition("dropped-t", 0), 0L));
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("drop-cr");
            assertThat(Conditions.find(status.getConditions(), "OffsetsVanished"))
                    .isEmpty();
            assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY))
                    .isTrue();
        });
    }

    @Test
    void autoscaleSetsTheDeploymentReplicasFromTheLag() throws Exception {
        createTopic("scale-t", 4);
        produce("scale-t", 4, 100);
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("scale-worker")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .addToMatchLabels("app", "scale-worker")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "scale-worker")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("worker")
                        .withImage("worker:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        ConsumerGroup resource = groupResource("scale-cr", "scale-g");
        Autoscale autoscale = TestResources.autoscaleDeployment("scale-worker", 1, 10, 50);
        autoscale.setCooldownSeconds(600);
        resource.getSpec().setAutoscale(autoscale);
        // A slow but live consumer: the lag of 400 decreases, so it is not STALLED or STOPPED and asks for 8 replicas;
        // the 4 partitions cap that at 4.
        try (RunningConsumer slow = new RunningConsumer("scale-g", "scale-t", 1, 250)) {
            await().atMost(WAIT).until(() -> !committed("scale-g").isEmpty());
            apply(resource);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(client.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("scale-worker")
                                .get()
                                .getSpec()
                                .getReplicas())
                        .isEqualTo(4);
                ConsumerGroupStatus status = status("scale-cr");
                assertThat(status.getAutoscale()).isNotNull();
                assertThat(status.getAutoscale().getCurrentReplicas()).isEqualTo(4);
                assertThat(status.getAutoscale().getLastScaleTime()).isNotNull();
                assertThat(status.getAutoscale().getReason()).contains("(4 partitions)");
                assertThat(events("scale-cr", GroupReasons.SCALED))
                        .singleElement()
                        .satisfies(e ->
                                assertThat(e.getMessage()).startsWith("scaled Deployment scale-worker from 1 to 4"));
            });
        }
    }

    @Test
    void deletionPolicyDeleteRemovesTheOffsetsOnceTheGroupIsEmpty() throws Exception {
        createTopic("del-t", 1);
        produce("del-t", 1, 10);
        ConsumerGroup resource = groupResource("del-cr", "del-g");
        resource.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        try (RunningConsumer running = new RunningConsumer("del-g", "del-t", 100, 0)) {
            await().atMost(WAIT).until(() -> running.consumed() == 10);
            apply(resource);
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(status("del-cr").getMembers()).isEqualTo(1));
            client.resources(ConsumerGroup.class)
                    .inNamespace(ns)
                    .withName("del-cr")
                    .delete();
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerGroup deleting = client.resources(ConsumerGroup.class)
                        .inNamespace(ns)
                        .withName("del-cr")
                        .get();
                assertThat(deleting).isNotNull();
                assertThat(condition(deleting.getStatus(), Conditions.RECONCILING)
                                .getMessage())
                        .contains("deleted once its 1 active members leave");
            });
            assertThat(committed("del-g")).isNotEmpty();
        }
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(client.resources(ConsumerGroup.class)
                                .inNamespace(ns)
                                .withName("del-cr")
                                .get())
                        .isNull());
        assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().equals("del-g"));
    }

    /**
     * A paused group changes nothing in Kafka: a requested offset reset waits and, deleted while paused with
     * deletionPolicy Delete, its Kafka group stays. Its status says Paused and how to resume, while lag is still
     * observed. Resuming applies the reset.
     */
    @Test
    void aPausedGroupChangesNothingInKafkaUntilResumed() throws Exception {
        createTopic("paused-t", 1);
        produce("paused-t", 1, 20);
        commit("paused-g", Map.of(new TopicPartition("paused-t", 0), 20L));
        ConsumerGroup resource = groupResource("paused-cr", "paused-g");
        resource.getSpec().setOffsetReset(toEarliest("replay-paused", "paused-t"));
        resource.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true"));
        apply(resource);

        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("paused-cr");
            assertThat(condition(status, Conditions.READY)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(Reasons.PAUSED);
                assertThat(c.getMessage())
                        .contains("offset resets, scaling and the deletion of the Kafka group wait")
                        .contains("kubectl annotate consumergroup paused-cr -n " + ns + " krafter.dev/paused-");
            });
            assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("False");
            assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("False");
            assertThat(status.getTotalLag()).as("lag is still observed").isZero();
        });
        awaitObservationCycles("paused-g", 3);
        assertThat(committed("paused-g")).isEqualTo(Map.of(new TopicPartition("paused-t", 0), 20L));
        assertThat(status("paused-cr").getLastAppliedReset()).isNull();

        TestResources.editRetryingConflicts(
                client,
                ConsumerGroup.class,
                ns,
                "paused-cr",
                g -> g.getMetadata().setAnnotations(Map.of()));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status("paused-cr").getLastAppliedReset()).isNotNull();
            assertThat(committed("paused-g")).isEqualTo(Map.of(new TopicPartition("paused-t", 0), 0L));
        });

        // Paused again and deleted with deletionPolicy Delete: the Kafka group and its offsets stay.
        TestResources.editRetryingConflicts(client, ConsumerGroup.class, ns, "paused-cr", g -> {
            g.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true"));
            g.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(
                                condition(status("paused-cr"), Conditions.READY).getReason())
                        .isEqualTo(Reasons.PAUSED));
        client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName("paused-cr")
                .delete();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(client.resources(ConsumerGroup.class)
                                .inNamespace(ns)
                                .withName("paused-cr")
                                .get())
                        .isNull());
        assertThat(committed("paused-g")).isEqualTo(Map.of(new TopicPartition("paused-t", 0), 0L));
        assertThat(events("paused-cr", GroupReasons.RETAINED))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("left consumer group paused-g in place"));
    }

    @Test
    void autoscaleNeverScalesTheBrokersOrAnythingElseKrafterManages() throws Exception {
        createTopic("guard-t", 2);
        produce("guard-t", 2, 100);
        commit("guard-g", Map.of(new TopicPartition("guard-t", 0), 10L, new TopicPartition("guard-t", 1), 10L));
        String brokers = ClusterNames.brokers(CLUSTER);
        await().atMost(WAIT)
                .until(() -> client.apps()
                                .statefulSets()
                                .inNamespace(ns)
                                .withName(brokers)
                                .get()
                        != null);
        int before = client.apps()
                .statefulSets()
                .inNamespace(ns)
                .withName(brokers)
                .get()
                .getSpec()
                .getReplicas();
        ConsumerGroup resource = groupResource("guard-cr", "guard-g");
        Autoscale autoscale = TestResources.autoscaleDeployment(brokers, 1, 1, 10);
        autoscale.getTargetRef().setKind("StatefulSet");
        resource.getSpec().setAutoscale(autoscale);
        apply(resource);
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("guard-cr");
            assertThat(condition(status, Conditions.STALLED)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo(GroupReasons.SCALE_TARGET_REFUSED);
                assertThat(c.getMessage()).contains("StatefulSet " + brokers).contains("krafter.dev/");
            });
            // Lag is still observed and reported.
            assertThat(status.getTotalLag()).isEqualTo(180L);
        });
        // A few more observation cycles: the brokers are never scaled.
        awaitObservationCycles(groupIdOf("guard-cr"), 3);
        assertThat(client.apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName(brokers)
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(before);
        assertThat(events("guard-cr", GroupReasons.SCALED)).isEmpty();
        client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName("guard-cr")
                .delete();
    }

    @Test
    void aGroupAppliedBeforeItsClusterIsObservedAsSoonAsTheClusterAppears() throws Exception {
        String late = env.createNamespace("late");
        ConsumerGroup resource = TestResources.consumerGroup(late, "early-cr", "late-kafka");
        resource.getSpec().setGroupId("early-g");
        client.resource(resource).create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition(lateStatus(late), Conditions.RECONCILING)
                                .getReason())
                        .isEqualTo("ClusterNotFound"));
        try (InputStream in = new FileInputStream(
                Path.of("../examples/kafkacluster-minimal.yaml").toFile())) {
            KafkaCluster cluster = client.resources(KafkaCluster.class).load(in).item();
            cluster.getMetadata().setName("late-kafka");
            cluster.getMetadata().setNamespace(late);
            client.resource(cluster).create();
        }
        // Without a watch on KafkaClusters the group would wait for its next periodic reconcile (10 hours).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ConsumerGroupStatus status = lateStatus(late);
            assertThat(status.getLagStatus()).isEqualTo(LagStatus.NOT_FOUND);
            assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("GroupNotFound");
        });
    }

    private static ConsumerGroupStatus lateStatus(String namespace) {
        ConsumerGroup group = client.resources(ConsumerGroup.class)
                .inNamespace(namespace)
                .withName("early-cr")
                .get();
        assertThat(group.getStatus()).as("early-cr status").isNotNull();
        return group.getStatus();
    }

    @Test
    void aResetIsAppliedOnceEvenWhenItsResourceIsDeletedAndCreatedAgain() throws Exception {
        createTopic("once-t", 1);
        produce("once-t", 1, 100);
        TopicPartition tp = new TopicPartition("once-t", 0);
        commit("once-g", Map.of(tp, 50L));
        ConsumerGroup resource = groupResource("once-cr", "once-g");
        OffsetReset reset = new OffsetReset();
        reset.setId("back-10");
        reset.setTo(OffsetReset.Strategy.SHIFT_BY);
        reset.setValue("-10");
        resource.getSpec().setOffsetReset(reset);
        apply(resource);
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(status("once-cr").getLastAppliedReset()).isNotNull());
        assertThat(committed("once-g")).isEqualTo(Map.of(tp, 40L));

        // Argo CD's Replace, or a restore from backup: the same resource comes back without its status, and the
        // operator restarts (the in-memory record is gone with the resource).
        client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName("once-cr")
                .delete();
        await().atMost(WAIT)
                .until(() -> client.resources(ConsumerGroup.class)
                                .inNamespace(ns)
                                .withName("once-cr")
                                .get()
                        == null);
        resource.getMetadata().setResourceVersion(null);
        resource.getMetadata().setUid(null);
        resource.setStatus(null);
        apply(resource);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(status("once-cr").getLagStatus()).isNotNull());
        awaitObservationCycles("once-g", 3);
        assertThat(committed("once-g"))
                .as("shiftBy -10 applied once: 50 -> 40, never 30")
                .isEqualTo(Map.of(tp, 40L));
        assertThat(status("once-cr").getLastAppliedReset()).satisfies(applied -> {
            assertThat(applied.getId()).isEqualTo("back-10");
            assertThat(applied.getSummary()).isEqualTo("1 partitions of once-t: lag 50 -> 60");
        });
        // Events name the resource, so the first incarnation's one is the only one.
        assertThat(events("once-cr", GroupReasons.OFFSETS_RESET)).hasSize(1);
    }

    @Test
    void aResetWhoseApplyWasNotConfirmedIsResolvedFromTheOffsetsAndNeverAppliedTwice() throws Exception {
        createTopic("pend-t", 1);
        produce("pend-t", 1, 100);
        TopicPartition tp = new TopicPartition("pend-t", 0);
        OffsetResetLedger ledger = new OffsetResetLedger(Duration.ofSeconds(15));
        ResetRecord pending = ResetRecord.pending(
                "2026-12-07T10:00:00Z",
                "1 partitions of pend-t: lag 50 -> 60",
                List.of(new OffsetResetPlan.Move(tp, 50L, 40L)));
        // The alter reached Kafka but its answer timed out, then the operator restarted: recorded PENDING, applied.
        ledger.write(admin, kafka.bootstrapServers(), Map.of(), "pend-applied-g", "back-10", pending);
        commit("pend-applied-g", Map.of(tp, 40L));
        // Recorded PENDING, and the consumers have committed since: nobody can tell.
        ledger.write(admin, kafka.bootstrapServers(), Map.of(), "pend-moved-g", "back-10", pending);
        commit("pend-moved-g", Map.of(tp, 70L));
        for (String name : List.of("pend-applied", "pend-moved")) {
            ConsumerGroup resource = groupResource(name + "-cr", name + "-g");
            OffsetReset reset = new OffsetReset();
            reset.setId("back-10");
            reset.setTo(OffsetReset.Strategy.SHIFT_BY);
            reset.setValue("-10");
            resource.getSpec().setOffsetReset(reset);
            apply(resource);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status("pend-applied-cr").getLastAppliedReset())
                    .isNotNull()
                    .satisfies(a -> assertThat(a.getSummary()).isEqualTo("1 partitions of pend-t: lag 50 -> 60"));
            assertThat(condition(status("pend-moved-cr"), Conditions.STALLED)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo(GroupReasons.RESET_UNCONFIRMED);
                assertThat(c.getMessage()).contains("back-10").contains("set a new spec.offsetReset.id");
            });
        });
        assertThat(committed("pend-applied-g")).isEqualTo(Map.of(tp, 40L));
        assertThat(committed("pend-moved-g")).isEqualTo(Map.of(tp, 70L));
        assertThat(ledger.find(admin, kafka.bootstrapServers(), Map.of(), "pend-applied-g", "back-10"))
                .hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(ResetRecord.State.APPLIED));
        assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, OffsetResetLedger.TOPIC)))
                        .all()
                        .get()
                        .values()
                        .iterator()
                        .next()
                        .get("cleanup.policy")
                        .value())
                .isEqualTo("compact");
    }

    @Test
    void anIdleGroupsStatusIsNotRewrittenEachObservationButALagOrConditionChangeIs() throws Exception {
        createTopic("idle-t", 1);
        produce("idle-t", 1, 10);
        TopicPartition tp = new TopicPartition("idle-t", 0);
        commit("idle-g", Map.of(tp, 10L));
        apply(groupResource("idle-cr", "idle-g"));
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("idle-cr");
            assertThat(status.getTotalLag()).isZero();
            assertThat(status.getLagStatus()).isEqualTo(LagStatus.OK);
            assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY))
                    .isTrue();
        });
        awaitObservationCycles("idle-g", 2);
        String version = resourceVersion("idle-cr");
        awaitObservationCycles("idle-g", 5);
        assertThat(resourceVersion("idle-cr"))
                .as("resourceVersion of an idle group after 5 more observation cycles")
                .isEqualTo(version);

        // New messages nobody reads: the lag figures change, and are written (within the lag status interval).
        produce("idle-t", 1, 20);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(status("idle-cr").getTotalLag()).isEqualTo(20L));
        assertThat(resourceVersion("idle-cr")).isNotEqualTo(version);

        // Retention deletes messages the group has not read: a condition appears, and is written.
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(15))).all().get();
        await().atMost(WAIT).untilAsserted(() -> {
            ConsumerGroupStatus status = status("idle-cr");
            assertThat(Conditions.isTrue(status.getConditions(), GroupReasons.DATA_LOSS))
                    .isTrue();
            assertThat(status.getMessagesLost()).isEqualTo(5L);
        });
    }

    // ---- helpers

    private static String resourceVersion(String name) {
        return client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName(name)
                .get()
                .getMetadata()
                .getResourceVersion();
    }

    private static String groupIdOf(String name) {
        return client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName(name)
                .get()
                .kafkaGroupId();
    }

    /**
     * Waits until the operator has observed Kafka group {@code groupId} {@code cycles} more times (its
     * krafter_consumergroup_last_observed_timestamp_seconds moved on by that many observation periods of 1 s).
     */
    private static void awaitObservationCycles(String groupId, int cycles) {
        double start = await().atMost(WAIT).until(() -> lastObserved(groupId), t -> t > 0);
        await().atMost(WAIT).until(() -> lastObserved(groupId) >= start + cycles);
    }

    private static double lastObserved(String groupId) {
        Matcher m = Pattern.compile("krafter_consumergroup_last_observed_timestamp_seconds\\{"
                        + "cluster=\"" + CLUSTER + "\",group=\"" + Pattern.quote(groupId) + "\",namespace=\"" + ns
                        + "\"\\} (\\S+)")
                .matcher(env.meters().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static OffsetReset toEarliest(String id, String topic) {
        OffsetReset reset = new OffsetReset();
        reset.setId(id);
        reset.setTo(OffsetReset.Strategy.EARLIEST);
        reset.setTopics(List.of(topic));
        return reset;
    }

    private static ConsumerGroup groupResource(String name, String groupId) {
        ConsumerGroup group = TestResources.consumerGroup(ns, name, CLUSTER);
        group.getSpec().setGroupId(groupId);
        return group;
    }

    private static void apply(ConsumerGroup group) {
        client.resource(group).create();
    }

    /** The condition, or an assertion error (awaitility retries those) while there is none yet. */
    private static Condition condition(ConsumerGroupStatus status, String type) {
        return Conditions.find(status.getConditions(), type)
                .orElseThrow(() -> new AssertionError("no " + type + " condition yet"));
    }

    private static ConsumerGroupStatus status(String name) {
        ConsumerGroup group = client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        assertThat(group).as(name).isNotNull();
        assertThat(group.getStatus()).as(name + " status").isNotNull();
        return group.getStatus();
    }

    private static List<Event> events(String name, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        KafkaTestClusters.createTopic(admin, new NewTopic(topic, partitions, (short) 1));
    }

    private static void produce(String topic, int partitions, int perPartition) throws Exception {
        produceWithTimestamps(topic, partitions, perPartition, System.currentTimeMillis());
    }

    /** Message i of each partition has timestamp base + i seconds. */
    private static void produceWithTimestamps(String topic, int partitions, int perPartition, long base)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, base + i * 1000L, null, "m" + i));
                }
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, int maxPollRecords) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Commits offsets for a group without joining it (as a stopped application left them). */
    private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
        offsets.forEach((tp, o) -> request.put(tp, new OffsetAndMetadata(o)));
        admin.alterConsumerGroupOffsets(group, request).all().get();
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> result = new HashMap<>();
        admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((tp, om) -> {
                    if (om != null) {
                        result.put(tp, om.offset());
                    }
                });
        return result;
    }

    /** A live member of a group: subscribes, polls, commits after each poll, optionally slowly, until closed. */
    private static final class RunningConsumer implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong consumed = new AtomicLong();
        private final Thread thread;

        RunningConsumer(String group, String topic, int maxPollRecords, long pauseMillis) {
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, String> consumer = consumer(group, maxPollRecords)) {
                            consumer.subscribe(List.of(topic));
                            while (running.get()) {
                                int count =
                                        consumer.poll(Duration.ofMillis(200)).count();
                                if (count > 0) {
                                    consumer.commitSync();
                                    consumed.addAndGet(count);
                                    if (pauseMillis > 0) {
                                        Thread.sleep(pauseMillis);
                                    }
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "test-consumer-" + group);
            thread.setDaemon(true);
            thread.start();
        }

        long consumed() {
            return consumed.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
