package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.ReconcileMetrics;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.ApiServerRequests;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What wakes a ConsumerGroup besides its observation loop: its KafkaCluster appearing or going away, and pausing or
 * resuming it. The observation period is ten minutes here, so only an event can explain a status that follows within
 * seconds; and the operator's own status writes wake nothing.
 */
class ConsumerGroupWakeIT {
    private static final Duration OBSERVATION_PERIOD = Duration.ofMinutes(10);
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private static KafkaClusterTestKit kafka;
    private static OperatorTestEnvironment env;
    private static KubernetesClient client;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        OperatorTestEnvironment.requireApiServer();
        kafka = KafkaTestClusters.forConsumerGroups();
        admin = kafka.admin();
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults().withGroupObservationPeriod(OBSERVATION_PERIOD),
                cluster -> kafka.bootstrapServers());
        client = env.client();
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(env, admin, kafka);
    }

    @Test
    void aGroupAppliedBeforeItsClusterIsObservedOnceTheClusterIsCreatedAndReportsItsDeletion() {
        String ns = env.createNamespace("wake-late");
        ConsumerGroup group = TestResources.consumerGroup(ns, "early", "late-kafka");
        group.getSpec().setGroupId("early-g");
        client.resource(group).create();
        await().atMost(PROMPTLY)
                .untilAsserted(() -> assertThat(
                                condition(ns, "early", Conditions.RECONCILING).getReason())
                        .isEqualTo(Reasons.CLUSTER_NOT_FOUND));

        client.resource(TestResources.kafkaCluster(ns, "late-kafka", 1)).create();
        await().atMost(PROMPTLY).untilAsserted(() -> {
            Condition ready = condition(ns, "early", Conditions.READY);
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo(GroupReasons.GROUP_NOT_FOUND);
        });

        // A finalizer of someone else's holds the cluster in deletion: the group stops observing it at once.
        TestResources.editRetryingConflicts(
                client,
                KafkaCluster.class,
                ns,
                "late-kafka",
                c -> c.getMetadata().getFinalizers().add("example.com/hold"));
        client.resources(KafkaCluster.class)
                .inNamespace(ns)
                .withName("late-kafka")
                .delete();
        await().atMost(PROMPTLY).untilAsserted(() -> {
            Condition reconciling = condition(ns, "early", Conditions.RECONCILING);
            assertThat(reconciling.getReason()).isEqualTo(Reasons.CLUSTER_NOT_FOUND);
            assertThat(reconciling.getMessage()).contains("KafkaCluster late-kafka is being deleted");
        });
        TestResources.editRetryingConflicts(
                client,
                KafkaCluster.class,
                ns,
                "late-kafka",
                c -> c.getMetadata().getFinalizers().remove("example.com/hold"));
        await().atMost(PROMPTLY).untilAsserted(() -> {
            Condition reconciling = condition(ns, "early", Conditions.RECONCILING);
            assertThat(reconciling.getReason()).isEqualTo(Reasons.CLUSTER_NOT_FOUND);
            assertThat(reconciling.getMessage()).contains("KafkaCluster late-kafka does not exist");
        });
    }

    @Test
    void pausingAndResumingTakeEffectAtOnce() throws Exception {
        String ns = groupOnNewCluster(
                "paused", g -> g.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true")));
        await().atMost(PROMPTLY)
                .untilAsserted(() -> assertThat(
                                condition(ns, "paused", Conditions.READY).getReason())
                        .isEqualTo(Reasons.PAUSED));

        TestResources.editRetryingConflicts(
                client, ConsumerGroup.class, ns, "paused", g -> g.getMetadata().setAnnotations(Map.of()));
        await().atMost(PROMPTLY).untilAsserted(() -> {
            Condition ready = condition(ns, "paused", Conditions.READY);
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo(GroupReasons.GROUP_NOT_FOUND);
        });

        TestResources.editRetryingConflicts(
                client,
                ConsumerGroup.class,
                ns,
                "paused",
                g -> g.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true")));
        await().atMost(PROMPTLY)
                .untilAsserted(() -> assertThat(
                                condition(ns, "paused", Conditions.READY).getReason())
                        .isEqualTo(Reasons.PAUSED));
    }

    /** The group's own status writes, and edits that change neither spec nor pause, start no reconcile. */
    @Test
    void neitherStatusWritesNorOtherMetadataEditsStartAReconcile() throws Exception {
        String ns = groupOnNewCluster("quiet", g -> {});
        await().atMost(PROMPTLY)
                .untilAsserted(() -> assertThat(
                                condition(ns, "quiet", Conditions.READY).getStatus())
                        .isEqualTo("True"));
        Thread.sleep(2000);

        long before = groupReconciles();
        TestResources.editRetryingConflicts(
                client, ConsumerGroup.class, ns, "quiet", g -> g.getMetadata().setLabels(Map.of("team", "payments")));
        Thread.sleep(5000);
        assertThat(groupReconciles() - before)
                .as("reconciles of an idle ConsumerGroup after a label edit")
                .isZero();
    }

    /** Deleting a group with deletionPolicy Delete finds its KafkaCluster in the informer cache, not on the server. */
    @Test
    void deletionReadsTheClusterFromTheCache() throws Exception {
        KafkaTestClusters.createTopic(admin, new NewTopic("gone-t", 1, (short) 1));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsets.put(new TopicPartition("gone-t", 0), new OffsetAndMetadata(0));
        admin.alterConsumerGroupOffsets("gone-g", offsets).all().get();
        String ns = groupOnNewCluster("gone", g -> g.getSpec().setDeletionPolicy(DeletionPolicy.Delete));
        await().atMost(PROMPTLY)
                .untilAsserted(
                        () -> assertThat(condition(ns, "gone", Conditions.READY).getStatus())
                                .isEqualTo("True"));
        // The cluster's own reconciles settle first (they create its children), so the count below is the group's.
        await().atMost(PROMPTLY)
                .until(() -> client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(ns)
                                .withName(ClusterNames.podDisruptionBudget("kafka"))
                                .get()
                        != null);
        Thread.sleep(3000);

        ApiServerRequests before = ApiServerRequests.scrape(client);
        client.resources(ConsumerGroup.class).inNamespace(ns).withName("gone").delete();
        await().atMost(PROMPTLY)
                .until(() -> client.resources(ConsumerGroup.class)
                                .inNamespace(ns)
                                .withName("gone")
                                .get()
                        == null);
        ApiServerRequests requests = ApiServerRequests.scrape(client).minus(before);

        assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().equals("gone-g"));
        assertThat(requests.counts())
                .as("API requests while the group was deleted")
                .doesNotContainKey("GET krafter.dev/kafkaclusters");
    }

    /** A fresh namespace with KafkaCluster kafka and ConsumerGroup {@code name} of it (group id name-g). */
    private static String groupOnNewCluster(String name, Consumer<ConsumerGroup> customize) {
        String ns = env.createNamespace("wake-" + name);
        client.resource(TestResources.kafkaCluster(ns, "kafka", 1)).create();
        ConsumerGroup group = TestResources.consumerGroup(ns, name, "kafka");
        group.getSpec().setGroupId(name + "-g");
        customize.accept(group);
        client.resource(group).create();
        return ns;
    }

    private static long groupReconciles() {
        Timer timer = env.meters()
                .find(ReconcileMetrics.DURATION)
                .tag("kind", "ConsumerGroup")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static Condition condition(String ns, String name, String type) {
        ConsumerGroup group = client.resources(ConsumerGroup.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        ConsumerGroupStatus status = group == null ? null : group.getStatus();
        assertThat(status).as(name + " status").isNotNull();
        return Conditions.find(status.getConditions(), type)
                .orElseThrow(() -> new AssertionError("no " + type + " condition yet"));
    }
}
