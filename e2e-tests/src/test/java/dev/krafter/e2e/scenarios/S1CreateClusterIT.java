package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.e2e.cluster.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * S1 create: a 3-node KafkaCluster (examples/kafkacluster-minimal.yaml plus a NodePort listener, the shared demo
 * cluster) becomes Ready; its bootstrap address works from outside the cluster (the test JVM, through node ports);
 * records produced with acks=all are all consumed back.
 */
class S1CreateClusterIT {
    private static final String NS = ScenarioClusters.DEMO_NAMESPACE;
    private static final String NAME = ScenarioClusters.DEMO_NAME;

    @Test
    void threeNodeClusterBecomesReadyAndServesClients() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        KafkaCluster ready = ScenarioClusters.readyDemo(cluster);
        assertThat(ready.getStatus().getBrokers().getReady()).isEqualTo(3);

        String bootstrap = cluster.bootstrapAddress(NS, NAME, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            ScenarioSupport.createTopics(
                    admin, new NewTopic("s1-orders", 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }

        int count = 1000;
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>("s1-orders", "key-" + (i % 10), "order-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }

        Map<String, String> consumed = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, "s1-check"))) {
            consumer.subscribe(List.of("s1-orders"));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumed.put(record.value(), record.key());
                }
                return consumed.size() >= count;
            });
        }
        assertThat(consumed).hasSize(count);
        assertThat(consumed).containsEntry("order-0", "key-0").containsEntry("order-999", "key-9");
    }
}
