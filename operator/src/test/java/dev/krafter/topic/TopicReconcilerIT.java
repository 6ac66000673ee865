package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicOrigin;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Topic reconciler through the real operator on a real kube-apiserver, against one real 3-broker KRaft cluster:
 * every check reads the topic back from Kafka with an independent admin client.
 */
class TopicReconcilerIT {
    private static String ns;
    private static final String CLUSTER = "kafka";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        OperatorTestEnvironment.requireApiServer();
        // node 0 is also the controller; unset partitions and replication factor fall back to 2 and 1
        kafka = KafkaTestClusters.brokers(3)
                .combined()
                .config("num.partitions", "2")
                .config("default.replication.factor", "1")
                .start();
        admin = kafka.admin();
        OperatorConfig config = OperatorConfig.defaults().withTopicResyncPeriod(Duration.ofSeconds(2));
        env = OperatorTestEnvironment.start(config, cluster -> kafka.bootstrapServers());
        ns = env.createNamespace("topics");
        env.client().resource(TestResources.kafkaCluster(ns, CLUSTER, 3)).create();
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(env, admin, kafka);
    }

    @Test
    void createsTopicWithPartitionsReplicationFactorAndConfig() throws Exception {
        create("orders", 6, 3, Map.of("retention.ms", 3600000, "cleanup.policy", "compact", "min.insync.replicas", 2));

        Topic ready = awaitReady("orders");
        TopicDescription description = describe("orders").orElseThrow();
        assertThat(description.partitions()).hasSize(6);
        assertThat(description.partitions())
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        // Ready once every replica broker created its replica: a producer may write at once (KAFKA-15591).
        assertThat(admin.describeReplicaLogDirs(ReplicaStart.inSyncReplicas(description))
                        .all()
                        .get()
                        .values())
                .hasSize(18)
                .allSatisfy(dir -> assertThat(dir.getCurrentReplicaLogDir()).isNotNull());
        assertThat(topicConfig("orders"))
                .containsEntry("retention.ms", "3600000")
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.insync.replicas", "2");
        assertThat(ready.getStatus().getTopicName()).isEqualTo("orders");
        assertThat(ready.getStatus().getTopicId())
                .isEqualTo(description.topicId().toString());
        assertThat(ready.getStatus().getOrigin()).isEqualTo(TopicOrigin.Created);
        assertThat(ready.getStatus().getPartitions()).isEqualTo(6);
        assertThat(ready.getStatus().getReplicationFactor()).isEqualTo(3);
        assertThat(ready.getStatus().getUnderReplicatedPartitions()).isZero();
        assertThat(ready.getStatus().getObservedGeneration())
                .isEqualTo(ready.getMetadata().getGeneration());
    }

    /**
     * What the operator owns of a Topic on the API server (server-side apply field managers): its finalizer and the
     * status, nothing of spec, so a GitOps tool never sees drift it did not make.
     */
    @Test
    void theOperatorOwnsItsFinalizerAndStatusAndNothingOfSpec() throws Exception {
        create("owned", 3, 1, Map.of("retention.ms", 3600000));
        Topic ready = awaitReady("owned");

        List<ManagedFieldsEntry> operator = ready.getMetadata().getManagedFields().stream()
                .filter(m -> "topic".equals(m.getManager()))
                .toList();
        assertThat(operator).extracting(ManagedFieldsEntry::getOperation).containsOnly("Apply");
        assertThat(operator)
                .extracting(m -> m.getSubresource() == null ? "" : m.getSubresource())
                .containsExactlyInAnyOrder("", "status");
        for (ManagedFieldsEntry entry : operator) {
            JsonNode fields =
                    Serialization.jsonMapper().valueToTree(entry.getFieldsV1().getAdditionalProperties());
            assertThat(fields.has("f:spec"))
                    .as("%s owns spec", entry.getSubresource())
                    .isFalse();
            if ("status".equals(entry.getSubresource())) {
                assertThat(fields.fieldNames()).toIterable().containsExactly("f:status");
            } else {
                assertThat(fields.fieldNames()).toIterable().containsExactly("f:metadata");
                assertThat(fields.get("f:metadata").fieldNames()).toIterable().containsExactly("f:finalizers");
            }
        }
        assertThat(ready.getMetadata().getFinalizers()).containsExactly("topics.krafter.dev/finalizer");
        assertThat(ready.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
        assertThat(ready.getSpec().getConfig()).containsOnlyKeys("retention.ms");
    }

    @Test
    void unsetPartitionsAndReplicationFactorUseTheClusterDefaults() throws Exception {
        create("defaults", null, null, Map.of());

        Topic ready = awaitReady("defaults");
        TopicDescription description = describe("defaults").orElseThrow();
        assertThat(description.partitions()).hasSize(2);
        assertThat(description.partitions().get(0).replicas()).hasSize(1);
        assertThat(ready.getStatus().getPartitions()).isEqualTo(2);
        assertThat(ready.getStatus().getReplicationFactor()).isEqualTo(1);
    }

    @Test
    void configChangesAreAppliedAndRemovedKeysReturnToTheDefault() throws Exception {
        create("payments", 3, 3, Map.of("retention.ms", 3600000, "segment.bytes", 10485760));
        awaitReady("payments");

        edit("payments", t -> t.getSpec().getConfig().put("retention.ms", 7200000));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(topicConfig("payments")).containsEntry("retention.ms", "7200000"));

        edit("payments", t -> t.getSpec().getConfig().remove("segment.bytes"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ConfigEntry segment = configEntry("payments", "segment.bytes");
            assertThat(segment.source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(segment.value()).isEqualTo("1073741824");
        });
        Topic ready = awaitReady("payments");
        assertThat(ready.getStatus().getManagedConfigKeys()).containsExactly("retention.ms");
        assertThat(topicConfig("payments")).containsEntry("retention.ms", "7200000");
    }

    @Test
    void outOfBandChangesOfSpecKeysAreRevertedOnResync() throws Exception {
        create("audit", 3, 3, Map.of("retention.ms", 3600000));
        awaitReady("audit");

        alterOutOfBand(
                "audit",
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.message.bytes", "2000000"), AlterConfigOp.OpType.SET));

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(topicConfig("audit")).containsEntry("retention.ms", "3600000"));
        // A key that was never in the spec is not the operator's: it stays as set outside.
        assertThat(topicConfig("audit")).containsEntry("max.message.bytes", "2000000");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events("audit")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo(TopicReasons.UPDATED);
                    assertThat(e.getMessage()).contains("retention.ms 1000 -> 3600000");
                }));
    }

    @Test
    void partitionsGrowButNeverShrink() throws Exception {
        create("clicks", 6, 3, Map.of("retention.ms", 3600000));
        awaitReady("clicks");

        edit("clicks", t -> t.getSpec().setPartitions(12));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(describe("clicks").orElseThrow().partitions())
                        .hasSize(12));
        assertThat(awaitReady("clicks").getStatus().getPartitions()).isEqualTo(12);

        edit("clicks", t -> {
            t.getSpec().setPartitions(4);
            t.getSpec().getConfig().put("retention.ms", 60000);
        });
        Topic stalled = awaitCondition("clicks", Conditions.STALLED, "NotSupported");
        assertThat(condition(stalled, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(stalled, Conditions.STALLED).getMessage())
                .contains("spec.partitions is 4 but topic clicks has 12 partitions");
        // Nothing was changed: neither partitions nor the config edited in the same spec change.
        assertThat(describe("clicks").orElseThrow().partitions()).hasSize(12);
        assertThat(topicConfig("clicks")).containsEntry("retention.ms", "3600000");
    }

    @Test
    void invalidValuesShowKafkasOwnMessageAndChangeNothing() throws Exception {
        // A value Kafka's topic ConfigDef refuses is refused before Kafka is asked.
        create("bad-retention", 3, 1, Map.of("retention.ms", "abc"));
        Topic stalled = awaitCondition("bad-retention", Conditions.STALLED, Reasons.INVALID_SPEC);
        assertThat(condition(stalled, Conditions.STALLED).getMessage())
                .contains("spec.config.retention.ms: 'abc' is not valid: Not a number of type LONG");
        assertThat(describe("bad-retention")).isEmpty();
        // Values that are each valid but conflict: Kafka refuses them, with its own message.
        create("bad-lags", 3, 1, Map.of("min.compaction.lag.ms", "10000", "max.compaction.lag.ms", "5000"));
        Topic rejected = awaitCondition("bad-lags", Conditions.STALLED, Reasons.KAFKA_REJECTED);
        assertThat(condition(rejected, Conditions.STALLED).getMessage())
                .contains("Kafka refused to make topic bad-lags match the spec")
                .contains("min.compaction.lag.ms (10000) > max.compaction.lag.ms (5000)");
        assertThat(describe("bad-lags")).isEmpty();

        create("bad-update", 3, 1, Map.of("retention.ms", 3600000));
        awaitReady("bad-update");
        edit("bad-update", t -> {
            t.getSpec().setPartitions(6);
            t.getSpec().getConfig().put("cleanup.policy", "shred");
        });
        Topic refused = awaitCondition("bad-update", Conditions.STALLED, Reasons.INVALID_SPEC);
        assertThat(condition(refused, Conditions.STALLED).getMessage())
                .contains("cleanup.policy")
                .contains("shred");
        assertThat(describe("bad-update").orElseThrow().partitions()).hasSize(3);

        edit("bad-update", t -> t.getSpec().getConfig().put("cleanup.policy", "compact"));
        awaitReady("bad-update");
        assertThat(describe("bad-update").orElseThrow().partitions()).hasSize(6);
        assertThat(topicConfig("bad-update")).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void replicationFactorChangesMoveReplicas() throws Exception {
        create("grow-rf", 4, 1, Map.of());
        awaitReady("grow-rf");

        edit("grow-rf", t -> t.getSpec().setReplicationFactor(3));
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> assertThat(describe("grow-rf").orElseThrow().partitions())
                                .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
        Topic ready = awaitReady("grow-rf");
        assertThat(ready.getStatus().getReplicationFactor()).isEqualTo(3);
        assertThat(ready.getStatus().getReassignment()).isNull();

        edit("grow-rf", t -> t.getSpec().setReplicationFactor(2));
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> assertThat(describe("grow-rf").orElseThrow().partitions())
                                .allSatisfy(p -> assertThat(p.replicas()).hasSize(2)));
        assertThat(awaitReady("grow-rf").getStatus().getReplicationFactor()).isEqualTo(2);
    }

    /**
     * A replication factor Kafka's brokers cannot hold cannot be met by retrying. The KafkaCluster here asks for 5
     * brokers (so the spec check lets a factor of 4 through) while Kafka has only 3 registered: the Topic is Stalled
     * with a message naming the cause and what to change, a Warning Event says the same, Kafka keeps the topic as it
     * was, and a factor the brokers can hold makes it Ready again.
     */
    @Test
    void aReplicationFactorAboveTheRegisteredBrokersIsStalledWithItsCause() throws Exception {
        env.client().resource(TestResources.kafkaCluster(ns, "five-brokers", 5)).create();
        Topic topic = TestResources.topic(ns, "too-many-replicas", "five-brokers", 2, 1, Map.of());
        topic.getMetadata().setAnnotations(new java.util.HashMap<>());
        env.client().resource(topic).create();
        awaitReady("too-many-replicas");

        edit("too-many-replicas", t -> t.getSpec().setReplicationFactor(4));
        Topic stalled = awaitCondition("too-many-replicas", Conditions.STALLED, Reasons.CANNOT_PLACE_REPLICAS, "True");
        assertThat(condition(stalled, Conditions.STALLED).getMessage())
                .contains("cannot change the replication factor of topic too-many-replicas from 1 to 4")
                .contains("only 3 brokers")
                .contains("lower it or add brokers");
        assertThat(condition(stalled, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(stalled, Conditions.RECONCILING).getStatus()).isEqualTo("False");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(events("too-many-replicas")).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo(Reasons.CANNOT_PLACE_REPLICAS);
                    assertThat(e.getMessage()).contains("only 3 brokers");
                }));
        assertThat(describe("too-many-replicas").orElseThrow().partitions())
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));

        edit("too-many-replicas", t -> t.getSpec().setReplicationFactor(3));
        assertThat(awaitReady("too-many-replicas").getStatus().getReplicationFactor())
                .isEqualTo(3);
    }

    @Test
    void deletionPolicyDeleteRemovesTheTopicAndRetainKeepsIt() throws Exception {
        create("to-delete", 3, 3, Map.of());
        create("to-retain", 3, 3, Map.of());
        edit("to-retain", t -> t.getSpec().setDeletionPolicy(DeletionPolicy.Retain));
        awaitReady("to-delete");
        awaitReady("to-retain");

        topics().withName("to-delete").delete();
        topics().withName("to-retain").delete();

        await().atMost(TIMEOUT)
                .until(() -> topics().withName("to-delete").get() == null
                        && topics().withName("to-retain").get() == null);
        assertThat(describe("to-delete")).isEmpty();
        assertThat(describe("to-retain")).isPresent();
    }

    @Test
    void theOlderTopicOwnsAKafkaTopicAndTheOtherReportsConflict() throws Exception {
        create("shared-first", 3, 3, Map.of("retention.ms", 3600000), "shared");
        awaitReady("shared-first");
        Thread.sleep(1100); // creationTimestamp has a resolution of one second
        create("shared-second", 3, 3, Map.of("retention.ms", 1000), "shared");

        Topic conflict = awaitCondition("shared-second", Conditions.READY, "Conflict");
        assertThat(condition(conflict, Conditions.READY).getMessage()).contains("Topic " + ns + "/shared-first");
        assertThat(topicConfig("shared")).containsEntry("retention.ms", "3600000");

        topics().withName("shared-second").delete();
        await().atMost(TIMEOUT).until(() -> topics().withName("shared-second").get() == null);
        assertThat(describe("shared")).isPresent();
        assertThat(topicConfig("shared")).containsEntry("retention.ms", "3600000");
    }

    @Test
    void anExistingTopicIsAdoptedAndTheSpecWins() throws Exception {
        admin.createTopics(List.of(new NewTopic("legacy", 2, (short) 1)
                        .configs(Map.of("retention.ms", "1000", "max.message.bytes", "2000000"))))
                .all()
                .get();

        create("legacy", 4, null, Map.of("retention.ms", 3600000));

        Topic ready = awaitReady("legacy");
        assertThat(describe("legacy").orElseThrow().partitions()).hasSize(4);
        assertThat(topicConfig("legacy"))
                .containsEntry("retention.ms", "3600000")
                .containsEntry("max.message.bytes", "2000000");
        assertThat(ready.getStatus().getTopicId())
                .isEqualTo(describe("legacy").orElseThrow().topicId().toString());
        assertThat(events("legacy")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo(TopicReasons.ADOPTED);
            assertThat(e.getMessage()).contains("partitions 2 -> 4").contains("retention.ms 1000 -> 3600000");
        });
    }

    @Test
    void pausedTopicsAreLeftAloneUntilResumed() throws Exception {
        create("paused", 3, 3, Map.of("retention.ms", 3600000));
        awaitReady("paused");

        edit("paused", t -> {
            if (t.getMetadata().getAnnotations() == null) {
                t.getMetadata().setAnnotations(new java.util.HashMap<>());
            }
            t.getMetadata().getAnnotations().put("krafter.dev/paused", "true");
            t.getSpec().getConfig().put("retention.ms", 7200000);
        });
        Topic paused = awaitCondition("paused", Conditions.READY, "Paused");
        assertThat(condition(paused, Conditions.RECONCILING).getStatus()).isEqualTo("False");
        assertThat(condition(paused, Conditions.STALLED).getStatus()).isEqualTo("False");
        assertThat(topicConfig("paused")).containsEntry("retention.ms", "3600000");

        edit("paused", t -> t.getMetadata().getAnnotations().remove("krafter.dev/paused"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(topicConfig("paused")).containsEntry("retention.ms", "7200000"));
        awaitReady("paused");
    }

    @Test
    void theKafkaTopicNameCannotChangeAfterCreation() throws Exception {
        create("renamed", 3, 1, Map.of());
        awaitReady("renamed");

        edit("renamed", t -> t.getSpec().setTopicName("renamed-again"));
        Topic stalled = awaitCondition("renamed", Conditions.STALLED, TopicReasons.TOPIC_NAME_CHANGED);
        assertThat(condition(stalled, Conditions.STALLED).getMessage()).contains("set spec.topicName back to renamed");
        assertThat(describe("renamed-again")).isEmpty();
        assertThat(describe("renamed")).isPresent();
    }

    @Test
    void aTopicOfAMissingClusterWaitsAndItsDeletionDoesNotWedge() throws Exception {
        Topic orphan = TestResources.topic(ns, "orphan", "no-such-cluster", 3, 1, Map.of());
        env.client().resource(orphan).create();
        awaitCondition("orphan", Conditions.RECONCILING, "ClusterNotFound");

        topics().withName("orphan").delete();
        await().atMost(TIMEOUT).until(() -> topics().withName("orphan").get() == null);
        assertThat(describe("orphan")).isEmpty();
    }

    /** Issue 15 item 1: a Topic naming __consumer_offsets must neither adopt it nor delete every group's offsets. */
    @Test
    void topicsKafkaKeepsForItselfAreRefusedAndNeverDeleted() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = commitGroupOffsets("internal-g");
        assertThat(describe("__consumer_offsets")).isPresent();

        create("consumer-offsets", null, null, Map.of(), "__consumer_offsets");
        Topic refused = awaitCondition("consumer-offsets", Conditions.STALLED, "InvalidSpec");
        assertThat(condition(refused, Conditions.STALLED).getMessage())
                .contains("'__consumer_offsets' is a topic Kafka keeps for itself");
        assertThat(condition(refused, Conditions.READY).getStatus()).isEqualTo("False");

        topics().withName("consumer-offsets").delete();
        await().atMost(TIMEOUT)
                .until(() -> topics().withName("consumer-offsets").get() == null);
        assertThat(describe("__consumer_offsets"))
                .as("__consumer_offsets after deleting the Topic")
                .isPresent();
        assertThat(admin.listConsumerGroupOffsets("internal-g")
                        .partitionsToOffsetAndMetadata()
                        .get())
                .isEqualTo(offsets);
    }

    /**
     * Upgrade: a Topic that an earlier Krafter let adopt __consumer_offsets (its status names the topic id) is
     * refused by the new rules, and deleting it leaves the Kafka topic alone.
     */
    @Test
    void anInternalTopicAdoptedBeforeTheUpgradeIsRefusedAndKept() throws Exception {
        commitGroupOffsets("upgrade-g");
        TopicDescription offsets = describe("__consumer_offsets").orElseThrow();
        storedByAnEarlierKrafter("old-offsets", "__consumer_offsets", offsets);

        Topic refused = awaitCondition("old-offsets", Conditions.STALLED, "InvalidSpec");
        assertThat(condition(refused, Conditions.STALLED).getMessage())
                .contains("'__consumer_offsets' is a topic Kafka keeps for itself");

        topics().withName("old-offsets").delete();
        await().atMost(TIMEOUT).until(() -> topics().withName("old-offsets").get() == null);
        assertThat(describe("__consumer_offsets").map(TopicDescription::topicId))
                .as("__consumer_offsets")
                .contains(offsets.topicId());
    }

    /** Issue 15 item 13: deletionPolicy Delete (the default) deletes only what the operator created. */
    @Test
    void anAdoptedTopicIsDeletedOnlyWhenTheUserConfirmsIt() throws Exception {
        admin.createTopics(List.of(
                        new NewTopic("adopted-kept", 2, (short) 1), new NewTopic("adopted-confirmed", 2, (short) 1)))
                .all()
                .get();
        create("adopted-kept", 2, null, Map.of());
        create("adopted-confirmed", 2, null, Map.of());
        assertThat(awaitReady("adopted-kept").getStatus().getOrigin()).isEqualTo(TopicOrigin.Adopted);
        awaitReady("adopted-confirmed");
        edit(
                "adopted-confirmed",
                t -> t.getMetadata().getAnnotations().put("krafter.dev/delete-adopted-topic", "adopted-confirmed"));

        topics().withName("adopted-kept").delete();
        topics().withName("adopted-confirmed").delete();
        await().atMost(TIMEOUT)
                .until(() -> topics().withName("adopted-kept").get() == null
                        && topics().withName("adopted-confirmed").get() == null);
        assertThat(describe("adopted-kept"))
                .as("adopted topic after deleting its Topic")
                .isPresent();
        assertThat(events("adopted-kept")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo(TopicReasons.RETAINED);
            assertThat(e.getMessage()).contains("krafter.dev/delete-adopted-topic=adopted-kept");
        });
        assertThat(describe("adopted-confirmed"))
                .as("adopted topic confirmed for deletion")
                .isEmpty();
    }

    /** A Topic re-created for the topic an earlier Topic created (Argo CD Replace, a restore) has adopted it. */
    @Test
    void aTopicRecreatedForAnExistingKafkaTopicHasAdoptedIt() throws Exception {
        create("recreated", 3, 1, Map.of());
        assertThat(awaitReady("recreated").getStatus().getOrigin()).isEqualTo(TopicOrigin.Created);
        edit("recreated", t -> t.getSpec().setDeletionPolicy(DeletionPolicy.Retain));
        topics().withName("recreated").delete();
        await().atMost(TIMEOUT).until(() -> topics().withName("recreated").get() == null);

        create("recreated", 3, 1, Map.of());
        assertThat(awaitReady("recreated").getStatus().getOrigin()).isEqualTo(TopicOrigin.Adopted);
        topics().withName("recreated").delete();
        await().atMost(TIMEOUT).until(() -> topics().withName("recreated").get() == null);
        assertThat(describe("recreated"))
                .as("topic after deleting the re-created Topic")
                .isPresent();
    }

    /** Upgrade: a Topic stored by an earlier Krafter, which did not record created or adopted, counts as adopted. */
    @Test
    void aTopicStoredByAnEarlierKrafterIsNotDeletedWithoutConfirmation() throws Exception {
        KafkaTestClusters.createTopics(admin, List.of(new NewTopic("pre-upgrade", 2, (short) 1)));
        // The controller has the topic; the broker answering describe may learn it a moment later.
        TopicDescription existing = await().atMost(TIMEOUT)
                .until(() -> describe("pre-upgrade"), Optional::isPresent)
                .orElseThrow();
        storedByAnEarlierKrafter("pre-upgrade", "pre-upgrade", existing);
        assertThat(awaitReady("pre-upgrade").getStatus().getOrigin()).isEqualTo(TopicOrigin.Adopted);

        topics().withName("pre-upgrade").delete();
        await().atMost(TIMEOUT).until(() -> topics().withName("pre-upgrade").get() == null);
        assertThat(describe("pre-upgrade"))
                .as("topic after deleting its pre-upgrade Topic")
                .isPresent();
    }

    /** Commits an offset for {@code group} (which makes Kafka create __consumer_offsets) and returns what Kafka has. */
    private static Map<TopicPartition, OffsetAndMetadata> commitGroupOffsets(String group) throws Exception {
        String topic = group + "-t";
        KafkaTestClusters.createTopics(admin, List.of(new NewTopic(topic, 1, (short) 1)));
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
                .all()
                .get();
        return admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
    }

    /**
     * A Topic as an earlier Krafter left it: created paused (so this operator leaves it alone), given the status an
     * earlier version wrote once it had created or adopted {@code kafkaTopic}, then resumed.
     */
    private static void storedByAnEarlierKrafter(String name, String kafkaTopic, TopicDescription description) {
        Topic topic = TestResources.topic(ns, name, CLUSTER, null, null, Map.of());
        topic.getSpec().setTopicName(kafkaTopic);
        topic.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of("krafter.dev/paused", "true")));
        env.client().resource(topic).create();
        awaitCondition(name, Conditions.READY, "Paused");
        await().atMost(TIMEOUT)
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    topics().withName(name).editStatus(t -> {
                        t.getStatus().setTopicName(kafkaTopic);
                        t.getStatus().setTopicId(description.topicId().toString());
                        t.getStatus().setPartitions(description.partitions().size());
                        return t;
                    });
                    return true;
                });
        edit(name, t -> t.getMetadata().getAnnotations().remove("krafter.dev/paused"));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void create(String name, Integer partitions, Integer replicationFactor, Map<String, Object> config) {
        create(name, partitions, replicationFactor, config, null);
    }

    private static void create(
            String name, Integer partitions, Integer replicationFactor, Map<String, Object> config, String topicName) {
        Topic topic = TestResources.topic(ns, name, CLUSTER, partitions, replicationFactor, config);
        topic.getSpec().setTopicName(topicName);
        topic.getMetadata().setAnnotations(new java.util.HashMap<>());
        env.client().resource(topic).create();
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    Topic, io.fabric8.kubernetes.api.model.KubernetesResourceList<Topic>, Resource<Topic>>
            topics() {
        return env.client().resources(Topic.class).inNamespace(ns);
    }

    /** Edits the latest version, again if the operator wrote the resource in between (409 Conflict). */
    private static void edit(String name, Consumer<Topic> change) {
        await().atMost(TIMEOUT)
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    topics().withName(name).edit(t -> {
                        change.accept(t);
                        return t;
                    });
                    return true;
                });
    }

    private static Topic awaitReady(String name) {
        return awaitCondition(name, Conditions.READY, "Ready", "True");
    }

    private static Topic awaitCondition(String name, String type, String reason) {
        return awaitCondition(name, type, reason, null);
    }

    /** Waits until the current generation was observed and condition {@code type} has {@code reason}. */
    private static Topic awaitCondition(String name, String type, String reason, String status) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> topics().withName(name).get(),
                        topic -> topic != null
                                && topic.getStatus() != null
                                && topic.getMetadata()
                                        .getGeneration()
                                        .equals(topic.getStatus().getObservedGeneration())
                                && Conditions.find(topic.getStatus().getConditions(), type)
                                        .filter(c -> reason.equals(c.getReason())
                                                && (status == null || status.equals(c.getStatus())))
                                        .isPresent());
    }

    private static Condition condition(Topic topic, String type) {
        return Conditions.find(topic.getStatus().getConditions(), type).orElseThrow();
    }

    private static Optional<TopicDescription> describe(String topic) throws Exception {
        try {
            return Optional.of(
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The topic's own (dynamic topic-level) config. */
    private static Map<String, String> topicConfig(String topic) throws Exception {
        Config config = describeConfig(topic);
        Map<String, String> result = new java.util.TreeMap<>();
        config.entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .forEach(e -> result.put(e.name(), e.value()));
        return result;
    }

    private static ConfigEntry configEntry(String topic, String key) throws Exception {
        return describeConfig(topic).get(key);
    }

    private static Config describeConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static void alterOutOfBand(String topic, AlterConfigOp... ops) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(resource, List.of(ops));
        admin.incrementalAlterConfigs(change).all().get();
    }

    private static List<Event> events(String name) {
        return env.client().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    static KafkaCluster cluster() {
        return env.client()
                .resources(KafkaCluster.class)
                .inNamespace(ns)
                .withName(CLUSTER)
                .get();
    }
}
