package dev.krafter.testing;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** Real in-JVM KRaft clusters for integration tests, started and closed the same way everywhere. */
public final class KafkaTestClusters {
    private KafkaTestClusters() {
    }

    /**
     * A started cluster of one dedicated controller (node id 3000, like controller pod 0) and {@code brokers} brokers
     * (node ids 0.., like broker pods), every broker ready.
     */
    public static KafkaClusterTestKit dedicatedController(int brokers) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(false)
                .setNumBrokerNodes(brokers).setNumControllerNodes(1).build()).build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    public static void createTopic(Admin admin, NewTopic topic) throws Exception {
        admin.createTopics(java.util.List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }

    /** Closes in the order given, skipping what was never opened; the first failure is rethrown after all closed. */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
