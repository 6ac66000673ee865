package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateNamesTest {
    @Test
    void anInternalBrokerIsNamedByItsPodAndTheBootstrapServiceShortAndQualified() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        assertThat(CertificateNames.broker(topology, 1, name -> null, Set.of()))
                .containsExactly(
                        "demo-bootstrap",
                        "demo-bootstrap.ns",
                        "demo-bootstrap.ns.svc",
                        "demo-bootstrap.ns.svc.cluster.local",
                        "demo-broker-1.demo-nodes",
                        "demo-broker-1.demo-nodes.ns",
                        "demo-broker-1.demo-nodes.ns.svc",
                        "demo-broker-1.demo-nodes.ns.svc.cluster.local");
    }

    @Test
    void externalAddressesJoinOnceKubernetesAssignedThem() {
        KafkaCluster resource = cluster("demo", 2, Mode.DEDICATED, 1);
        resource.getSpec()
                .setListeners(List.of(
                        listener("lb", 9094, ListenerSpec.Type.LOADBALANCER),
                        listener("np", 9095, ListenerSpec.Type.NODEPORT)));
        ClusterTopology topology = ClusterTopology.of(resource);

        assertThat(CertificateNames.broker(topology, 0, name -> null, Set.of()))
                .as("before any address is known: only the Service names")
                .contains(
                        "demo-lb-bootstrap.ns.svc",
                        "demo-lb-0.ns.svc.cluster.local",
                        "demo-np-0",
                        "demo-np-bootstrap.ns")
                .noneMatch(n -> n.matches("[0-9.]+"));

        Map<String, Service> services = Map.of(
                "demo-lb-0", loadBalancer("demo-lb-0", "203.0.113.10", null),
                "demo-lb-bootstrap", loadBalancer("demo-lb-bootstrap", null, "kafka.example.com"));
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("demo-broker-0")
                .endMetadata()
                .withNewStatus()
                .withHostIP("192.168.1.20")
                .endStatus()
                .build();
        Pod other = new PodBuilder()
                .withNewMetadata()
                .withName("demo-broker-1")
                .endMetadata()
                .withNewStatus()
                .withHostIP("192.168.1.21")
                .endStatus()
                .build();
        assertThat(CertificateNames.broker(
                        topology, 0, services::get, CertificateNames.nodeAddresses(List.of(pod, other))))
                .contains("203.0.113.10", "kafka.example.com", "192.168.1.20")
                .as("the bootstrap node port on broker 1's node may hand the connection to broker 0")
                .contains("192.168.1.21")
                .doesNotContain("demo-lb-1");
        assertThat(CertificateNames.controller(topology, 0))
                .containsExactly(
                        "demo-controller-0.demo-nodes",
                        "demo-controller-0.demo-nodes.ns",
                        "demo-controller-0.demo-nodes.ns.svc",
                        "demo-controller-0.demo-nodes.ns.svc.cluster.local");
    }

    private static Service loadBalancer(String name, String ip, String hostname) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp(ip)
                .withHostname(hostname)
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build();
    }
}
