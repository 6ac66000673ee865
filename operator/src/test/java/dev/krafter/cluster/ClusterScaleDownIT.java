package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.testing.FakeKubelet;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-down end to end on a real KRaft cluster (one controller, brokers 0-3): the operator drains broker 3 with the
 * reassignment facade, shrinks the StatefulSet, and once the pod is gone (the {@link FakeKubelet} test double stops
 * the Kafka broker it stands for) unregisters broker 3 from KRaft. No replica is lost on the way.
 */
class ClusterScaleDownIT {
    private static final String NS = "shrink";
    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestClusters.dedicatedController(4);
        admin = kafka.admin();
        KafkaTestClusters.createTopic(admin, new NewTopic("events", 8, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        env = OperatorTestEnvironment.start(OperatorConfig.defaults().withClusterResyncPeriod(Duration.ofSeconds(1)),
                cluster -> kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(env, admin, kafka);
    }

    private static Condition condition(String type) {
        KafkaCluster cluster = env.client().resources(KafkaCluster.class).inNamespace(NS).withName("kafka").get();
        return cluster == null || cluster.getStatus() == null ? null
                : Conditions.find(cluster.getStatus().getConditions(), type).orElse(null);
    }

    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            Condition ready = condition(Conditions.READY);
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).as(ready.getReason() + ": " + ready.getMessage()).isEqualTo("True");
        });
    }

    private static Set<Integer> registeredBrokers() throws Exception {
        Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes()
                .get(10, TimeUnit.SECONDS);
        return nodes.stream().map(Node::id).collect(Collectors.toSet());
    }

    @Test
    void removedBrokerIsDrainedThenShrunkThenUnregistered() throws Exception {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("kafka").withNamespace(NS).build());
        StorageSpec storage = new StorageSpec();
        storage.setType(StorageSpec.Type.EPHEMERAL);
        cluster.getSpec().getBrokers().setReplicas(4);
        cluster.getSpec().getBrokers().setStorage(storage);
        cluster.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
        cluster.getSpec().getControllers().setReplicas(1);
        cluster.getSpec().getControllers().setStorage(storage);
        env.client().resource(cluster).create();

        try (FakeKubelet kubelet = FakeKubelet.start(env.client(), NS, Duration.ofMillis(300))) {
            kubelet.onDeletion(pod -> {
                if (pod.equals("kafka-broker-3")) {
                    kafka.brokers().get(3).shutdown();
                }
            });
            awaitReady();
            assertThat(registeredBrokers()).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(replicasOn(3)).as("broker 3 hosts replicas before the scale-down").isPositive();

            for (int attempt = 1; ; attempt++) {
                try {
                    env.client().resources(KafkaCluster.class).inNamespace(NS).withName("kafka").edit(c -> {
                        c.getSpec().getBrokers().setReplicas(3);
                        return c;
                    });
                    break;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt == 10) {
                        throw e;
                    }
                }
            }

            await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
                assertThat(registeredBrokers()).as("broker 3 unregistered from KRaft").containsExactlyInAnyOrder(0, 1, 2);
                assertThat(env.client().apps().statefulSets().inNamespace(NS).withName("kafka-broker").get().getSpec()
                        .getReplicas()).isEqualTo(3);
            });
            awaitReady();
            assertThat(kubelet.deletions()).extracting(FakeKubelet.Deletion::pod).containsExactly("kafka-broker-3");
            for (TopicPartitionInfo partition : describe().partitions()) {
                assertThat(partition.replicas()).extracting(Node::id).as("partition %d", partition.partition())
                        .hasSize(3).doesNotContain(3);
                assertThat(partition.isr()).hasSize(3);
            }
            KafkaCluster after = env.client().resources(KafkaCluster.class).inNamespace(NS).withName("kafka").get();
            assertThat(after.getStatus().getBrokers().getIds()).containsExactly(0, 1, 2);
            assertThat(after.getStatus().getOperation()).isNull();
            assertThat(throttlesSet()).as("replication throttles left after the drain").isEmpty();
        }
    }

    /** Replication throttles set dynamically on the brokers or the topic ("broker 0: leader.replication...=..."). */
    private static List<String> throttlesSet() throws Exception {
        List<ConfigResource> resources = new ArrayList<>();
        for (int broker = 0; broker < 3; broker++) {
            resources.add(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker)));
        }
        resources.add(new ConfigResource(ConfigResource.Type.TOPIC, "events"));
        List<String> set = new ArrayList<>();
        admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS).forEach((resource, config) ->
                config.entries().stream()
                        .filter(e -> e.name().contains("replication.throttled"))
                        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                                || e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .forEach(e -> set.add(resource.name() + ": " + e.name() + "=" + e.value())));
        return set;
    }

    private static TopicDescription describe() throws Exception {
        return admin.describeTopics(List.of("events")).allTopicNames().get(10, TimeUnit.SECONDS).get("events");
    }

    private static long replicasOn(int broker) throws Exception {
        return describe().partitions().stream().filter(p -> p.replicas().stream().anyMatch(n -> n.id() == broker)).count();
    }
}
