package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.SecretRef;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaNodeConfigTest {

    static Properties parse(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    @Test
    void defaultsAreSizedToTheBrokerCount() {
        assertThat(KafkaNodeConfig.defaults(1))
                .containsEntry("default.replication.factor", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
        assertThat(KafkaNodeConfig.defaults(2))
                .containsEntry("default.replication.factor", "2")
                .containsEntry("min.insync.replicas", "1");
        assertThat(KafkaNodeConfig.defaults(3))
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("transaction.state.log.min.isr", "2");
        assertThat(KafkaNodeConfig.defaults(9))
                .containsEntry("default.replication.factor", "3")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("unclean.leader.election.enable", "false")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void userConfigWinsOverDefaults() {
        Map<String, String> desired =
                KafkaNodeConfig.desiredBrokerConfig(3, Map.of("min.insync.replicas", "1", "log.retention.ms", "1000"));
        assertThat(desired)
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("log.retention.ms", "1000")
                .containsEntry("default.replication.factor", "3");
    }

    @Test
    void combinedClusterConfig() throws IOException {
        KafkaCluster resource = cluster("demo", 4, Mode.COMBINED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        Properties server = parse(KafkaNodeConfig.brokerServerProperties(
                topology, KafkaNodeConfig.desiredBrokerConfig(4, Map.of("num.partitions", "6"))));
        assertThat(server.getProperty("process.roles")).isEqualTo("broker");
        assertThat(server.getProperty("controller.quorum.voters"))
                .isEqualTo("0@demo-broker-0.demo-nodes.ns.svc:9090,1@demo-broker-1.demo-nodes.ns.svc:9090,"
                        + "2@demo-broker-2.demo-nodes.ns.svc:9090");
        assertThat(server.getProperty("listeners")).isEqualTo("REPLICATION://:9091,PLAIN://:9092");
        assertThat(server.getProperty("advertised.listeners"))
                .isEqualTo(
                        "REPLICATION://${POD_NAME}.demo-nodes.${POD_NAMESPACE}.svc:9091,PLAIN://${POD_NAME}.demo-nodes.${POD_NAMESPACE}.svc:9092");
        assertThat(server.getProperty("listener.security.protocol.map"))
                .isEqualTo("CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,PLAIN:PLAINTEXT");
        assertThat(server.getProperty("inter.broker.listener.name")).isEqualTo("REPLICATION");
        assertThat(server.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(server.getProperty("num.partitions")).isEqualTo("6");
        assertThat(server.getProperty("default.replication.factor")).isEqualTo("3");
        assertThat(server.getProperty("node.id"))
                .as("the entrypoint computes node.id")
                .isNull();

        Map<String, String> files = KafkaNodeConfig.brokerNodeFiles(topology, KafkaNodeConfig.ExternalAddresses.NONE);
        assertThat(files).containsOnlyKeys("node-0.properties", "node-1.properties", "node-2.properties");
        Properties voter = parse(files.get("node-0.properties"));
        assertThat(voter.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(voter.getProperty("listeners")).isEqualTo("CONTROLLER://:9090,REPLICATION://:9091,PLAIN://:9092");
    }

    @Test
    void dedicatedControllersHaveTheirOwnConfigAndOffsetIds() throws IOException {
        ClusterTopology topology = ClusterTopology.of(cluster("prod", 3, Mode.DEDICATED, 3));
        assertThat(topology.voterIds()).containsExactly(3000, 3001, 3002);
        Properties controller = parse(KafkaNodeConfig.controllerServerProperties(topology));
        assertThat(controller.getProperty("process.roles")).isEqualTo("controller");
        assertThat(controller.getProperty("listeners")).isEqualTo("CONTROLLER://:9090");
        assertThat(controller.getProperty("controller.quorum.voters"))
                .startsWith("3000@prod-controller-0.prod-nodes.ns.svc:9090,");
        assertThat(KafkaNodeConfig.brokerNodeFiles(topology, KafkaNodeConfig.ExternalAddresses.NONE))
                .as("brokers of a dedicated cluster need no overrides")
                .isEmpty();
        Properties broker = parse(KafkaNodeConfig.brokerServerProperties(topology, Map.of()));
        assertThat(broker.getProperty("controller.quorum.voters")).contains("3002@prod-controller-2.");
    }

    @Test
    void externalListenersAdvertisePerBrokerAddresses() throws IOException {
        KafkaCluster resource = cluster("ext", 2, Mode.COMBINED, 1);
        resource.getSpec()
                .setListeners(List.of(
                        listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                        listener("np", 9094, ListenerSpec.Type.NODEPORT),
                        listener("lb", 9095, ListenerSpec.Type.LOADBALANCER)));
        ClusterTopology topology = ClusterTopology.of(resource);
        KafkaNodeConfig.ExternalAddresses addresses = new KafkaNodeConfig.ExternalAddresses(Map.of(
                0, Map.of("np", "${ADVERTISED_HOST}:31000", "lb", "10.0.0.1:9095"),
                1, Map.of("np", "${ADVERTISED_HOST}:31001", "lb", "kafka-1.example.com:9095")));
        Map<String, String> files = KafkaNodeConfig.brokerNodeFiles(topology, addresses);
        assertThat(parse(files.get("node-1.properties")).getProperty("advertised.listeners"))
                .isEqualTo(
                        "REPLICATION://${POD_NAME}.ext-nodes.${POD_NAMESPACE}.svc:9091,PLAIN://${POD_NAME}.ext-nodes.${POD_NAMESPACE}.svc:9092,"
                                + "NP://${ADVERTISED_HOST}:31001,LB://kafka-1.example.com:9095");
        assertThat(parse(files.get("node-0.properties")).getProperty("process.roles"))
                .isEqualTo("broker,controller");
        assertThat(parse(files.get("node-1.properties")).getProperty("process.roles"))
                .isNull();
        assertThat(addresses.complete(1, topology.externalListeners())).isTrue();
        assertThat(KafkaNodeConfig.ExternalAddresses.NONE.complete(0, topology.externalListeners()))
                .isFalse();
    }

    @Test
    void valuesWithSpecialCharactersSurviveTheRoundTrip() throws IOException {
        String text = KafkaNodeConfig.render("c", Map.of("a.b", "x=y:z #1 \\ end", "sasl.jaas.config", " lead"));
        Properties parsed = parse(text);
        assertThat(parsed.getProperty("a.b")).isEqualTo("x=y:z #1 \\ end");
        assertThat(parsed.getProperty("sasl.jaas.config")).isEqualTo(" lead");
    }

    /**
     * Issue #15 item 10: a scale never changes a durability setting. The defaults are sized to the brokers once, at
     * creation; afterwards the cluster keeps the values it runs with (its brokers' server.properties), including a
     * cluster an earlier operator sized, until the user sets one in spec.brokers.config.
     */
    @Test
    void scalingChangesNoDurabilitySetting() {
        Map<String, String> createdWithThree = KafkaNodeConfig.parse(KafkaNodeConfig.brokerServerProperties(
                ClusterTopology.of(cluster("demo", 3, Mode.COMBINED, 3)),
                KafkaNodeConfig.desiredBrokerConfig(3, Map.of())));

        Map<String, String> scaledToTwo = KafkaNodeConfig.desiredBrokerConfig(2, createdWithThree, Map.of());
        assertThat(scaledToTwo)
                .as("3 -> 2 brokers")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("offsets.topic.replication.factor", "3");

        Map<String, String> createdWithTwo = KafkaNodeConfig.parse(KafkaNodeConfig.brokerServerProperties(
                ClusterTopology.of(cluster("demo", 2, Mode.COMBINED, 1)),
                KafkaNodeConfig.desiredBrokerConfig(2, Map.of())));
        assertThat(KafkaNodeConfig.desiredBrokerConfig(3, createdWithTwo, Map.of()))
                .as("2 -> 3 brokers")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("default.replication.factor", "2");

        assertThat(KafkaNodeConfig.desiredBrokerConfig(3, createdWithTwo, Map.of("min.insync.replicas", "2")))
                .as("the user asks")
                .containsEntry("min.insync.replicas", "2");
        assertThat(KafkaNodeConfig.desiredBrokerConfig(3, Map.of(), Map.of()))
                .as("a new cluster")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("default.replication.factor", "3");
    }

    /** Upgrade: the config a cluster renders is the same under this operator as under the last, so nothing rolls. */
    @Test
    void anExistingClusterRendersTheSameConfigAsBefore() {
        ClusterTopology three = ClusterTopology.of(cluster("demo", 3, Mode.COMBINED, 3));
        String before = KafkaNodeConfig.brokerServerProperties(three, KafkaNodeConfig.desiredBrokerConfig(3, Map.of()));

        String now = KafkaNodeConfig.brokerServerProperties(
                three, KafkaNodeConfig.desiredBrokerConfig(3, KafkaNodeConfig.parse(before), Map.of()));

        assertThat(now).isEqualTo(before);
    }

    @Test
    void aTlsListenerIsSslWithAPemKeyStoreAndPlaintextListenersStayAsTheyWere() throws IOException {
        KafkaCluster resource =
                ClusterFixtures.cluster("demo", 3, dev.krafter.api.v1alpha1.ControllersSpec.Mode.COMBINED, 3);
        ListenerSpec tls = ClusterFixtures.listener("tls", 9093, ListenerSpec.Type.INTERNAL);
        ListenerSpec ext = ClusterFixtures.listener("ext", 9094, ListenerSpec.Type.LOADBALANCER);
        resource.getSpec()
                .setListeners(List.of(ClusterFixtures.listener("plain", 9092, ListenerSpec.Type.INTERNAL), tls, ext));
        String plaintext = KafkaNodeConfig.brokerServerProperties(ClusterTopology.of(resource), Map.of());
        assertThat(plaintext).doesNotContain("ssl.").doesNotContain(":SSL");

        tls.setTls(true);
        ext.setTls(true);
        ext.setCertificate(new SecretRef("ext-cert"));
        Properties config = parse(KafkaNodeConfig.brokerServerProperties(ClusterTopology.of(resource), Map.of()));
        assertThat(config.getProperty("listener.security.protocol.map"))
                .isEqualTo("CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,PLAIN:PLAINTEXT,TLS:SSL,EXT:SSL");
        assertThat(config)
                .containsEntry("listener.name.tls.ssl.keystore.type", "PEM")
                .containsEntry("listener.name.tls.ssl.keystore.location", "/etc/kafka/tls/${POD_NAME}.pem")
                .containsEntry("listener.name.tls.ssl.allow.san.changes", "true")
                .containsEntry("listener.name.ext.ssl.keystore.location", "/etc/kafka/tls/listener-ext.pem")
                .doesNotContainKey("listener.name.plain.ssl.keystore.location");
    }
}
