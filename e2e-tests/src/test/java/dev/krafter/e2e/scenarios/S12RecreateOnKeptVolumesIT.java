package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * S12 re-creation on kept volumes: a KafkaCluster with persistent storage and {@code deleteClaim: false} is deleted
 * (its pods and owned objects go, its claims stay) and applied again, as a user restoring from Git or Argo CD's
 * Replace does. The brokers come back on their volumes with the same cluster id (recorded on each claim) instead of
 * crash-looping on "cluster id mismatch", and every record acknowledged before the deletion is read back.
 */
class S12RecreateOnKeptVolumesIT {
    private static final String NS = "s12";
    private static final String NAME = "kept";
    private static final String TOPIC = "s12-kept";
    private static final String CLUSTER_ID_ANNOTATION = "krafter.dev/cluster-id";

    @Test
    void aClusterRecreatedOnItsKeptVolumesComesBackWithItsData() throws Exception {
        TestCluster cluster = ScenarioClusters.cluster();
        try {
            KafkaCluster first = ScenarioSupport.createFreshReadyCluster(cluster, keptCluster());
            String clusterId = first.getStatus().getClusterId();
            assertThat(clusterId).isNotBlank();
            assertThat(claims(cluster))
                    .as("data claims")
                    .hasSize(3)
                    .allSatisfy(claim -> assertThat(claim.getMetadata().getAnnotations())
                            .containsEntry(CLUSTER_ID_ANNOTATION, clusterId));
            Set<String> written = produce(cluster.bootstrapAddress(NS, NAME, null));

            cluster.client()
                    .resources(KafkaCluster.class)
                    .inNamespace(NS)
                    .withName(NAME)
                    .delete();
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.get(KafkaCluster.class, NS, NAME).isEmpty()
                            && ScenarioSupport.clusterPods(cluster, NS, NAME).isEmpty()
                            && cluster.client()
                                    .apps()
                                    .statefulSets()
                                    .inNamespace(NS)
                                    .list()
                                    .getItems()
                                    .isEmpty());
            assertThat(claims(cluster))
                    .as("data claims after the KafkaCluster was deleted (deleteClaim: false)")
                    .hasSize(3);

            KafkaCluster again = ScenarioSupport.createReadyCluster(cluster, keptCluster());
            assertThat(again.getStatus().getClusterId())
                    .as("cluster id after re-creation")
                    .isEqualTo(clusterId);
            assertThat(consume(cluster.bootstrapAddress(NS, NAME, null)))
                    .as("records read back after re-creation")
                    .containsAll(written);
        } finally {
            if (cluster.get(KafkaCluster.class, NS, NAME).isPresent()) {
                ScenarioSupport.deleteCluster(cluster, NS, NAME);
            }
            cluster.client()
                    .persistentVolumeClaims()
                    .inNamespace(NS)
                    .withLabel(ClusterLabels.CLUSTER, NAME)
                    .delete();
        }
    }

    private static KafkaCluster keptCluster() {
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        StorageSpec storage = resource.getSpec().getBrokers().getStorage();
        storage.setType(StorageSpec.Type.PERSISTENT);
        storage.setSize("1Gi");
        storage.setDeleteClaim(false);
        return resource;
    }

    private static List<PersistentVolumeClaim> claims(TestCluster cluster) {
        return cluster.client()
                .persistentVolumeClaims()
                .inNamespace(NS)
                .withLabel(ClusterLabels.CLUSTER, NAME)
                .list()
                .getItems();
    }

    private static Set<String> produce(String bootstrap) throws Exception {
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopics(
                    admin, new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }
        Set<String> written = new HashSet<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            for (int i = 0; i < 300; i++) {
                String value = "kept-" + i;
                acks.add(producer.send(new ProducerRecord<>(TOPIC, value, value)));
                written.add(value);
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        return written;
    }

    private static Set<String> consume(String bootstrap) {
        Set<String> read = new HashSet<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, "s12-" + System.nanoTime()))) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    read.add(record.value());
                }
                return read.size() >= 300;
            });
        }
        return read;
    }
}
