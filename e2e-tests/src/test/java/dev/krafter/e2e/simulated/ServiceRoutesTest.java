package dev.krafter.e2e.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.e2e.simulated.ServiceRoutes.Address;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceRoutesTest {
    private static final String NODE = "172.30.0.1";

    @Test
    void aNodePortServiceIsForwardedFromTheNodeToTheTargetPortOfReadySelectedPods() {
        Service service = service("NodePort", false, 31000, null);
        List<Pod> pods = List.of(pod("kafka-0", "10.0.0.10", true, "ns"), pod("kafka-1", "10.0.0.11", false, "ns"),
                pod("kafka-2", "10.0.0.12", true, "other"), new PodBuilder(pod("kafka-3", "10.0.0.13", true, "ns"))
                        .editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build(),
                new PodBuilder(pod("web-0", "10.0.0.20", true, "ns")).editMetadata().addToLabels("app", "web").endMetadata().build());

        assertThat(ServiceRoutes.of(List.of(service), pods, NODE))
                .isEqualTo(Map.of(new Address(NODE, 31000), List.of(new Address("10.0.0.10", 19094))));
    }

    @Test
    void publishNotReadyAddressesKeepsNotReadyPodsAsEndpoints() {
        Service service = service("NodePort", true, 31000, null);
        assertThat(ServiceRoutes.of(List.of(service), List.of(pod("kafka-1", "10.0.0.11", false, "ns")), NODE))
                .containsEntry(new Address(NODE, 31000), List.of(new Address("10.0.0.11", 19094)));
    }

    @Test
    void aLoadBalancerIsForwardedOnItsAddressOnceItHasOneAndOnItsNodePort() {
        List<Pod> pods = List.of(pod("kafka-0", "10.0.0.10", true, "ns"));
        assertThat(ServiceRoutes.of(List.of(service("LoadBalancer", false, 31001, null)), pods, NODE).keySet())
                .containsExactly(new Address(NODE, 31001));
        assertThat(ServiceRoutes.of(List.of(service("LoadBalancer", false, 31001, "127.0.7.1")), pods, NODE))
                .containsEntry(new Address("127.0.7.1", 9094), List.of(new Address("10.0.0.10", 19094)))
                .containsEntry(new Address(NODE, 31001), List.of(new Address("10.0.0.10", 19094)));
    }

    @Test
    void clusterIpServicesAndPortsWithoutANodePortAreNotForwarded() {
        List<Pod> pods = List.of(pod("kafka-0", "10.0.0.10", true, "ns"));
        assertThat(ServiceRoutes.of(List.of(service("ClusterIP", false, null, null), service("NodePort", false, null, null)),
                pods, NODE)).isEmpty();
    }

    private static Service service(String type, boolean notReadyToo, Integer nodePort, String balancerIp) {
        ServiceBuilder builder = new ServiceBuilder().withNewMetadata().withName("kafka-ext").withNamespace("ns").endMetadata()
                .withNewSpec().withType(type).withPublishNotReadyAddresses(notReadyToo).addToSelector("app", "kafka")
                .addNewPort().withName("ext").withPort(9094).withTargetPort(new IntOrString(19094)).withNodePort(nodePort)
                .endPort().endSpec();
        if (balancerIp != null) {
            builder.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(balancerIp).endIngress().endLoadBalancer().endStatus();
        }
        return builder.build();
    }

    private static Pod pod(String name, String ip, boolean ready, String namespace) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", "kafka").endMetadata()
                .withNewSpec().addNewContainer().withName("kafka").endContainer().endSpec()
                .withNewStatus().withPodIP(ip).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }
}
