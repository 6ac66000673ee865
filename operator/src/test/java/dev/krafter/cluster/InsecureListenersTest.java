package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsecureListenersTest {

    private static ClusterTopology topology(ListenerSpec... listeners) {
        KafkaCluster resource = cluster("c", 3, Mode.COMBINED, 3);
        resource.getSpec().setListeners(List.of(listeners));
        return ClusterTopology.of(resource);
    }

    @Test
    void anExternalListenerWithoutTlsAndAuthenticationSaysWhoCanDoWhat() {
        ListenerSpec open = listener("ext", 9094, ListenerSpec.Type.LOADBALANCER);
        assertThat(InsecureListeners.message(topology(open)))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("listener 'ext' (loadbalancer, port 9094)")
                        .contains("no TLS, so anyone who reaches its load balancer")
                        .contains("connects as User:ANONYMOUS and may do everything")
                        .contains("Set tls: true and authentication: tls or scram-sha-512"));
    }

    @Test
    void scramWithoutTlsOnANodePortIsReportedForTheMissingTlsOnly() {
        ListenerSpec scram = listener("np", 9094, ListenerSpec.Type.NODEPORT);
        scram.setAuthentication(ListenerSpec.Authentication.SCRAM_SHA_512);
        assertThat(InsecureListeners.message(topology(scram)))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("any Kubernetes node on its node ports")
                        .contains("no TLS")
                        .doesNotContain("ANONYMOUS"));
    }

    @Test
    void internalListenersAndSecuredExternalOnesAreNotReported() {
        ListenerSpec secured = listener("ext", 9094, ListenerSpec.Type.NODEPORT);
        secured.setTls(true);
        secured.setAuthentication(ListenerSpec.Authentication.TLS);
        assertThat(InsecureListeners.message(topology(listener("plain", 9092, ListenerSpec.Type.INTERNAL), secured)))
                .isEmpty();
    }
}
