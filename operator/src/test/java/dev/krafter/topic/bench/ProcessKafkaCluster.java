package dev.krafter.topic.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real 3-node KRaft cluster (Kafka 4.4.0 from the test classpath, the same jars KafkaClusterTestKit runs) with each
 * node in its own JVM: node 0 is broker and the single controller, nodes 1 and 2 are brokers.
 *
 * <p>Why not KafkaClusterTestKit: it runs every node in the calling JVM, and 1,000 topics x 12 partitions x 3 replicas
 * are 36,000 partition logs, each holding an open file. This machine's open-file limit is 20,000 per process and
 * cannot be raised (not even for containers), so the in-JVM cluster cannot hold the benchmark's topics; three processes
 * hold 12,000 each.
 */
public final class ProcessKafkaCluster implements AutoCloseable {
    private final Path dir;
    private final List<Process> nodes = new ArrayList<>();
    private final String bootstrap;

    private ProcessKafkaCluster(Path dir, String bootstrap) {
        this.dir = dir;
        this.bootstrap = bootstrap;
    }

    public static ProcessKafkaCluster start(String heap) throws Exception {
        Path dir = Files.createTempDirectory("krafter-bench-kafka");
        int controllerPort = freePort();
        int[] brokerPorts = {freePort(), freePort(), freePort()};
        String clusterId = Uuid.randomUuid().toString();
        String classpath = testClasspath();
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(
                log4j,
                String.join(
                        "\n",
                        "appender.out.type = Console",
                        "appender.out.name = out",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = %d %p %c - %m%n",
                        "rootLogger.level = WARN",
                        "rootLogger.appenderRef.out.ref = out",
                        ""));
        String log4jOption = "-Dlog4j2.configurationFile=" + log4j;
        List<String> bootstrap = new ArrayList<>();
        List<Path> configs = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            bootstrap.add("localhost:" + brokerPorts[node]);
            boolean controller = node == 0;
            Map<String, String> props = new java.util.LinkedHashMap<>();
            props.put("process.roles", controller ? "broker,controller" : "broker");
            props.put("node.id", Integer.toString(node));
            props.put("controller.quorum.voters", "0@localhost:" + controllerPort);
            props.put(
                    "listeners",
                    "PLAINTEXT://localhost:" + brokerPorts[node]
                            + (controller ? ",CONTROLLER://localhost:" + controllerPort : ""));
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPorts[node]);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", dir.resolve("logs-" + node).toString());
            props.put("offsets.topic.replication.factor", "3");
            props.put("transaction.state.log.replication.factor", "3");
            props.put("group.initial.rebalance.delay.ms", "0");
            Path config = dir.resolve("node-" + node + ".properties");
            StringBuilder text = new StringBuilder();
            props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(config, text);
            configs.add(config);
            Process format = new ProcessBuilder(
                            java(),
                            "-Xmx256m",
                            log4jOption,
                            "-cp",
                            classpath,
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            clusterId,
                            "-c",
                            config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("format-" + node + ".log").toFile())
                    .start();
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting node " + node + " failed: see " + dir);
            }
        }
        ProcessKafkaCluster cluster = new ProcessKafkaCluster(dir, String.join(",", bootstrap));
        // Also stop the nodes when the benchmark is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.nodes.forEach(Process::destroyForcibly)));
        try {
            for (int node = 0; node < 3; node++) {
                cluster.nodes.add(new ProcessBuilder(
                                java(),
                                "-Xmx" + heap,
                                "-XX:+UseG1GC",
                                log4jOption,
                                "-cp",
                                classpath,
                                "kafka.Kafka",
                                configs.get(node).toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("node-" + node + ".log").toFile())
                        .start());
            }
            cluster.awaitBrokers(3, Duration.ofMinutes(5));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    private void awaitBrokers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the Kafka nodes did not start; logs in " + dir);
    }

    @Override
    public void close() throws Exception {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The classpath this code was loaded from (exec:java loads it in a URLClassLoader, not java.class.path). */
    private static String testClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = ProcessKafkaCluster.class.getClassLoader();
                loader != null;
                loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        return String.join(File.pathSeparator, entries);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
