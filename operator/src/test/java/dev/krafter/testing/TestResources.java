package dev.krafter.testing;

import dev.krafter.api.v1alpha1.Autoscale;
import dev.krafter.api.v1alpha1.BrokersSpec;
import dev.krafter.api.v1alpha1.ClusterRef;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterSpec;
import dev.krafter.api.v1alpha1.ScaleTargetRef;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Custom resources as users write them, for tests and benchmarks. */
public final class TestResources {
    private TestResources() {}

    /** A KafkaCluster of Kafka 4.4.0 with {@code brokers} brokers and nothing else set, so that a clusterRef resolves. */
    /**
     * Edits a resource the operator may write at the same moment: a 409 conflict (its status changed under the edit)
     * reads it again and retries, up to 10 times.
     */
    public static <T extends HasMetadata> void editRetryingConflicts(
            KubernetesClient client, Class<T> type, String namespace, String name, Consumer<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(type).inNamespace(namespace).withName(name).edit(r -> {
                    change.accept(r);
                    return r;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    public static KafkaCluster kafkaCluster(String namespace, String name, int brokers) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        KafkaClusterSpec spec = new KafkaClusterSpec();
        spec.setVersion("4.4.0");
        BrokersSpec brokersSpec = new BrokersSpec();
        brokersSpec.setReplicas(brokers);
        spec.setBrokers(brokersSpec);
        cluster.setSpec(spec);
        return cluster;
    }

    /** A Topic of {@code cluster}; a null partition count or replication factor means the cluster's default. */
    public static Topic topic(
            String namespace,
            String name,
            String cluster,
            Integer partitions,
            Integer replicationFactor,
            Map<String, Object> config) {
        Topic topic = new Topic();
        topic.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        TopicSpec spec = new TopicSpec();
        spec.setClusterRef(new ClusterRef(cluster));
        spec.setPartitions(partitions);
        spec.setReplicationFactor(replicationFactor);
        spec.setConfig(new LinkedHashMap<>(config));
        topic.setSpec(spec);
        return topic;
    }

    /** A ConsumerGroup of {@code cluster} with only its clusterRef set, and no status, as kubectl apply sends it. */
    public static ConsumerGroup consumerGroup(String namespace, String name, String cluster) {
        ConsumerGroup group = new ConsumerGroup();
        group.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        ConsumerGroupSpec spec = new ConsumerGroupSpec();
        spec.setClusterRef(new ClusterRef(cluster));
        group.setSpec(spec);
        group.setStatus(null);
        return group;
    }

    /** Autoscaling of Deployment {@code deployment} between {@code min} and {@code max} replicas. */
    public static Autoscale autoscaleDeployment(String deployment, int min, int max, long lagPerReplica) {
        ScaleTargetRef target = new ScaleTargetRef();
        target.setKind("Deployment");
        target.setName(deployment);
        Autoscale autoscale = new Autoscale();
        autoscale.setTargetRef(target);
        autoscale.setMinReplicas(min);
        autoscale.setMaxReplicas(max);
        autoscale.setLagPerReplica(lagPerReplica);
        return autoscale;
    }
}
