package dev.krafter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe server against MBeans registered under Kafka's names in this JVM's platform MBean server, read over real
 * HTTP: the same path as inside the broker, with test doubles in place of Kafka's gauges.
 */
class ProbeServerTest {

    /** Shape of a Yammer gauge as Kafka registers it. */
    public interface GaugeTestDoubleMBean {
        Object getValue();
    }

    public static final class GaugeTestDouble implements GaugeTestDoubleMBean {
        final AtomicInteger value = new AtomicInteger();

        @Override
        public Object getValue() {
            return (byte) value.get();
        }
    }

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private ProbeServer server;

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        for (ObjectName name : new ObjectName[] {JmxNodeMetrics.BROKER_STATE, JmxNodeMetrics.RAFT_METRICS}) {
            if (mbeans.isRegistered(name)) {
                mbeans.unregisterMBean(name);
            }
        }
    }

    @Test
    void brokerReadinessFollowsBrokerState(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("server.properties"), "process.roles=broker\nnode.id=3\n");
        server = ProbeServer.start(0, () -> readRoles(config), new JmxNodeMetrics(mbeans));

        assertThat(get("/healthz")).isEqualTo("200 ok");
        assertThat(get("/ready")).isEqualTo("503 broker not started: BrokerState metric not registered yet");

        GaugeTestDouble brokerState = new GaugeTestDouble();
        mbeans.registerMBean(new StandardMBean(brokerState, GaugeTestDoubleMBean.class), JmxNodeMetrics.BROKER_STATE);
        brokerState.value.set(1);
        assertThat(get("/ready")).isEqualTo("503 broker state is STARTING (1), waiting for RUNNING (3)");

        brokerState.value.set(3);
        assertThat(get("/ready")).isEqualTo("200 broker RUNNING");
        assertThat(get("/healthz")).isEqualTo("200 ok");
    }

    @Test
    void controllerReadinessFollowsRaftMetrics(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("server.properties"), "process.roles=controller\n");
        server = ProbeServer.start(0, () -> readRoles(config), new JmxNodeMetrics(mbeans));

        RaftMetricsTestDouble raft = new RaftMetricsTestDouble();
        mbeans.registerMBean(raft, JmxNodeMetrics.RAFT_METRICS);
        assertThat(get("/ready")).startsWith("503 controller raft state is unattached");

        raft.state.set("follower");
        raft.highWatermark.set(120);
        raft.logEndOffset.set(80);
        assertThat(get("/ready"))
                .isEqualTo("503 controller is follower and catching up: log end offset 80 < high watermark 120");

        raft.logEndOffset.set(120);
        assertThat(get("/ready")).startsWith("200 controller follower, caught up");
    }

    @Test
    void agentArgumentsAndRolesFromConfig(@TempDir Path dir) throws Exception {
        assertThat(ProbeAgent.parseArgs("port=9500,config=/tmp/kafka/server.properties"))
                .containsEntry("port", "9500")
                .containsEntry("config", "/tmp/kafka/server.properties");
        Path config = Files.writeString(dir.resolve("server.properties"), "process.roles = broker,controller\n");
        assertThat(ProbeAgent.readRoles(config)).containsExactlyInAnyOrder(NodeRole.BROKER, NodeRole.CONTROLLER);
    }

    private static java.util.Set<NodeRole> readRoles(Path config) {
        try {
            return ProbeAgent.readRoles(config);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().trim();
    }

    /** Kafka's raft-metrics MBean: a Kafka-metrics MBean with dashed attribute names. */
    static final class RaftMetricsTestDouble implements javax.management.DynamicMBean {
        final AtomicReference<String> state = new AtomicReference<>("unattached");
        final AtomicLong highWatermark = new AtomicLong(-1);
        final AtomicLong logEndOffset = new AtomicLong(0);

        @Override
        public Object getAttribute(String attribute) throws javax.management.AttributeNotFoundException {
            return switch (attribute) {
                case "current-state" -> state.get();
                case "high-watermark" -> (double) highWatermark.get();
                case "log-end-offset" -> (double) logEndOffset.get();
                default -> throw new javax.management.AttributeNotFoundException(attribute);
            };
        }

        @Override
        public void setAttribute(javax.management.Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public javax.management.AttributeList getAttributes(String[] attributes) {
            javax.management.AttributeList list = new javax.management.AttributeList();
            for (String name : attributes) {
                try {
                    list.add(new javax.management.Attribute(name, getAttribute(name)));
                } catch (javax.management.AttributeNotFoundException e) {
                    // skipped, as JMX does
                }
            }
            return list;
        }

        @Override
        public javax.management.AttributeList setAttributes(javax.management.AttributeList attributes) {
            return new javax.management.AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public javax.management.MBeanInfo getMBeanInfo() {
            return new javax.management.MBeanInfo(
                    RaftMetricsTestDouble.class.getName(), "raft-metrics test double", null, null, null, null);
        }
    }
}
