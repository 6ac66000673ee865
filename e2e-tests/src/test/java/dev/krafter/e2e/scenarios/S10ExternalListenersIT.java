package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

/**
 * S10 external listeners: its own 3-node combined cluster with the internal listener {@code plain} and an external
 * listener becomes Ready (the operator starts each broker once its external addresses are known). A client outside
 * the cluster (the test JVM) bootstraps through broker 0's own Service, is told the brokers' external addresses
 * (describeCluster lists exactly the per-broker Services' node-port / load-balancer addresses, not pod names) and
 * produces and consumes with acks=all through them; the listener's bootstrap address
 * ({@link TestCluster#bootstrapAddress}) works too. Then the external listener is removed from the spec and its
 * Services are deleted (a load balancer left behind costs money). Once with a NodePort listener, once with a
 * LoadBalancer listener;
 * the latter needs a load balancer implementation in the cluster (the local cluster runs MetalLB) and fails, saying
 * so, where Services of type LoadBalancer get no address.
 */
class S10ExternalListenersIT {
    static final String NS = "s10";
    static final String NAME = "external";
    static final ListenerSpec PLAIN = new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL);
    static final ListenerSpec NODE_PORT = new ListenerSpec("nodeport", 9094, ListenerSpec.Type.NODEPORT);
    static final ListenerSpec LOAD_BALANCER = new ListenerSpec("lb", 9095, ListenerSpec.Type.LOADBALANCER);
    static final int BROKERS = 3;
    static final int RECORDS = 300;

    /** How long a LoadBalancer Service may go without an address before the scenario says the cluster has no load balancer. */
    static final Duration LOAD_BALANCER_ADDRESS = Duration.ofMinutes(2);

    @Test
    void nodePortListenerServesClientsFromOutside() throws Exception {
        run(ScenarioClusters.cluster(), NODE_PORT);
    }

    @Test
    void loadBalancerListenerServesClientsFromOutside() throws Exception {
        run(ScenarioClusters.cluster(), LOAD_BALANCER);
    }

    /** @param external the external listener to declare next to {@code plain} and check */
    static void run(TestCluster cluster, ListenerSpec external) throws Exception {
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        resource.getSpec().setListeners(List.of(PLAIN, external));
        Instant created = Instant.now();
        try {
            cluster.apply(resource, NS);
            if (external.getType() == ListenerSpec.Type.LOADBALANCER) {
                awaitLoadBalancerAddress(cluster, external);
            }
            ScenarioSupport.createReadyCluster(cluster, resource);
            TimingReport.record(
                    TimingReport.TIME_TO_READY_3_BROKERS,
                    cluster.backend(),
                    Duration.between(created, Instant.now()),
                    NS + "/" + NAME + " with external listener " + external.getName() + " (" + external.getType()
                            + ")");

            for (ListenerSpec listener : List.of(external)) {
                List<String> advertised = brokerAddresses(cluster, listener);
                String viaBroker0 = advertised.get(0);
                try (Admin admin = ScenarioSupport.admin(viaBroker0)) {
                    Set<String> described = admin.describeCluster().nodes().get().stream()
                            .map(n -> n.host() + ":" + n.port())
                            .collect(Collectors.toSet());
                    assertThat(described)
                            .as(
                                    "brokers advertised on listener %s, bootstrapped through %s",
                                    listener.getName(), viaBroker0)
                            .containsExactlyInAnyOrderElementsOf(advertised);
                }
                produceAndConsume(viaBroker0, "s10-" + listener.getName());
            }

            String bootstrap = cluster.bootstrapAddress(NS, NAME, external.getName());
            assertThat(bootstrap)
                    .as("bootstrap address of listener %s", external.getName())
                    .isNotNull();
            try (Admin admin = ScenarioSupport.admin(bootstrap)) {
                List<Node> nodes =
                        new ArrayList<>(admin.describeCluster().nodes().get());
                assertThat(nodes)
                        .as("brokers through %s (%s)", bootstrap, external.getName())
                        .hasSize(BROKERS);
                assertThat(nodes.stream().map(n -> n.host() + ":" + n.port()).toList())
                        .containsExactlyInAnyOrderElementsOf(brokerAddresses(cluster, external));
            }

            // The listener removed from the spec: its Services (and a load balancer's address) go with it.
            resource.getSpec().setListeners(List.of(PLAIN));
            cluster.apply(resource, NS);
            List<String> services = new ArrayList<>(List.of(ClusterNames.externalBootstrap(NAME, external.getName())));
            for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
                services.add(ClusterNames.externalBroker(NAME, external.getName(), ordinal));
            }
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(services)
                            .as("Services of the removed" + " listener %s", external.getName())
                            .allSatisfy(name -> assertThat(cluster.client()
                                            .services()
                                            .inNamespace(NS)
                                            .withName(name)
                                            .get())
                                    .as(name)
                                    .isNull()));
            assertThat(cluster.client()
                            .services()
                            .inNamespace(NS)
                            .withName(ClusterNames.bootstrap(NAME))
                            .get())
                    .as("the internal bootstrap Service")
                    .isNotNull();
        } finally {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    /**
     * Waits until broker 0's Service of the LoadBalancer listener has an address; fails, saying the cluster has no
     * load balancer implementation, when it has none after {@link #LOAD_BALANCER_ADDRESS}.
     */
    private static void awaitLoadBalancerAddress(TestCluster cluster, ListenerSpec listener) {
        String name = ClusterNames.externalBroker(NAME, listener.getName(), 0);
        Instant deadline = Instant.now().plus(LOAD_BALANCER_ADDRESS);
        while (Instant.now().isBefore(deadline)) {
            Service service =
                    cluster.client().services().inNamespace(NS).withName(name).get();
            if (service != null && cluster.externalAddress(service) != null) {
                return;
            }
            ScenarioSupport.sleep(Duration.ofSeconds(2));
        }
        Service service =
                cluster.client().services().inNamespace(NS).withName(name).get();
        throw new AssertionError("Service " + NS + "/" + name + " (type LoadBalancer) got no address in "
                + LOAD_BALANCER_ADDRESS.toSeconds() + " s: the cluster (" + cluster.backend() + ") has no load balancer"
                + " implementation that fills status.loadBalancer.ingress, so the LoadBalancer listener cannot be served"
                + " (Service " + (service == null ? "not created by the operator" : "status " + service.getStatus())
                + ")");
    }

    /** The external address of each broker's own Service of {@code listener}, by ordinal; all assigned by now. */
    static List<String> brokerAddresses(TestCluster cluster, ListenerSpec listener) {
        List<String> addresses = new ArrayList<>();
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            String name = ClusterNames.externalBroker(NAME, listener.getName(), ordinal);
            Service service =
                    cluster.client().services().inNamespace(NS).withName(name).get();
            assertThat(service).as("Service %s/%s", NS, name).isNotNull();
            assertThat(service.getSpec().getType())
                    .isEqualTo(listener.getType() == ListenerSpec.Type.NODEPORT ? "NodePort" : "LoadBalancer");
            String address = listener.getType() == ListenerSpec.Type.NODEPORT
                    ? hostOf(cluster, ordinal) + ":"
                            + service.getSpec().getPorts().get(0).getNodePort()
                    : cluster.externalAddress(service);
            assertThat(address)
                    .as("external address of Service %s/%s (the broker runs, so it is known)", NS, name)
                    .isNotNull();
            addresses.add(address);
        }
        assertThat(new HashSet<>(addresses)).as("one address per broker").hasSize(BROKERS);
        return addresses;
    }

    /**
     * The address of the node broker {@code ordinal} runs on: a NodePort broker is advertised there, so a client
     * reaches each broker through its own node.
     */
    private static String hostOf(TestCluster cluster, int ordinal) {
        String pod = ClusterNames.podName(ClusterNames.brokers(NAME), ordinal);
        return cluster.client()
                .pods()
                .inNamespace(NS)
                .withName(pod)
                .require()
                .getStatus()
                .getHostIP();
    }

    /** acks=all records through {@code bootstrap} into a new RF 3 / min ISR 2 topic, every one consumed back. */
    private static void produceAndConsume(String bootstrap, String topic) throws Exception {
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopics(
                    admin, new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 10), topic + "-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        Set<String> consumed = new HashSet<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, topic + "-check"))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumed.add(record.value());
                }
                return consumed.size() >= RECORDS;
            });
        }
        assertThat(consumed)
                .as("records consumed back through %s", bootstrap)
                .hasSize(RECORDS)
                .contains(topic + "-0", topic + "-" + (RECORDS - 1));
    }
}
