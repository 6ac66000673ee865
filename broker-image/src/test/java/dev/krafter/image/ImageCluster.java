package dev.krafter.image;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka cluster of krafter/kafka containers on a Docker network this test creates, wired the way the operator
 * wires pods: a base config directory per StatefulSet mounted at /etc/kafka/base, the pod env of the entrypoint
 * contract, one named volume per pod, network aliases as the pods' stable DNS names
 * ({@code <pod>.<headless service>.default.svc}). Each node also has an EXTERNAL listener published on
 * 127.0.0.1 and advertised as {@code localhost:<port>} (set per pod in node-<ordinal>.properties), so the test JVM
 * and kcat can reach it; probes and metrics ports are published on 127.0.0.1 too.
 */
public final class ImageCluster implements AutoCloseable {

    public static final String CLUSTER_ID = "a3JhZnRlci1pdC1jbHVzdA";
    static final String NAMESPACE = "default";

    private final String image;
    private final String prefix;
    private final String network;
    private final Path workDir;
    static final String TEST_JVM_OPTS = "-XX:TieredStopAtLevel=1";

    private final String memory;
    private final String jvmOpts;
    private final List<Node> nodes = new ArrayList<>();
    private Admin admin;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** For tests: small containers, and C1-only JIT to cut start-up CPU on a shared machine. */
    public ImageCluster(String image, String name) {
        this(image, name, "768m", TEST_JVM_OPTS);
    }

    /**
     * @param memory the container memory limit (the entrypoint sizes the heap from it)
     * @param jvmOpts passed as KRAFTER_JVM_OPTS; empty for none
     */
    public ImageCluster(String image, String name, String memory, String jvmOpts) {
        this.memory = memory;
        this.jvmOpts = jvmOpts;
        this.image = image;
        this.prefix = "krafter-it-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
        this.network = prefix;
        try {
            this.workDir = Files.createTempDirectory(
                    prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Docker.ok("network", "create", network);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** A StatefulSet's worth of pods sharing one base config (the operator's ConfigMap). */
    public final class StatefulSet {
        final String name;
        final String headlessService;
        final int nodeIdOffset;
        final Path configDir;

        private StatefulSet(String name, int nodeIdOffset) {
            this.name = name;
            this.headlessService = name + "-headless";
            this.nodeIdOffset = nodeIdOffset;
            this.configDir = workDir.resolve(name);
            try {
                Files.createDirectories(configDir);
                Files.setPosixFilePermissions(configDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String host(int ordinal) {
            return name + "-" + ordinal + "." + headlessService + "." + NAMESPACE + ".svc";
        }

        public void writeBaseConfig(String serverProperties) {
            write(configDir.resolve("server.properties"), serverProperties);
        }

        /** Adds pod {@code <name>-<ordinal>}; with an external listener, advertises it from node-<ordinal>.properties. */
        public Node addPod(int ordinal, Optional<String> externalAdvertisedListeners, Optional<String> rack) {
            Node node = new Node(this, ordinal, externalAdvertisedListeners.isPresent() ? freePort() : -1, rack);
            externalAdvertisedListeners.ifPresent(listeners -> write(
                    configDir.resolve("node-" + ordinal + ".properties"),
                    "advertised.listeners=" + listeners.replace("<EXTERNAL_PORT>", String.valueOf(node.externalPort))
                            + "\n"));
            nodes.add(node);
            return node;
        }
    }

    public StatefulSet statefulSet(String name, int nodeIdOffset) {
        return new StatefulSet(name, nodeIdOffset);
    }

    /**
     * The listener lines of a node that runs a broker, as the operator writes them: REPLICATION between brokers, CLIENT
     * for clients in the cluster, EXTERNAL for the test JVM (advertised per pod, see {@link #EXTERNAL_ADVERTISED}), and
     * CONTROLLER for the quorum, which the node also serves when {@code alsoController}.
     */
    public static String brokerListenerConfig(boolean alsoController, String voters) {
        return """
        listeners=%sREPLICATION://:9091,CLIENT://:9092,EXTERNAL://:9094
        advertised.listeners=REPLICATION://${ADVERTISED_HOST}:9091,CLIENT://${ADVERTISED_HOST}:9092
        listener.security.protocol.map=CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,CLIENT:PLAINTEXT,EXTERNAL:PLAINTEXT
        inter.broker.listener.name=REPLICATION
        controller.listener.names=CONTROLLER
        controller.quorum.voters=%s
        """.formatted(alsoController ? "CONTROLLER://:9090," : "", voters);
    }

    /** A broker pod's advertised listeners with the EXTERNAL one the test JVM reaches, for {@link StatefulSet#addPod}. */
    public static final String EXTERNAL_ADVERTISED =
            "REPLICATION://${ADVERTISED_HOST}:9091,CLIENT://${ADVERTISED_HOST}:9092,EXTERNAL://localhost:<EXTERNAL_PORT>";

    /** Static voters string {@code id@host:9090,...} for the given controller StatefulSet and count. */
    public static String voters(StatefulSet controllers, int count) {
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            voters.add((controllers.nodeIdOffset + i) + "@" + controllers.host(i) + ":9090");
        }
        return String.join(",", voters);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node nodeById(int nodeId) {
        return nodes.stream()
                .filter(node -> node.nodeId == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId));
    }

    /** bootstrap.servers for clients outside Docker (EXTERNAL listeners on localhost). */
    public String externalBootstrap() {
        return nodes.stream()
                .filter(node -> node.hasExternal)
                .map(node -> "localhost:" + node.externalPort)
                .collect(Collectors.joining(","));
    }

    /** Waits until every node's readiness probe says 200. */
    public void awaitReady() {
        for (Node node : nodes) {
            await(node + " ready")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> node.ready().startsWith("200"));
        }
    }

    /** An admin client on the EXTERNAL listeners, closed with the cluster. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, externalBootstrap()));
        }
        return admin;
    }

    public final class Node {
        final StatefulSet statefulSet;
        final int ordinal;
        public final int nodeId;
        public final String podName;
        public final String host;
        final String container;
        final String volume;
        final int externalPort;
        final boolean hasExternal;
        private final Optional<String> rack;
        private boolean created;

        private Node(StatefulSet statefulSet, int ordinal, int externalPort, Optional<String> rack) {
            this.statefulSet = statefulSet;
            this.ordinal = ordinal;
            this.nodeId = statefulSet.nodeIdOffset + ordinal;
            this.podName = statefulSet.name + "-" + ordinal;
            this.host = statefulSet.host(ordinal);
            this.container = prefix + "-" + podName;
            this.volume = container + "-data";
            this.externalPort = externalPort;
            this.hasExternal = externalPort > 0;
            this.rack = rack;
        }

        /** Creates and starts the container the first time; starts the same container (same volume) afterwards. */
        public void start() {
            if (created) {
                Docker.ok("start", container);
                return;
            }
            List<String> args = runArgs();
            args.add(image);
            Docker.ok(args.toArray(String[]::new));
            created = true;
        }

        /**
         * Starts this node the stock way instead of through the entrypoint: {@code kafka-storage.sh format} and
         * {@code kafka-server-start.sh} (stock JVM defaults, no agents) with the given complete server.properties.
         */
        public void startStock(String serverProperties) {
            Path file = statefulSet.configDir.resolve("stock-" + ordinal + ".properties");
            write(file, serverProperties);
            String inContainer = "/etc/kafka/base/stock-" + ordinal + ".properties";
            List<String> args = runArgs();
            args.addAll(List.of(
                    "--entrypoint",
                    "bash",
                    image,
                    "-c",
                    "kafka-storage.sh format --ignore-formatted -t " + CLUSTER_ID + " -c " + inContainer
                            + " && exec kafka-server-start.sh " + inContainer));
            Docker.ok(args.toArray(String[]::new));
            created = true;
        }

        private List<String> runArgs() {
            List<String> args = new ArrayList<>(List.of(
                    "run",
                    "-d",
                    "--name",
                    container,
                    "--hostname",
                    podName,
                    "--network",
                    network,
                    "--network-alias",
                    host,
                    "--memory",
                    memory,
                    "-e",
                    "POD_NAME=" + podName,
                    "-e",
                    "POD_NAMESPACE=" + NAMESPACE,
                    "-e",
                    "KRAFTER_CLUSTER_ID=" + CLUSTER_ID,
                    "-e",
                    "KRAFTER_HEADLESS_SERVICE=" + statefulSet.headlessService,
                    "-e",
                    "KRAFTER_NODE_ID_OFFSET=" + statefulSet.nodeIdOffset,
                    "-v",
                    statefulSet.configDir + ":/etc/kafka/base:ro",
                    "-v",
                    volume + ":/var/lib/kafka/data",
                    "-p",
                    "127.0.0.1::9500",
                    "-p",
                    "127.0.0.1::9404"));
            if (!jvmOpts.isEmpty()) {
                args.addAll(List.of("-e", "KRAFTER_JVM_OPTS=" + jvmOpts));
            }
            if (hasExternal) {
                args.addAll(List.of("-p", "127.0.0.1:" + externalPort + ":9094"));
            }
            rack.ifPresent(zone -> {
                Path rackDir = workDir.resolve("rack-" + podName);
                try {
                    Files.createDirectories(rackDir);
                    Files.setPosixFilePermissions(rackDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                write(rackDir.resolve("rack"), zone);
                args.addAll(List.of("-v", rackDir + ":/etc/kafka/rack:ro"));
            });
            return args;
        }

        public void kill() {
            Docker.ok("kill", container);
        }

        public boolean running() {
            return "true".equals(Docker.ok("inspect", "--format", "{{.State.Running}}", container));
        }

        /** Runs a command in the container (as `docker exec` does for a user). */
        public Docker.Result exec(String... command) {
            return exec(Duration.ofMinutes(2), command);
        }

        public Docker.Result exec(Duration timeout, String... command) {
            List<String> args = new ArrayList<>(List.of("exec", container));
            args.addAll(List.of(command));
            return Docker.run(timeout, args.toArray(String[]::new));
        }

        public String logs() {
            return Docker.run(Duration.ofSeconds(30), "logs", container).output();
        }

        /** The 127.0.0.1 port a container port is published on (changes when the container restarts). */
        public int publishedPort(int containerPort) {
            String mapping = Docker.ok("port", container, containerPort + "/tcp")
                    .lines()
                    .findFirst()
                    .orElseThrow();
            return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
        }

        /** GET on a published port: "status body", or "unreachable ..." when nothing answers yet. */
        public String httpGet(int containerPort, String path) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publishedPort(containerPort) + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() + " " + response.body().trim();
            } catch (IOException | RuntimeException e) {
                return "unreachable " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        public String ready() {
            return httpGet(9500, "/ready");
        }

        public String healthz() {
            return httpGet(9500, "/healthz");
        }

        public String metrics() {
            return httpGet(9404, "/metrics");
        }

        @Override
        public String toString() {
            return podName + " (node " + nodeId + ")";
        }
    }

    /** Everything the containers printed, for a failing test's report. */
    Map<String, String> allLogs() {
        Map<String, String> logs = new LinkedHashMap<>();
        nodes.forEach(node -> logs.put(node.podName, node.logs()));
        return logs;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        for (Node node : nodes) {
            Docker.run(Duration.ofMinutes(1), "rm", "-f", node.container);
            Docker.run(Duration.ofMinutes(1), "volume", "rm", "-f", node.volume);
        }
        Docker.run(Duration.ofMinutes(1), "network", "rm", network);
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // temp dir; best effort
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
