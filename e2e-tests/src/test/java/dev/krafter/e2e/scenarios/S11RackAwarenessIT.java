package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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
        // A ConsumerGroup applied before its cluster (as `kubectl apply -f dir/` does, alphabetically) is observed as
        // soon as the cluster is Ready, not hours later.
        cluster.apply(EARLY_GROUP_YAML, NS);
        ScenarioSupport.createFreshReadyCluster(cluster, resource);
        try {
            Instant ready = Instant.now();
            ConsumerGroup observed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.get(ConsumerGroup.class, NS, "s11-early").orElseThrow(),
                            g -> g.getStatus() != null && g.getStatus().getLastObservedAt() != null
                                    && Instant.parse(g.getStatus().getLastObservedAt()).isAfter(ready.minusSeconds(30)));
            assertThat(ScenarioSupport.condition(observed, Conditions.READY).map(Condition::getReason))
                    .as("the group applied before its cluster, once the cluster is Ready")
                    .isNotEqualTo(Optional.of(Reasons.CLUSTER_NOT_FOUND));

            Map<Integer, String> zoneOfBroker = new HashMap<>();
            for (Pod pod : ScenarioSupport.clusterPods(cluster, NS, NAME)) {
                String nodeName = pod.getSpec().getNodeName();
                io.fabric8.kubernetes.api.model.Node node = cluster.client().nodes().withName(nodeName).require();
                String name = pod.getMetadata().getName();
                zoneOfBroker.put(Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)),
                        node.getMetadata().getLabels().get(ZONE));
            }
            assertThat(new HashSet<>(zoneOfBroker.values())).as("zones of the nodes the brokers run on: %s", zoneOfBroker)
                    .hasSize(3).doesNotContainNull();

            try (Admin admin = ScenarioSupport.admin(cluster.bootstrapAddress(NS, NAME, null))) {
                Map<Integer, String> rackOfBroker = new HashMap<>();
                for (org.apache.kafka.common.Node broker : admin.describeCluster().nodes().get()) {
                    rackOfBroker.put(broker.id(), broker.rack());
                }
                assertThat(rackOfBroker).as("broker.rack as Kafka reports it").isEqualTo(zoneOfBroker);

                admin.createTopics(List.of(new NewTopic("s11-spread", 6, (short) 3))).all().get();
                TopicDescription topic = admin.describeTopics(Set.of("s11-spread")).allTopicNames().get().get("s11-spread");
                assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas().stream()
                        .map(r -> rackOfBroker.get(r.id())).distinct().count())
                        .as("racks of the replicas of partition %d: %s", p.partition(), p.replicas()).isEqualTo(3));
            }
        } finally {
            cluster.client().resources(ConsumerGroup.class).inNamespace(NS).withName("s11-early").delete();
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }
}
