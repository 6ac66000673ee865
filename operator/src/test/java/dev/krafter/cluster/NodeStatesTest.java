package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeStatesTest {
    private static Pod pod(String name, String hash, boolean ready, Map<String, String> extra) {
        Map<String, String> annotations = new java.util.HashMap<>(extra);
        annotations.put("krafter.dev/template-hash", hash);
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewStatus()
                .withConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus(ready ? "True" : "False")
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void podsWithAnotherHashOrTheRestartAnnotationAreOutdatedAndMissingPodsAreNotReady() {
        KafkaCluster resource = cluster("demo", 4, Mode.COMBINED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        StatefulSet set = ClusterObjects.brokerStatefulSet(
                resource, topology, new ClusterObjects.NodeSetInputs("krafter/kafka:4.4.0", "id", 4, Map.of(), null));
        String hash = NodeStates.templateHash(set);
        ObservedCluster observed = new ObservedCluster(
                Optional.of(set),
                Optional.empty(),
                Optional.empty(),
                List.of(
                        pod("demo-broker-0", hash, true, Map.of()),
                        pod("demo-broker-1", "old", true, Map.of()),
                        pod("demo-broker-2", hash, true, Map.of("krafter.dev/restart", "now"))),
                Map.of());

        List<NodeState> nodes = NodeStates.of(topology, observed);
        assertThat(nodes)
                .extracting(NodeState::podName)
                .containsExactly("demo-broker-0", "demo-broker-1", "demo-broker-2", "demo-broker-3");
        assertThat(nodes).extracting(NodeState::outdated).containsExactly(false, true, true, false);
        assertThat(nodes).extracting(NodeState::podReady).containsExactly(true, true, true, false);
        assertThat(nodes).extracting(NodeState::controller).containsExactly(true, true, true, false);
        assertThat(nodes).allMatch(NodeState::broker);
        assertThat(nodes.get(2).outdatedReason()).contains("krafter.dev/restart");
    }

    @Test
    void configIsReadFromARegisteredUnfencedBrokerWhosePodIsReady() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        // Broker 0 just crashed: KRaft still counts it unfenced, but its pod has left Ready. Broker 1 is fenced.
        KafkaSnapshot snapshot = new KafkaSnapshot(
                Set.of(0, 1, 2), Set.of(1), OptionalInt.of(2), Set.of(0, 1, 2), Map.of(), "27", Set.of(0, 1, 2));
        List<Pod> pods = List.of(
                pod("demo-broker-0", "h", false, Map.of()),
                pod("demo-broker-1", "h", true, Map.of()),
                pod("demo-broker-2", "h", true, Map.of()));

        assertThat(NodeStates.configSource(snapshot, topology, pods)).hasValue(2);
        assertThat(NodeStates.configSource(snapshot, topology, pods.subList(0, 2)))
                .isEmpty();
    }
}
