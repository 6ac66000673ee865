package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ListenerSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalAddressResolverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final Duration RESYNC = Duration.ofSeconds(30);
    private static final ClusterTopology TOPOLOGY = new ClusterTopology(
            "ext",
            "ns",
            false,
            3,
            3,
            List.of(
                    new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL),
                    new ListenerSpec("np", 9094, ListenerSpec.Type.NODEPORT),
                    new ListenerSpec("lb", 9095, ListenerSpec.Type.LOADBALANCER)));

    @Test
    void nodePortsAreKnownOnCreateLoadBalancerAddressesOnceTheStatusHasOne() {
        Map<String, Service> services = new HashMap<>();
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            services.put("ext-np-" + ordinal, service(31000 + ordinal, null));
            services.put("ext-lb-" + ordinal, service(32000 + ordinal, ordinal == 0 ? "203.0.113.10" : null));
        }
        KafkaNodeConfig.ExternalAddresses addresses = ExternalAddressResolver.resolve(TOPOLOGY, services::get);

        assertThat(addresses.forBroker(0))
                .isEqualTo(Map.of("np", "${ADVERTISED_HOST}:31000", "lb", "203.0.113.10:9095"));
        assertThat(addresses.forBroker(1)).isEqualTo(Map.of("np", "${ADVERTISED_HOST}:31001"));
        assertThat(ExternalAddressResolver.brokersWithAddresses(TOPOLOGY, addresses))
                .isEqualTo(1);
    }

    @Test
    void whileALoadBalancerAddressIsMissingTheBrokersWaitForTheServiceUpdate() {
        KafkaNodeConfig.ExternalAddresses onlyBroker0 = new KafkaNodeConfig.ExternalAddresses(Map.of(
                0, Map.of("np", "${ADVERTISED_HOST}:31000", "lb", "203.0.113.10:9095"),
                1, Map.of("np", "${ADVERTISED_HOST}:31001")));
        ReconcileOutcome outcome = new ReconcileOutcome(null, RESYNC, CLOCK);

        assertThat(ExternalAddressResolver.brokersToRun(TOPOLOGY, onlyBroker0, 3, 0, outcome))
                .isEqualTo(1);
        assertThat(outcome.operation()).hasValueSatisfying(op -> {
            assertThat(op.getType()).isEqualTo(ClusterReasons.CREATING);
            assertThat(op.getPhase())
                    .isEqualTo("waiting for the external addresses of broker 1 (NodePort or LoadBalancer Service)");
        });
        // The address arrives in the Service's status: its update reconciles the cluster, no timer is needed.
        assertThat(outcome.reschedule()).isEqualTo(RESYNC);
    }

    @Test
    void brokersThatRunOrHaveTheirAddressesAreNotHeldBack() {
        KafkaNodeConfig.ExternalAddresses none = KafkaNodeConfig.ExternalAddresses.NONE;
        ReconcileOutcome outcome = new ReconcileOutcome(null, RESYNC, CLOCK);
        assertThat(ExternalAddressResolver.brokersToRun(TOPOLOGY, none, 3, 3, outcome))
                .isEqualTo(3);
        assertThat(ExternalAddressResolver.brokersToRun(TOPOLOGY.withBrokers(4), none, 4, 3, outcome))
                .isEqualTo(3);
        assertThat(outcome.operation())
                .hasValueSatisfying(op -> assertThat(op.getType()).isEqualTo(ClusterReasons.SCALING_UP));

        ClusterTopology internalOnly = new ClusterTopology(
                "int", "ns", false, 3, 3, List.of(new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL)));
        ReconcileOutcome quiet = new ReconcileOutcome(null, RESYNC, CLOCK);
        assertThat(ExternalAddressResolver.brokersToRun(internalOnly, none, 3, 0, quiet))
                .isEqualTo(3);
        assertThat(quiet.operation()).isEmpty();
        assertThat(quiet.reschedule()).isEqualTo(RESYNC);
    }

    private static Service service(int nodePort, String balancerIp) {
        ServiceBuilder builder = new ServiceBuilder()
                .withNewSpec()
                .addNewPort()
                .withPort(9094)
                .withNodePort(nodePort)
                .endPort()
                .endSpec();
        if (balancerIp != null) {
            builder.withNewStatus()
                    .withNewLoadBalancer()
                    .addNewIngress()
                    .withIp(balancerIp)
                    .endIngress()
                    .endLoadBalancer()
                    .endStatus();
        }
        return builder.build();
    }
}
