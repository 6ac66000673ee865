package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterSpec;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.e2e.support.Kstatus;
import dev.krafter.group.GroupReasons;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * S8 bad input, on the shared demo cluster: every example in examples/invalid is either refused by the API server
 * (schema validation: 422 with the schema's message; an unknown field: 400, strict decoding) or accepted and given a
 * condition whose message says what to change; so are a Topic naming a missing cluster, a Topic whose config Kafka rejects (Kafka's message in the
 * condition), a ConsumerGroup with an invalid reset, and invalid changes to the running demo cluster (Stalled, its pods
 * untouched, Ready again once reverted). Meanwhile the operator keeps reconciling: a valid Topic created last becomes
 * Ready.
 */
class S8BadInputIT {
    private static final String NS = ScenarioClusters.DEMO_NAMESPACE;
    private static final String CLUSTER = ScenarioClusters.DEMO_NAME;
    private static final Path INVALID = E2eEnvironment.repoRoot().resolve("examples/invalid");

    /** One file of examples/invalid: who rejects it ("schema" or "operator") and what the message says. */
    record InvalidExample(Path file, String rejectedBy, String expect) {
        static InvalidExample read(Path file) {
            try {
                String text = Files.readString(file);
                return new InvalidExample(file, header(text, "rejected-by", "# "), header(text, "expect", "# "));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The example's own name for its resource, replaced by the file's name so examples do not replace each other. */
        String name() {
            return file.getFileName().toString().replace(".yaml", "");
        }

        String kind() {
            return header(text(), "kind", "");
        }

        /** The YAML as written (so a misspelled field reaches the API server), renamed to {@link #name()}. */
        String yaml() {
            return text().replaceFirst("(?m)^  name: .+$", "  name: " + name());
        }

        private String text() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String header(String text, String key, String prefix) {
            return text.lines()
                    .filter(l -> l.startsWith(prefix + key + ": "))
                    .findFirst()
                    .map(l -> l.substring((prefix + key + ": ").length()).trim())
                    .orElseThrow(() -> new IllegalStateException("no '" + prefix + key + ":' line"));
        }
    }

    @Test
    void invalidInputIsRefusedOrExplainedAndTheOperatorKeepsWorking() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        KafkaCluster demo = ScenarioClusters.readyDemo(cluster);
        List<HasMetadata> accepted = new ArrayList<>();
        try {
            List<InvalidExample> examples;
            try (Stream<Path> files = Files.list(INVALID)) {
                examples = files.filter(p -> p.toString().endsWith(".yaml"))
                        .sorted()
                        .map(InvalidExample::read)
                        .toList();
            }
            assertThat(examples)
                    .extracting(InvalidExample::rejectedBy)
                    .containsOnly("schema", "operator")
                    .contains("schema", "operator");
            for (InvalidExample example : examples) {
                if (example.rejectedBy().equals("schema")) {
                    assertRefusedBySchema(cluster, example);
                } else {
                    accepted.addAll(cluster.apply(example.yaml(), NS));
                }
            }
            for (InvalidExample example : examples.stream()
                    .filter(e -> e.rejectedBy().equals("operator"))
                    .toList()) {
                Class<? extends CustomResource<?, ? extends KrafterStatus>> type = typeOf(example.kind());
                Condition stalled = awaitCondition(cluster, type, example.name(), Conditions.STALLED);
                assertThat(stalled.getReason()).as(example.file().toString()).isEqualTo(Reasons.INVALID_SPEC);
                assertThat(stalled.getMessage()).as(example.file().toString()).contains(example.expect());
                assertNotReady(cluster, type, example.name(), Reasons.INVALID_SPEC);
                if (type == KafkaCluster.class) {
                    // Nothing half-done: an invalid cluster gets no pods.
                    assertThat(ScenarioSupport.clusterPods(cluster, NS, example.name()))
                            .isEmpty();
                }
            }

            kafkaInternalTopicSurvivesItsTopicResource(cluster);
            autoscaleNeverTouchesTheBrokers(cluster, accepted);
            outOfRangeIntegersAreRefusedBeforeTheOperatorSeesThem(cluster);

            // A Topic naming a cluster that does not exist: not Ready, saying which cluster is missing.
            accepted.add(cluster.apply(topic("s8-no-cluster", "nowhere", Map.of()), NS));
            Condition missing = awaitCondition(cluster, Topic.class, "s8-no-cluster", Conditions.READY);
            assertThat(missing.getStatus()).isEqualTo("False");
            assertThat(missing.getReason()).isEqualTo(Reasons.CLUSTER_NOT_FOUND);
            assertThat(missing.getMessage()).contains("KafkaCluster nowhere does not exist in namespace " + NS);

            // A Topic whose config Kafka rejects (each value valid, the pair not: values Kafka's ConfigDef refuses are
            // refused by the operator up front, see examples/invalid): Stalled with Kafka's own message; nothing is
            // created in Kafka.
            accepted.add(cluster.apply(
                    topic(
                            "s8-bad-retention",
                            CLUSTER,
                            Map.of("min.compaction.lag.ms", "10000", "max.compaction.lag.ms", "5000")),
                    NS));
            Condition rejected = awaitCondition(cluster, Topic.class, "s8-bad-retention", Conditions.STALLED);
            assertThat(rejected.getReason()).isEqualTo("KafkaRejected");
            assertThat(rejected.getMessage())
                    .contains("Kafka refused to make topic s8-bad-retention match the spec")
                    .contains("min.compaction.lag.ms (10000) > max.compaction.lag.ms (5000)");
            assertNotReady(cluster, Topic.class, "s8-bad-retention", "KafkaRejected");
            try (Admin admin = ScenarioSupport.admin(cluster.bootstrapAddress(NS, CLUSTER, null))) {
                assertThat(admin.listTopics().names().get()).doesNotContain("s8-bad-retention");
            }

            // A ConsumerGroup asking for a reset the operator cannot read.
            ConsumerGroup group = Serialization.unmarshal("""
                    apiVersion: krafter.dev/v1alpha1
                    kind: ConsumerGroup
                    metadata:
                      name: s8-bad-shift
                    spec:
                      clusterRef:
                        name: demo
                      offsetReset:
                        id: back-a-bit
                        to: shiftBy
                        value: a-few
                    """, ConsumerGroup.class);
            accepted.add(cluster.apply(group, NS));
            Condition badReset = awaitCondition(cluster, ConsumerGroup.class, "s8-bad-shift", Conditions.STALLED);
            assertThat(badReset.getReason()).isEqualTo(Reasons.INVALID_SPEC);
            assertThat(badReset.getMessage()).contains("spec.offsetReset.value must be a signed number of messages");

            // Invalid changes to the running demo cluster: Stalled, pods untouched; reverted: Ready again.
            Map<String, String> pods = ScenarioSupport.podIncarnations(cluster, NS, CLUSTER);
            assertThat(pods).hasSize(3);
            invalidChangeToDemo(
                    cluster,
                    spec -> spec.getControllers().setReplicas(5),
                    pods,
                    "spec.controllers.replicas (5) cannot exceed spec.brokers.replicas (3) in combined mode");
            invalidChangeToDemo(
                    cluster,
                    spec -> {
                        ListenerSpec secure = new ListenerSpec();
                        secure.setName("secure");
                        secure.setPort(9093);
                        secure.setAuthentication(ListenerSpec.Authentication.TLS);
                        List<ListenerSpec> listeners =
                                new ArrayList<>(spec.getListeners() == null ? List.of() : spec.getListeners());
                        listeners.add(secure);
                        spec.setListeners(listeners);
                    },
                    pods,
                    "listener 'secure' asks for authentication: tls (client certificates), which needs TLS");

            // The operator was not wedged by any of it: a valid Topic created last becomes Ready.
            cluster.apply(topic("s8-valid-last", CLUSTER, Map.of("retention.ms", 3_600_000)), NS);
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(
                                    ScenarioSupport.isReadyAtGeneration(cluster.get(Topic.class, NS, "s8-valid-last")
                                            .orElseThrow()))
                            .isTrue());
            try (Admin admin = ScenarioSupport.admin(cluster.bootstrapAddress(NS, CLUSTER, null))) {
                assertThat(admin.listTopics().names().get()).contains("s8-valid-last");
            }
            accepted.add(cluster.get(Topic.class, NS, "s8-valid-last").orElseThrow());
        } finally {
            restoreDemo(cluster, demo.getSpec());
            // Every accepted invalid resource can be deleted: no finalizer wedges on bad input.
            for (HasMetadata resource : accepted) {
                cluster.client()
                        .resources(typeOf(resource))
                        .inNamespace(NS)
                        .withName(resource.getMetadata().getName())
                        .delete();
            }
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(accepted.stream()
                                    .filter(r -> cluster.get(
                                                    typeOf(r),
                                                    NS,
                                                    r.getMetadata().getName())
                                            .isPresent())
                                    .map(r ->
                                            r.getKind() + " " + r.getMetadata().getName())
                                    .toList())
                            .isEmpty());
        }
    }

    /**
     * A Topic resource for {@code __consumer_offsets} (refused by the operator) is deleted: Kafka keeps the topic, with
     * the same id, and a group's committed offsets stay.
     */
    private static void kafkaInternalTopicSurvivesItsTopicResource(TestCluster cluster) throws Exception {
        String internal = "topic-kafka-internal";
        assertThat(cluster.get(Topic.class, NS, internal))
                .as("the Topic of examples/invalid/%s.yaml", internal)
                .isPresent();
        try (Admin admin = ScenarioSupport.admin(cluster.bootstrapAddress(NS, CLUSTER, null))) {
            ScenarioSupport.createTopicIfMissing(admin, new NewTopic("s8-offsets", 1, (short) 3));
            Map<TopicPartition, OffsetAndMetadata> committed =
                    Map.of(new TopicPartition("s8-offsets", 0), new OffsetAndMetadata(0));
            admin.alterConsumerGroupOffsets("s8-offsets-kept", committed).all().get();
            Uuid offsetsTopicId = admin.describeTopics(Set.of("__consumer_offsets"))
                    .allTopicNames()
                    .get()
                    .get("__consumer_offsets")
                    .topicId();

            cluster.client()
                    .resources(Topic.class)
                    .inNamespace(NS)
                    .withName(internal)
                    .delete();
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.get(Topic.class, NS, internal).isEmpty());
            assertThat(admin.describeTopics(Set.of("__consumer_offsets"))
                            .allTopicNames()
                            .get()
                            .get("__consumer_offsets")
                            .topicId())
                    .as("__consumer_offsets after its Topic resource was deleted")
                    .isEqualTo(offsetsTopicId);
            assertThat(admin.listConsumerGroupOffsets("s8-offsets-kept")
                            .partitionsToOffsetAndMetadata()
                            .get())
                    .as("a group's committed offsets after the Topic for __consumer_offsets was deleted")
                    .isEqualTo(committed);
        }
    }

    /** A ConsumerGroup whose autoscale targets the broker StatefulSet is Stalled; the brokers stay at 3. */
    private static void autoscaleNeverTouchesTheBrokers(TestCluster cluster, List<HasMetadata> accepted) {
        String statefulSet = ClusterNames.brokers(CLUSTER);
        accepted.addAll(cluster.apply("""
                apiVersion: krafter.dev/v1alpha1
                kind: ConsumerGroup
                metadata:
                  name: s8-scale-brokers
                spec:
                  clusterRef:
                    name: %s
                  groupId: s8-scale-brokers
                  autoscale:
                    targetRef:
                      apiVersion: apps/v1
                      kind: StatefulSet
                      name: %s
                    minReplicas: 1
                    maxReplicas: 1
                    lagPerReplica: 1
                """.formatted(CLUSTER, statefulSet), NS));
        Condition stalled = awaitCondition(cluster, ConsumerGroup.class, "s8-scale-brokers", Conditions.STALLED);
        assertThat(stalled.getReason()).isEqualTo(GroupReasons.SCALE_TARGET_REFUSED);
        assertThat(stalled.getMessage()).contains(statefulSet);
        assertThat(cluster.client()
                        .apps()
                        .statefulSets()
                        .inNamespace(NS)
                        .withName(statefulSet)
                        .get()
                        .getSpec()
                        .getReplicas())
                .as("replicas of the broker StatefulSet")
                .isEqualTo(3);
    }

    /** An integer the operator's model cannot hold is refused by the schema: it never reaches the operator. */
    private static void outOfRangeIntegersAreRefusedBeforeTheOperatorSeesThem(TestCluster cluster) {
        assertThatThrownBy(() -> cluster.apply("""
                apiVersion: krafter.dev/v1alpha1
                kind: ConsumerGroup
                metadata:
                  name: s8-cooldown
                spec:
                  clusterRef:
                    name: %s
                  groupId: s8-cooldown
                  autoscale:
                    targetRef:
                      apiVersion: apps/v1
                      kind: Deployment
                      name: consumers
                    maxReplicas: 2
                    cooldownSeconds: 3000000000
                """.formatted(CLUSTER), NS))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage())
                            .contains("spec.autoscale.cooldownSeconds")
                            .contains("should be less than or equal to 2147483647");
                });
    }

    private static void assertRefusedBySchema(TestCluster cluster, InvalidExample example) {
        assertThatThrownBy(() -> cluster.apply(example.yaml(), NS))
                .as("%s is refused by the schema", example.file())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    // The schema refuses a value with 422 Invalid; an unknown field fails strict decoding (the
                    // fieldValidation=Strict that kubectl and Apply ask for) with 400 BadRequest.
                    assertThat(e.getCode()).isIn(400, 422);
                    assertThat(e.getMessage())
                            .contains(
                                    e.getCode() == 422
                                            ? example.kind() + ".krafter.dev \"" + example.name() + "\" is invalid"
                                            : example.kind() + " in version \"v1alpha1\" cannot be handled as a "
                                                    + example.kind() + ": strict decoding error")
                            .contains(example.expect());
                });
        assertThat(cluster.get(typeOf(example.kind()), NS, example.name())).isEmpty();
    }

    /** Applies {@code change} to the demo cluster: Stalled with {@code expect}, pods untouched; then reverts it. */
    private static void invalidChangeToDemo(
            TestCluster cluster, Consumer<KafkaClusterSpec> change, Map<String, String> pods, String expect) {
        KafkaClusterSpec original =
                cluster.get(KafkaCluster.class, NS, CLUSTER).orElseThrow().getSpec();
        KafkaCluster changed = cluster.edit(KafkaCluster.class, NS, CLUSTER, c -> {
            change.accept(c.getSpec());
            return c;
        });
        await().atMost(cluster.patience()).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            KafkaCluster now = cluster.get(KafkaCluster.class, NS, CLUSTER).orElseThrow();
            assertThat(now.getStatus().getObservedGeneration())
                    .isEqualTo(changed.getMetadata().getGeneration());
            Condition stalled =
                    ScenarioSupport.condition(now, Conditions.STALLED).orElseThrow();
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo(Reasons.INVALID_SPEC);
            assertThat(stalled.getMessage()).contains(expect);
            assertThat(ScenarioSupport.condition(now, Conditions.READY)
                            .orElseThrow()
                            .getStatus())
                    .isEqualTo("False");
        });
        assertThat(ScenarioSupport.podIncarnations(cluster, NS, CLUSTER)).isEqualTo(pods);
        restoreDemo(cluster, original);
        ScenarioSupport.awaitReady(cluster, NS, CLUSTER, cluster.patience());
        assertThat(ScenarioSupport.podIncarnations(cluster, NS, CLUSTER)).isEqualTo(pods);
    }

    private static void restoreDemo(TestCluster cluster, KafkaClusterSpec spec) {
        cluster.edit(KafkaCluster.class, NS, CLUSTER, c -> {
            c.setSpec(spec);
            return c;
        });
    }

    private static Topic topic(String name, String clusterName, Map<String, Object> config) {
        Topic topic = ScenarioSupport.topic(name, clusterName, 3, 3);
        topic.getSpec().getConfig().putAll(config);
        return topic;
    }

    private static Class<? extends CustomResource<?, ? extends KrafterStatus>> typeOf(HasMetadata resource) {
        return typeOf(resource.getKind());
    }

    private static Class<? extends CustomResource<?, ? extends KrafterStatus>> typeOf(String kind) {
        return switch (kind) {
            case "KafkaCluster" -> KafkaCluster.class;
            case "Topic" -> Topic.class;
            case "ConsumerGroup" -> ConsumerGroup.class;
            case "KafkaUser" -> KafkaUser.class;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Waits until the resource has condition {@code type} True (Ready: any status) at its current generation. */
    private static Condition awaitCondition(
            TestCluster cluster,
            Class<? extends CustomResource<?, ? extends KrafterStatus>> type,
            String name,
            String conditionType) {
        AtomicReference<CustomResource<?, ? extends KrafterStatus>> matching = new AtomicReference<>();
        await().atMost(cluster.patience()).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            // Assertions, not exceptions: whatever is still missing is waited for (an exception ends the wait at once).
            Optional<? extends CustomResource<?, ? extends KrafterStatus>> found = cluster.get(type, NS, name);
            assertThat(found).as("%s %s", type.getSimpleName(), name).isPresent();
            CustomResource<?, ? extends KrafterStatus> resource = found.get();
            assertThat(resource.getStatus())
                    .as("%s %s has a status", type.getSimpleName(), name)
                    .isNotNull();
            assertThat(resource.getStatus().getObservedGeneration())
                    .isEqualTo(resource.getMetadata().getGeneration());
            Optional<Condition> present = ScenarioSupport.condition(resource, conditionType);
            assertThat(present)
                    .as(
                            "%s %s condition %s; status: %s",
                            type.getSimpleName(), name, conditionType, resource.getStatus())
                    .isPresent();
            Condition condition = present.get();
            if (!conditionType.equals(Conditions.READY)) {
                assertThat(condition.getStatus())
                        .as(
                                "%s %s %s; conditions: %s",
                                type.getSimpleName(),
                                name,
                                conditionType,
                                resource.getStatus().getConditions())
                        .isEqualTo("True");
            }
            matching.set(resource);
        });
        if (conditionType.equals(Conditions.STALLED)) {
            Kstatus.assertVerdict(matching.get(), Kstatus.FAILED);
        }
        return ScenarioSupport.condition(matching.get(), conditionType).orElseThrow();
    }

    private static void assertNotReady(
            TestCluster cluster,
            Class<? extends CustomResource<?, ? extends KrafterStatus>> type,
            String name,
            String reason) {
        Condition ready = ScenarioSupport.condition(cluster.get(type, NS, name).orElseThrow(), Conditions.READY)
                .orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(reason);
    }
}
