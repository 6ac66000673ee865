package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * S11 rack awareness, on three nodes in three zones: a KafkaCluster with {@code brokers.rackTopologyKey:
 * topology.kubernetes.io/zone} puts its three brokers on three nodes, each broker's {@code broker.rack} is the zone of
 * the node its pod runs on (as Kafka reports it), and a topic with replication factor 3 has each partition's
 * replicas in three different racks. A ConsumerGroup applied before that cluster is observed once it is Ready.
 */
class S11RackAwarenessIT {
    private static final String NS = "s11";
    private static final String NAME = "racks";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String SECRET_KEY = "delegation.token.secret.key";
    private static final String SECRET_VALUE = "s11-Delegation-Token-Key";
    private static final String EARLY_GROUP_YAML = """
            apiVersion: krafter.dev/v1alpha1
            kind: ConsumerGroup
            metadata:
              name: s11-early
            spec:
              clusterRef:
                name: racks
              groupId: s11-early
            """;

    @Test
    void brokersTakeTheirNodesZonesAsRacksAndReplicasSpreadOverThem() throws Exception {
        TestCluster cluster = ScenarioClusters.cluster();
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        resource.getSpec().getBrokers().setRackTopologyKey(ZONE);
        // A password-type broker setting taken from a Secret (spec.brokers.secretConfig): the key that turns on
        // delegation tokens, the same on every node (in combined mode the brokers are the controllers too).
        resource.getSpec()
                .getBrokers()
                .setSecretConfig(List.of(new SecretConfig(SECRET_KEY, "s11-passwords", "delegation-token-key")));
        // A ConsumerGroup applied before its cluster (as `kubectl apply -f dir/` does, alphabetically) is observed as
        // soon as the cluster is Ready, not hours later.
        cluster.apply(EARLY_GROUP_YAML, NS);
        cluster.client()
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("s11-passwords")
                        .withNamespace(NS)
                        .endMetadata()
                        .addToStringData("delegation-token-key", SECRET_VALUE)
                        .build())
                .serverSideApply();
        ScenarioSupport.createFreshReadyCluster(cluster, resource);
        try {
            // Only an observation of the group in Kafka sets status.lagStatus, and Ready's reason GroupNotFound
            // (Kafka knows no group s11-early: nothing ever joined or committed).
            ConsumerGroup observed = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> cluster.get(ConsumerGroup.class, NS, "s11-early")
                                    .orElseThrow(),
                            g -> g.getStatus() != null && g.getStatus().getLagStatus() != null);
            assertThat(observed.getStatus().getLagStatus()).isEqualTo(ConsumerGroupStatus.LagStatus.NOT_FOUND);
            assertThat(ScenarioSupport.condition(observed, Conditions.READY).map(Condition::getReason))
                    .as("the group applied before its cluster, once the cluster is Ready")
                    .isEqualTo(Optional.of("GroupNotFound"));

            Map<Integer, String> zoneOfBroker = new HashMap<>();
            for (Pod pod : ScenarioSupport.clusterPods(cluster, NS, NAME)) {
                String nodeName = pod.getSpec().getNodeName();
                io.fabric8.kubernetes.api.model.Node node =
                        cluster.client().nodes().withName(nodeName).require();
                String name = pod.getMetadata().getName();
                zoneOfBroker.put(
                        Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)),
                        node.getMetadata().getLabels().get(ZONE));
            }
            assertThat(new HashSet<>(zoneOfBroker.values()))
                    .as("zones of the nodes the brokers run on: %s", zoneOfBroker)
                    .hasSize(3)
                    .doesNotContainNull();

            try (Admin admin = ScenarioSupport.admin(cluster.bootstrapAddress(NS, NAME, null))) {
                Map<Integer, String> rackOfBroker = new HashMap<>();
                for (org.apache.kafka.common.Node broker :
                        admin.describeCluster().nodes().get()) {
                    rackOfBroker.put(broker.id(), broker.rack());
                }
                assertThat(rackOfBroker).as("broker.rack as Kafka reports it").isEqualTo(zoneOfBroker);

                // The brokers run with the Secret's value: Kafka reports the key as set in its static config
                // (sensitive, so without the value), each pod's generated server.properties holds it, and the
                // ConfigMap the operator wrote does not.
                for (int broker : rackOfBroker.keySet()) {
                    ConfigResource brokerConfig =
                            new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
                    ConfigEntry entry = admin.describeConfigs(List.of(brokerConfig))
                            .all()
                            .get()
                            .get(brokerConfig)
                            .get(SECRET_KEY);
                    assertThat(entry.source())
                            .as("source of %s on broker %d", SECRET_KEY, broker)
                            .isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
                    assertThat(entry.isSensitive()).isTrue();
                }
                for (Pod pod : ScenarioSupport.clusterPods(cluster, NS, NAME)) {
                    assertThat(cluster.exec(NS, pod.getMetadata().getName(), "cat", "/tmp/kafka/server.properties")
                                    .stdoutOrThrow())
                            .as(
                                    "generated server.properties of %s",
                                    pod.getMetadata().getName())
                            .contains(SECRET_KEY + "=" + SECRET_VALUE);
                }
                assertThat(cluster.client()
                                .configMaps()
                                .inNamespace(NS)
                                .list()
                                .getItems()
                                .toString())
                        .doesNotContain(SECRET_VALUE);

                ScenarioSupport.createTopics(admin, new NewTopic("s11-spread", 6, (short) 3));
                TopicDescription topic = admin.describeTopics(Set.of("s11-spread"))
                        .allTopicNames()
                        .get()
                        .get("s11-spread");
                assertThat(topic.partitions())
                        .allSatisfy(p -> assertThat(p.replicas().stream()
                                        .map(r -> rackOfBroker.get(r.id()))
                                        .distinct()
                                        .count())
                                .as("racks of the replicas of partition %d: %s", p.partition(), p.replicas())
                                .isEqualTo(3));
            }
        } finally {
            cluster.client()
                    .resources(ConsumerGroup.class)
                    .inNamespace(NS)
                    .withName("s11-early")
                    .delete();
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }
}
