package dev.krafter.topic;

import dev.krafter.api.v1alpha1.BrokersSpec;
import dev.krafter.api.v1alpha1.ClusterRef;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real in-JVM KRaft cluster of 3 brokers (one of them also the controller) and the CRs the Topic tests use. */
final class ThreeBrokerKafka {
    private ThreeBrokerKafka() {
    }

    static KafkaClusterTestKit start() throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(3)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("num.partitions", "2")
                .setConfigProp("default.replication.factor", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    /** A KafkaCluster resource with 3 brokers, so that Topics' clusterRef resolves. */
    static KafkaCluster clusterResource(String namespace, String name) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        KafkaClusterSpec spec = new KafkaClusterSpec();
        spec.setVersion("4.4.0");
        BrokersSpec brokers = new BrokersSpec();
        brokers.setReplicas(3);
        spec.setBrokers(brokers);
        cluster.setSpec(spec);
        return cluster;
    }

    static Topic topicResource(String namespace, String name, String cluster, Integer partitions,
            Integer replicationFactor, Map<String, Object> config) {
        Topic topic = new Topic();
        topic.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        TopicSpec spec = new TopicSpec();
        spec.setClusterRef(new ClusterRef(cluster));
        spec.setPartitions(partitions);
        spec.setReplicationFactor(replicationFactor);
        spec.setConfig(new java.util.LinkedHashMap<>(config));
        topic.setSpec(spec);
        return topic;
    }
}
