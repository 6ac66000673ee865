package dev.krafter.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Real in-JVM KRaft clusters for integration tests and benchmarks, started and closed the same way everywhere.
 *
 * <p>{@code KafkaTestClusters.dedicatedController(3)} is the usual cluster; anything else starts from
 * {@link #brokers(int)}: {@code KafkaTestClusters.brokers(3).combined().config("num.partitions", "2").start()}.
 */
public final class KafkaTestClusters {
    private KafkaTestClusters() {}

    /**
     * A started cluster of one dedicated controller (node id 3000, like controller pod 0) and {@code brokers} brokers
     * (node ids 0.., like broker pods), every broker ready.
     */
    public static KafkaClusterTestKit dedicatedController(int brokers) throws Exception {
        return brokers(brokers).start();
    }

    /** A cluster of {@code count} brokers (node ids 0..) and one dedicated controller, to shape before {@link Shape#start()}. */
    public static Shape brokers(int count) {
        return new Shape(count);
    }

    /** What a test needs of its cluster beyond the broker count. */
    public static final class Shape {
        private final int brokers;
        private boolean combined;
        private MetadataVersion metadataVersion;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<Integer, Map<String, String>> perBroker = new LinkedHashMap<>();

        private Shape(int brokers) {
            this.brokers = brokers;
        }

        /** Broker 0 is also the only controller (a combined node), as in {@code controllers.mode: Combined}. */
        public Shape combined() {
            this.combined = true;
            return this;
        }

        /** Bootstraps with the latest production metadata.version, as a real cluster does (the kit's default is the
         * latest testing one). */
        public Shape productionMetadataVersion() {
            this.metadataVersion = MetadataVersion.latestProduction();
            return this;
        }

        /** A broker (and controller) config property, as in server.properties. */
        public Shape config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** {@code broker.rack} of the brokers {@code ids}. */
        public Shape rack(String rack, int... ids) {
            for (int id : ids) {
                perBroker.computeIfAbsent(id, i -> new LinkedHashMap<>()).put("broker.rack", rack);
            }
            return this;
        }

        /** Formats and starts the cluster and waits until every broker is ready; the caller closes it. */
        public KafkaClusterTestKit start() throws Exception {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                    .setCombined(combined)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .setPerServerProperties(perBroker);
            if (metadataVersion != null) {
                nodes.setBootstrapMetadataVersion(metadataVersion);
            }
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
            config.forEach(builder::setConfigProp);
            KafkaClusterTestKit kafka = builder.build();
            try {
                kafka.format();
                kafka.startup();
                kafka.waitForReadyBrokers();
                return kafka;
            } catch (Exception e) {
                try {
                    kafka.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }

    /**
     * One combined node for consumer-group tests: the offsets topic fits one broker, and a group's first rebalance does
     * not wait.
     */
    public static KafkaClusterTestKit forConsumerGroups() throws Exception {
        return brokers(1)
                .combined()
                .config("offsets.topic.replication.factor", "1")
                .config("offsets.topic.num.partitions", "3")
                .config("group.initial.rebalance.delay.ms", "0")
                .start();
    }

    public static void createTopic(Admin admin, NewTopic topic) throws Exception {
        createTopics(admin, List.of(topic));
    }

    /**
     * Creates the topics and waits until every in-sync replica's broker has created them: Kafka answers once its
     * controller committed them, and a broker that has not applied that yet refuses writes and offset commits for them.
     */
    public static void createTopics(Admin admin, List<NewTopic> topics) throws Exception {
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        TopicReplicas.awaitCreated(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
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
