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
 * S10 external listeners: its own 3-node combined cluster with the internal listener {@code plain}, a NodePort
 * listener and a LoadBalancer listener becomes Ready (the operator starts each broker once its external addresses are
 * known). For each external listener, a client outside the cluster (the test JVM) bootstraps through broker 0's own
 * Service, is told the brokers' external addresses (describeCluster lists exactly the per-broker Services' node-port /
 * load-balancer addresses, not pod names) and produces and consumes with acks=all through them. The listeners'
 * bootstrap addresses ({@link TestCluster#bootstrapAddress}) work for all three listeners.
 */
class S10ExternalListenersIT {
    static final String NS = "s10";
    static final String NAME = "external";
    static final ListenerSpec PLAIN = new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL);
    static final ListenerSpec NODE_PORT = new ListenerSpec("nodeport", 9094, ListenerSpec.Type.NODEPORT);
    static final ListenerSpec LOAD_BALANCER = new ListenerSpec("lb", 9095, ListenerSpec.Type.LOADBALANCER);
    static final int BROKERS = 3;
    static final int RECORDS = 300;

    @Test
    void nodePortAndLoadBalancerListenersServeClientsFromOutside() throws Exception {
        run(ScenarioClusters.simulated(), List.of(NODE_PORT, LOAD_BALANCER), true);
    }

    /**
     * @param external         the external listeners to declare next to {@code plain} and check
     * @param internalReachable whether the test JVM reaches the internal listener's bootstrap address (not on k3s)
     */
    static void run(TestCluster cluster, List<ListenerSpec> external, boolean internalReachable) throws Exception {
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        List<ListenerSpec> listeners = new ArrayList<>(List.of(PLAIN));
        listeners.addAll(external);
        resource.getSpec().setListeners(listeners);
        Instant created = Instant.now();
        try {
            ScenarioSupport.createReadyCluster(cluster, resource);
            TimingReport.record(TimingReport.TIME_TO_READY_3_BROKERS, cluster.backend(), Duration.between(created, Instant.now()),
                    NS + "/" + NAME + " with external listeners " + external.stream().map(ListenerSpec::getName).toList());

            for (ListenerSpec listener : external) {
                List<String> advertised = brokerAddresses(cluster, listener);
                String viaBroker0 = advertised.get(0);
                try (Admin admin = ScenarioSupport.admin(viaBroker0)) {
                    Set<String> described = admin.describeCluster().nodes().get().stream()
                            .map(n -> n.host() + ":" + n.port()).collect(Collectors.toSet());
                    assertThat(described).as("brokers advertised on listener %s, bootstrapped through %s", listener.getName(),
                            viaBroker0).containsExactlyInAnyOrderElementsOf(advertised);
                }
                produceAndConsume(viaBroker0, "s10-" + listener.getName());
            }

            for (ListenerSpec listener : internalReachable ? listeners : external) {
                String bootstrap = cluster.bootstrapAddress(NS, NAME, listener.getName());
                assertThat(bootstrap).as("bootstrap address of listener %s", listener.getName()).isNotNull();
                try (Admin admin = ScenarioSupport.admin(bootstrap)) {
                    List<Node> nodes = new ArrayList<>(admin.describeCluster().nodes().get());
                    assertThat(nodes).as("brokers through %s (%s)", bootstrap, listener.getName()).hasSize(BROKERS);
                    if (listener.getType() != ListenerSpec.Type.INTERNAL) {
                        assertThat(nodes.stream().map(n -> n.host() + ":" + n.port()).toList())
                                .containsExactlyInAnyOrderElementsOf(brokerAddresses(cluster, listener));
                    }
                }
            }
        } finally {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    /** The external address of each broker's own Service of {@code listener}, by ordinal; all assigned by now. */
    static List<String> brokerAddresses(TestCluster cluster, ListenerSpec listener) {
        List<String> addresses = new ArrayList<>();
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            String name = ClusterNames.externalBroker(NAME, listener.getName(), ordinal);
            Service service = cluster.client().services().inNamespace(NS).withName(name).get();
            assertThat(service).as("Service %s/%s", NS, name).isNotNull();
            assertThat(service.getSpec().getType()).isEqualTo(listener.getType() == ListenerSpec.Type.NODEPORT
                    ? "NodePort" : "LoadBalancer");
            String address = cluster.externalAddress(service);
            assertThat(address).as("external address of Service %s/%s (the broker runs, so it is known)", NS, name)
                    .isNotNull();
            addresses.add(address);
        }
        assertThat(new HashSet<>(addresses)).as("one address per broker").hasSize(BROKERS);
        return addresses;
    }

    /** acks=all records through {@code bootstrap} into a new RF 3 / min ISR 2 topic, every one consumed back. */
    private static void produceAndConsume(String bootstrap, String topic) throws Exception {
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get();
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
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, topic + "-check"))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumed.add(record.value());
                }
                return consumed.size() >= RECORDS;
            });
        }
        assertThat(consumed).as("records consumed back through %s", bootstrap).hasSize(RECORDS)
                .contains(topic + "-0", topic + "-" + (RECORDS - 1));
    }
}
