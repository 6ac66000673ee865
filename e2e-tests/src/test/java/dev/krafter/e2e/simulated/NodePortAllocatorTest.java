package dev.krafter.e2e.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodePortAllocatorTest {
    @Test
    void givesEveryPortWithoutOneAFreeNodePortInTheRange() {
        ObjectNode service = json(service("NodePort", null, null));
        assertThat(NodePortAllocator.allocate(service, null, Set.of(30000, 30002))).isEmpty();
        assertThat(nodePorts(service)).containsExactly(30001, 30003);
    }

    @Test
    void loadBalancerServicesGetNodePortsTooClusterIpServicesNone() {
        ObjectNode balanced = json(service("LoadBalancer", null, null));
        NodePortAllocator.allocate(balanced, null, Set.of());
        assertThat(nodePorts(balanced)).containsExactly(30000, 30001);

        ObjectNode internal = json(service("ClusterIP", null, null));
        assertThat(NodePortAllocator.allocate(internal, null, Set.of())).isEmpty();
        assertThat(nodePorts(internal)).containsExactly(0, 0);
    }

    @Test
    void aReplaceWithoutNodePortsKeepsTheAllocatedOnes() {
        JsonNode stored = json(service("NodePort", 31000, 31001));
        ObjectNode replacement = json(service("NodePort", null, null));
        assertThat(NodePortAllocator.allocate(replacement, stored, Set.of(30000))).isEmpty();
        assertThat(nodePorts(replacement)).containsExactly(31000, 31001);
        assertThat(NodePortAllocator.held(replacement)).containsExactlyInAnyOrder(31000, 31001);
    }

    @Test
    void anAllocatedOrOutOfRangePortIsRefused() {
        assertThat(NodePortAllocator.allocate(json(service("NodePort", 30500, null)), null, Set.of(30500)))
                .containsExactly("spec.ports[0].nodePort: Invalid value: 30500: provided port is already allocated");
        assertThat(NodePortAllocator.allocate(json(service("NodePort", null, 8080)), null, Set.of()))
                .containsExactly("spec.ports[1].nodePort: Invalid value: 8080: provided port is not in the valid range."
                        + " The range of valid ports is 30000-32767");
    }

    static Service service(String type, Integer first, Integer second) {
        return new ServiceBuilder().withNewMetadata().withName("s").withNamespace("ns").endMetadata()
                .withNewSpec().withType(type)
                .addNewPort().withName("a").withPort(9094).withNodePort(first).endPort()
                .addNewPort().withName("b").withPort(9095).withNodePort(second).endPort()
                .endSpec().build();
    }

    private static ObjectNode json(Service service) {
        return Serialization.jsonMapper().valueToTree(service);
    }

    private static List<Integer> nodePorts(JsonNode service) {
        return List.of(service.path("spec").path("ports").get(0).path("nodePort").asInt(0),
                service.path("spec").path("ports").get(1).path("nodePort").asInt(0));
    }
}
