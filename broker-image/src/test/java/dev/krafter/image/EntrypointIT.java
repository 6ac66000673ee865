package dev.krafter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The entrypoint's refusals and its shutdown path, on single containers of the image. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntrypointIT {

    private static final String CLUSTER_A = "Q2x1c3RlckFBQUFBQUFBQQ";
    private static final String CLUSTER_B = "Q2x1c3RlckJCQkJCQkJCQg";

    private String image;
    private final String prefix =
            "krafter-it-entrypoint-" + UUID.randomUUID().toString().substring(0, 6);
    private final String volume = prefix + "-data";
    private final List<String> containers = new ArrayList<>();
    private Path configDir;

    @BeforeAll
    void build(@TempDir Path dir) throws Exception {
        image = BrokerImage.ensureBuilt();
        configDir = Files.createDirectories(dir.resolve("base"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(configDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path properties = Files.writeString(configDir.resolve("server.properties"), """
        process.roles=broker,controller
        listeners=CONTROLLER://:9090,CLIENT://:9092
        advertised.listeners=CLIENT://${ADVERTISED_HOST}:9092
        listener.security.protocol.map=CONTROLLER:PLAINTEXT,CLIENT:PLAINTEXT
        inter.broker.listener.name=CLIENT
        controller.listener.names=CONTROLLER
        controller.quorum.voters=0@localhost:9090
        offsets.topic.replication.factor=1
        """);
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterAll
    void cleanUp() {
        containers.forEach(container -> Docker.run(Duration.ofMinutes(1), "rm", "-f", container));
        if (image != null) {
            Docker.run(Duration.ofMinutes(1), "volume", "rm", "-f", volume, volume + "-read-only");
        }
    }

    @Test
    void sigtermGivesControlledShutdownAndAnotherClusterIdIsRefused() {
        String first = container("first");
        Docker.ok(
                "run",
                "-d",
                "--name",
                first,
                "-e",
                "POD_NAME=kafka-0",
                "-e",
                "KRAFTER_CLUSTER_ID=" + CLUSTER_A,
                "-e",
                "KRAFTER_HEADLESS_SERVICE=kafka-headless",
                "-e",
                "KRAFTER_ADVERTISED_HOST=localhost",
                "-e",
                "KAFKA_HEAP_OPTS=-Xmx256m",
                "-e",
                "KRAFTER_JVM_OPTS=" + ImageCluster.TEST_JVM_OPTS,
                "-v",
                configDir + ":/etc/kafka/base:ro",
                "-v",
                volume + ":/var/lib/kafka/data",
                image);
        await("single node up")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> logs(first).contains("Kafka Server started"));

        // docker stop sends SIGTERM to PID 1, which is the Kafka JVM: it shuts down cleanly.
        Docker.ok(Duration.ofMinutes(2), "stop", "--time", "60", first);
        assertThat(logs(first))
                .contains("krafter-entrypoint: heap from KAFKA_HEAP_OPTS: -Xmx256m")
                .contains(
                        "Terminating process due to signal SIGTERM",
                        "Beginning controlled shutdown",
                        "[BrokerServer id=0] shut down completed");
        String exitCode = Docker.ok("inspect", "--format", "{{.State.ExitCode}}", first);
        assertThat(exitCode).isIn("0", "143");

        String second = container("second");
        Docker.Result refused = Docker.run(
                Duration.ofMinutes(2),
                "run",
                "--name",
                second,
                "-e",
                "POD_NAME=kafka-0",
                "-e",
                "KRAFTER_CLUSTER_ID=" + CLUSTER_B,
                "-e",
                "KRAFTER_HEADLESS_SERVICE=kafka-headless",
                "-v",
                configDir + ":/etc/kafka/base:ro",
                "-v",
                volume + ":/var/lib/kafka/data",
                image);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr())
                .contains(
                        "cluster id mismatch",
                        "'" + CLUSTER_A + "'",
                        "KRAFTER_CLUSTER_ID is '" + CLUSTER_B + "'",
                        "delete the volume",
                        "fix the cluster id");

        // The volume still belongs to cluster A: nothing was reformatted.
        String meta = Docker.ok(
                "run",
                "--rm",
                "--entrypoint",
                "cat",
                "-v",
                volume + ":/var/lib/kafka/data",
                image,
                "/var/lib/kafka/data/kafka-log/meta.properties");
        assertThat(meta).contains("cluster.id=" + CLUSTER_A);
    }

    /**
     * The operator runs the Kafka container with a read-only root file system and an emptyDir on /tmp (not noexec: the
     * compression codecs load native libraries they unpack there). Kafka starts, formats its data volume, and takes and
     * serves batches of every codec; the CLI tools run with `docker exec` as they do with `kubectl exec`.
     */
    @Test
    void runsOnAReadOnlyRootFileSystemWithAWritableTmpOnly() {
        String node = container("read-only");
        Docker.ok(
                "run",
                "-d",
                "--name",
                node,
                "--read-only",
                "--tmpfs",
                "/tmp:rw,exec,mode=1777,size=64m",
                "-e",
                "POD_NAME=kafka-0",
                "-e",
                "KRAFTER_CLUSTER_ID=" + CLUSTER_A,
                "-e",
                "KRAFTER_HEADLESS_SERVICE=kafka-headless",
                "-e",
                "KRAFTER_ADVERTISED_HOST=localhost",
                "-e",
                "KAFKA_HEAP_OPTS=-Xmx256m",
                "-e",
                "KRAFTER_JVM_OPTS=" + ImageCluster.TEST_JVM_OPTS,
                "-v",
                configDir + ":/etc/kafka/base:ro",
                "-v",
                volume + "-read-only:/var/lib/kafka/data",
                image);
        await("single node up on a read-only root")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> logs(node).contains("Kafka Server started"));

        String tools = Docker.ok(Duration.ofMinutes(3), "exec", node, "bash", "-c", """
        kafka-topics.sh --bootstrap-server localhost:9092 --create --topic read-only --partitions 1 \
          --replication-factor 1 >/dev/null
        for codec in zstd snappy lz4 gzip; do
          echo "value-$codec" | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic read-only \
            --command-property compression.type=$codec --command-property acks=all
        done
        kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic read-only --from-beginning \
          --max-messages 4 --timeout-ms 60000 2>/dev/null
        touch /opt/kafka/written 2>&1 || true
        """);
        assertThat(tools)
                .contains("value-zstd", "value-snappy", "value-lz4", "value-gzip")
                .as("the root file system is read-only")
                .contains("Read-only file system");
        assertThat(Docker.ok("exec", node, "cat", "/tmp/kafka/server.properties"))
                .contains("node.id=0");
        assertThat(logs(node)).doesNotContain("Read-only file system");
    }

    @Test
    void missingEnvironmentIsAClearError() {
        Docker.Result result = Docker.run(
                Duration.ofMinutes(1),
                "run",
                "--name",
                container("no-pod-name"),
                "-e",
                "KRAFTER_CLUSTER_ID=" + CLUSTER_A,
                "-v",
                configDir + ":/etc/kafka/base:ro",
                image);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("krafter-entrypoint: ERROR: environment variable POD_NAME is required");

        Docker.Result noConfig = Docker.run(
                Duration.ofMinutes(1),
                "run",
                "--name",
                container("no-config"),
                "-e",
                "POD_NAME=kafka-0",
                "-e",
                "KRAFTER_CLUSTER_ID=" + CLUSTER_A,
                "-e",
                "KRAFTER_HEADLESS_SERVICE=h",
                image);
        assertThat(noConfig.exitCode()).isEqualTo(1);
        assertThat(noConfig.stderr()).contains("/etc/kafka/base/server.properties is missing");
    }

    private String container(String name) {
        String container = prefix + "-" + name;
        containers.add(container);
        return container;
    }

    private static String logs(String container) {
        return Docker.run(Duration.ofSeconds(30), "logs", container).output();
    }
}
