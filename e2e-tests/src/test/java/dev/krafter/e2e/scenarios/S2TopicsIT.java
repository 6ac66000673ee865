package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.support.Kstatus;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * S2 topics, on the shared demo cluster: a Topic with partitions, replication factor and config lands in Kafka (seen by
 * an Admin client from outside and by {@code kafka-topics.sh} inside a broker pod); a config change applies live,
 * without restarting any broker; partitions grow 6 → 12; a decrease is refused with a message saying what to change
 * and leaves Kafka alone; deleting the Topic (deletionPolicy Delete) deletes the Kafka topic.
 */
class S2TopicsIT {
    private static final String NS = ScenarioClusters.DEMO_NAMESPACE;
    private static final String CLUSTER = ScenarioClusters.DEMO_NAME;
    private static final String NAME = "s2-payments";
    private static final String TOPIC_YAML = """
            apiVersion: krafter.dev/v1alpha1
            kind: Topic
            metadata:
              name: s2-payments
            spec:
              clusterRef:
                name: demo
              topicName: s2.Payments
              partitions: 6
              replicationFactor: 3
              deletionPolicy: Delete
              config:
                retention.ms: 604800000
                cleanup.policy: compact,delete
                min.insync.replicas: 2
            """;
    private static final String KAFKA_TOPIC = "s2.Payments";

    @Test
    void topicLifecycleReachesKafka() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        ScenarioClusters.readyDemo(cluster);
        String bootstrap = cluster.bootstrapAddress(NS, CLUSTER, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            cluster.apply(TOPIC_YAML, NS);
            Topic created = awaitTopicReady(cluster);
            TopicDescription description = describe(admin);
            assertThat(description.partitions()).hasSize(6);
            assertThat(description.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(topicConfig(admin))
                    .containsEntry("retention.ms", "604800000")
                    .containsEntry("cleanup.policy", "compact,delete")
                    .containsEntry("min.insync.replicas", "2");
            TopicStatus status = created.getStatus();
            assertThat(status.getTopicName()).isEqualTo(KAFKA_TOPIC);
            assertThat(status.getTopicId()).isEqualTo(description.topicId().toString());
            assertThat(status.getPartitions()).isEqualTo(6);
            assertThat(status.getReplicationFactor()).isEqualTo(3);
            assertThat(status.getManagedConfigKeys())
                    .containsExactly("cleanup.policy", "min.insync.replicas", "retention.ms");

            String pod = ScenarioSupport.clusterPods(cluster, NS, CLUSTER)
                    .get(0)
                    .getMetadata()
                    .getName();
            String described = kafkaTopicsDescribe(cluster, pod);
            assertThat(described)
                    .containsPattern("Topic: s2\\.Payments\\s+TopicId: " + status.getTopicId()
                            + "\\s+PartitionCount: 6\\s+ReplicationFactor: 3\\s+Configs: .*");
            assertThat(configsLine(described))
                    .contains("cleanup.policy=compact,delete", "min.insync.replicas=2", "retention.ms=604800000");

            // A config change applies live: Kafka shows the new value and no broker pod is replaced or restarted.
            Map<String, String> podsBefore = ScenarioSupport.podIncarnations(cluster, NS, CLUSTER);
            edit(cluster, t -> t.getSpec().getConfig().put("retention.ms", 86_400_000));
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(topicConfig(admin)).containsEntry("retention.ms", "86400000"));
            awaitTopicReady(cluster);
            assertThat(configsLine(kafkaTopicsDescribe(cluster, pod))).contains("retention.ms=86400000");
            assertThat(ScenarioSupport.podIncarnations(cluster, NS, CLUSTER)).isEqualTo(podsBefore);

            // Partitions grow 6 → 12.
            edit(cluster, t -> t.getSpec().setPartitions(12));
            Topic grown = awaitTopicReady(cluster);
            assertThat(describe(admin).partitions()).hasSize(12);
            assertThat(grown.getStatus().getPartitions()).isEqualTo(12);
            assertThat(kafkaTopicsDescribe(cluster, pod)).containsPattern("PartitionCount: 12\\s");

            // A decrease is refused: Ready=False, Stalled with NotSupported and what to change; Kafka keeps 12.
            edit(cluster, t -> t.getSpec().setPartitions(8));
            Topic refused = awaitTopic(
                    cluster,
                    "Stalled=True at the current generation",
                    t -> isAtGeneration(t) && ScenarioSupport.isTrue(t, Conditions.STALLED));
            Kstatus.assertVerdict(refused, Kstatus.FAILED);
            Condition stalled =
                    ScenarioSupport.condition(refused, Conditions.STALLED).orElseThrow();
            assertThat(stalled.getReason()).isEqualTo(Reasons.NOT_SUPPORTED);
            assertThat(stalled.getMessage()).contains("set spec.partitions to at least 12");
            Condition ready =
                    ScenarioSupport.condition(refused, Conditions.READY).orElseThrow();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo(Reasons.NOT_SUPPORTED);
            assertThat(refused.getStatus().getPartitions()).isEqualTo(12);
            assertThat(describe(admin).partitions()).hasSize(12);

            // Back to a valid spec, then deletion (deletionPolicy Delete) removes the topic from Kafka.
            edit(cluster, t -> t.getSpec().setPartitions(12));
            awaitTopicReady(cluster);
            cluster.client()
                    .resources(Topic.class)
                    .inNamespace(NS)
                    .withName(NAME)
                    .delete();
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.get(Topic.class, NS, NAME).isEmpty());
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(
                            () -> assertThat(admin.listTopics().names().get()).doesNotContain(KAFKA_TOPIC));
            ExecResult list = cluster.exec(
                    NS,
                    pod,
                    "kafka-topics.sh",
                    "--bootstrap-server",
                    ScenarioSupport.podClientAddress(NS, CLUSTER, pod),
                    "--list");
            assertThat(list.stdoutOrThrow().lines()).doesNotContain(KAFKA_TOPIC);
        }
    }

    private static Topic awaitTopicReady(TestCluster cluster) {
        Topic ready = awaitTopic(cluster, "Ready=True at the current generation", ScenarioSupport::isReadyAtGeneration);
        Kstatus.assertVerdict(ready, Kstatus.CURRENT);
        return ready;
    }

    private static Topic awaitTopic(TestCluster cluster, String what, java.util.function.Predicate<Topic> condition) {
        AtomicReference<Topic> matching = new AtomicReference<>();
        await().atMost(cluster.patience()).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Topic topic = cluster.get(Topic.class, NS, NAME).orElseThrow();
            assertThat(condition.test(topic))
                    .as(
                            "Topic %s/%s %s; status: %s",
                            NS,
                            NAME,
                            what,
                            topic.getStatus() == null ? null : topic.getStatus().getConditions())
                    .isTrue();
            matching.set(topic);
        });
        return matching.get();
    }

    private static boolean isAtGeneration(Topic topic) {
        return topic.getStatus() != null
                && topic.getMetadata().getGeneration().equals(topic.getStatus().getObservedGeneration());
    }

    private static void edit(TestCluster cluster, java.util.function.Consumer<Topic> change) {
        cluster.edit(Topic.class, NS, NAME, t -> {
            change.accept(t);
            return t;
        });
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(Set.of(KAFKA_TOPIC)).allTopicNames().get().get(KAFKA_TOPIC);
    }

    /** The topic's dynamic (topic-level) config as Kafka reports it. */
    private static Map<String, String> topicConfig(Admin admin) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, KAFKA_TOPIC);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.entries().stream()
                .filter(e -> e.source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(java.util.stream.Collectors.toMap(e -> e.name(), e -> e.value()));
    }

    /** {@code kafka-topics.sh --describe} of the topic, run inside broker pod {@code pod} against its own listener. */
    private static String kafkaTopicsDescribe(TestCluster cluster, String pod) {
        return cluster.exec(
                        NS,
                        pod,
                        "kafka-topics.sh",
                        "--bootstrap-server",
                        ScenarioSupport.podClientAddress(NS, CLUSTER, pod),
                        "--describe",
                        "--topic",
                        KAFKA_TOPIC)
                .stdoutOrThrow();
    }

    /** The "Configs:" part of the summary line of {@code kafka-topics.sh --describe}. */
    private static String configsLine(String described) {
        String summary = described
                .lines()
                .filter(l -> l.contains("PartitionCount:"))
                .findFirst()
                .orElseThrow();
        return summary.substring(summary.indexOf("Configs:"));
    }
}
