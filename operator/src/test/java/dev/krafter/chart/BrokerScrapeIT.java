package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.testing.RequiredTool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every broker metric the dashboards and alerts use (metric-names.txt, source {@code broker}) is served by the real
 * broker image: one combined broker/controller node of {@code krafter/kafka} in Docker, with a topic that has seen
 * traffic both ways, scraped on port 9404 (published on loopback only). Skipped when Docker or the image is missing.
 */
class BrokerScrapeIT {
    private static final String IMAGE = System.getProperty(
            "krafter.kafka.image", System.getenv().getOrDefault("KRAFTER_KAFKA_IMAGE", "krafter/kafka:4.4.0"));
    /** A single-node KRaft cluster, in the shape of the base config the operator mounts at /etc/kafka/base. */
    private static final String BASE_CONFIG = """
            process.roles=broker,controller
            listeners=REPLICATION://:9091,CLIENT://:9092,CONTROLLER://:9090
            advertised.listeners=REPLICATION://localhost:9091,CLIENT://localhost:9092
            listener.security.protocol.map=REPLICATION:PLAINTEXT,CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT
            inter.broker.listener.name=REPLICATION
            controller.listener.names=CONTROLLER
            controller.quorum.voters=0@localhost:9090
            offsets.topic.replication.factor=1
            transaction.state.log.replication.factor=1
            transaction.state.log.min.isr=1
            """;

    @Test
    void brokerServesEveryMetricTheDashboardsAndAlertsUse() throws Exception {
        RequiredTool.require(docker("info").exitCode() == 0, "Docker is not available: broker scrape not tested");
        RequiredTool.require(
                docker("image", "inspect", IMAGE).exitCode() == 0,
                "image " + IMAGE + " is not built (broker-image/build-image.sh): broker scrape not tested");
        Set<String> expected = MetricNamesTest.listedMetrics().entrySet().stream()
                .filter(e -> e.getValue().equals("broker"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());

        Path base = Files.createTempDirectory("krafter-broker-base");
        Files.writeString(base.resolve("server.properties"), BASE_CONFIG);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(base.resolve("server.properties"), PosixFilePermissions.fromString("rw-r--r--"));
        String name = "krafter-scrape-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Result run = docker(
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--memory",
                    "1g",
                    "-p",
                    "127.0.0.1::9404",
                    "-e",
                    "POD_NAME=scrape-0",
                    "-e",
                    "KRAFTER_CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qk",
                    "-e",
                    "KRAFTER_HEADLESS_SERVICE=scrape-nodes",
                    "-v",
                    base + ":/etc/kafka/base:ro",
                    IMAGE);
            assertThat(run.exitCode()).as(run.output()).isZero();
            String port = docker("port", name, "9404/tcp")
                    .output()
                    .strip()
                    .lines()
                    .findFirst()
                    .orElseThrow();
            URI metrics = URI.create("http://" + port + "/metrics");

            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions()
                    .untilAsserted(
                            () -> assertThat(scrape(metrics)).contains("kafka_server_kafkaserver_brokerstate 3.0"));
            Result topic = docker(
                    "exec",
                    name,
                    "kafka-topics.sh",
                    "--bootstrap-server",
                    "localhost:9092",
                    "--create",
                    "--topic",
                    "orders",
                    "--partitions",
                    "2",
                    "--replication-factor",
                    "1");
            assertThat(topic.exitCode()).as(topic.output()).isZero();
            Result produce = docker(
                    "exec",
                    name,
                    "bash",
                    "-c",
                    "seq 1 100 | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders");
            assertThat(produce.exitCode()).as(produce.output()).isZero();
            Result consume = docker(
                    "exec",
                    name,
                    "kafka-console-consumer.sh",
                    "--bootstrap-server",
                    "localhost:9092",
                    "--topic",
                    "orders",
                    "--partition",
                    "0",
                    "--offset",
                    "earliest",
                    "--max-messages",
                    "5",
                    "--timeout-ms",
                    "60000");
            assertThat(consume.exitCode()).as(consume.output()).isZero();

            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        Set<String> served = Arrays.stream(scrape(metrics).split("\n"))
                                .filter(l -> !l.startsWith("#") && !l.isBlank())
                                .map(l -> l.replaceAll("[{ ].*", ""))
                                .collect(Collectors.toSet());
                        assertThat(served).containsAll(expected);
                    });
        } finally {
            docker("rm", "-f", name);
            Files.deleteIfExists(base.resolve("server.properties"));
            Files.deleteIfExists(base);
        }
    }

    private static String scrape(URI uri) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    record Result(int exitCode, String output) {}

    private static Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, "docker not found: " + e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
