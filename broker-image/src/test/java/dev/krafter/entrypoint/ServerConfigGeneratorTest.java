package dev.krafter.entrypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigGeneratorTest {

    private static final Map<String, String> ENV = Map.of(
            "POD_NAME", "prod-kafka-broker-2",
            "POD_NAMESPACE", "payments",
            "KRAFTER_CLUSTER_ID", "MkU3OEVBNTcwNTJENDM2Qk",
            "KRAFTER_HEADLESS_SERVICE", "prod-kafka-brokers",
            "KRAFTER_NODE_ID_OFFSET", "100");

    private static final String BASE = """
      process.roles=broker
      listeners=REPLICATION://:9091,CLIENT://:9092
      advertised.listeners=REPLICATION://${ADVERTISED_HOST}:9091,CLIENT://${ADVERTISED_HOST}:9092
      controller.quorum.voters=0@prod-kafka-controller-0.prod-kafka-controllers.${POD_NAMESPACE}.svc:9090
      client.id.prefix=${POD_NAME}-${ORDINAL}-${NODE_ID}
      ssl.keystore.password=${file:/etc/kafka/secrets/ssl.properties:keystore.password}
      """;

    @Test
    void podIdentityFromTheStatefulSetPodName() {
        PodIdentity pod = PodIdentity.fromEnv(ENV);
        assertThat(pod.ordinal()).isEqualTo(2);
        assertThat(pod.nodeId()).isEqualTo(102);
        assertThat(pod.advertisedHost()).isEqualTo("prod-kafka-broker-2.prod-kafka-brokers.payments.svc");
    }

    @Test
    void defaultsForOptionalEnvironment() {
        PodIdentity pod = PodIdentity.fromEnv(Map.of(
                "POD_NAME",
                "k-0",
                "KRAFTER_CLUSTER_ID",
                "id",
                "KRAFTER_HEADLESS_SERVICE",
                "k-headless",
                "KRAFTER_ADVERTISED_HOST",
                " "));
        assertThat(pod.namespace()).isEqualTo("default");
        assertThat(pod.nodeId()).isZero();
        assertThat(pod.advertisedHost()).isEqualTo("k-0.k-headless.default.svc");

        PodIdentity external = PodIdentity.fromEnv(Map.of(
                "POD_NAME",
                "k-0",
                "KRAFTER_CLUSTER_ID",
                "id",
                "KRAFTER_HEADLESS_SERVICE",
                "k-headless",
                "KRAFTER_ADVERTISED_HOST",
                "broker0.example.com"));
        assertThat(external.advertisedHost()).isEqualTo("broker0.example.com");
    }

    @Test
    void badEnvironmentIsRejectedWithWhatToChange() {
        assertThatThrownBy(
                        () -> PodIdentity.fromEnv(Map.of("KRAFTER_CLUSTER_ID", "id", "KRAFTER_HEADLESS_SERVICE", "h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POD_NAME is required");
        assertThatThrownBy(() -> PodIdentity.fromEnv(Map.of("POD_NAME", "k-0", "KRAFTER_HEADLESS_SERVICE", "h")))
                .hasMessageContaining("KRAFTER_CLUSTER_ID is required");
        assertThatThrownBy(() -> PodIdentity.fromEnv(Map.of("POD_NAME", "k-0", "KRAFTER_CLUSTER_ID", "id")))
                .hasMessageContaining("KRAFTER_HEADLESS_SERVICE is required");
        assertThatThrownBy(() -> PodIdentity.fromEnv(
                        Map.of("POD_NAME", "kafka", "KRAFTER_CLUSTER_ID", "id", "KRAFTER_HEADLESS_SERVICE", "h")))
                .hasMessageContaining("does not end in -<ordinal>");
        assertThatThrownBy(() -> PodIdentity.fromEnv(Map.of(
                        "POD_NAME",
                        "k-1",
                        "KRAFTER_CLUSTER_ID",
                        "id",
                        "KRAFTER_HEADLESS_SERVICE",
                        "h",
                        "KRAFTER_NODE_ID_OFFSET",
                        "-5")))
                .hasMessageContaining("KRAFTER_NODE_ID_OFFSET must be a non-negative integer, got '-5'");
    }

    @Test
    void substitutesPlaceholdersAndComputesPerPodValues() {
        ServerConfigGenerator.Generated generated = ServerConfigGenerator.generate(
                PodIdentity.fromEnv(ENV),
                BASE,
                Optional.empty(),
                Optional.of("eu-west-1b\n"),
                ServerConfigGenerator.LOG_DIR);

        Map<String, String> config = generated.properties();
        assertThat(config)
                .containsEntry("node.id", "102")
                .containsEntry("log.dirs", "/var/lib/kafka/data/kafka-log")
                .containsEntry("broker.rack", "eu-west-1b")
                .containsEntry(
                        "advertised.listeners",
                        "REPLICATION://prod-kafka-broker-2.prod-kafka-brokers.payments.svc:9091,"
                                + "CLIENT://prod-kafka-broker-2.prod-kafka-brokers.payments.svc:9092")
                .containsEntry(
                        "controller.quorum.voters",
                        "0@prod-kafka-controller-0.prod-kafka-controllers.payments.svc:9090")
                .containsEntry("client.id.prefix", "prod-kafka-broker-2-2-102")
                // Kafka config providers keep their own ${...} syntax.
                .containsEntry("ssl.keystore.password", "${file:/etc/kafka/secrets/ssl.properties:keystore.password}")
                .doesNotContainKey("metadata.log.dir");
        assertThat(generated.notes()).isEmpty();
    }

    @Test
    void perPodFileOverridesTheBaseAndComputedKeysWin() {
        String nodeOverrides = """
        process.roles=broker,controller
        advertised.listeners=CLIENT://broker-${ORDINAL}.example.com:9094
        node.id=7
        metadata.log.dir=/elsewhere
        """;
        ServerConfigGenerator.Generated generated = ServerConfigGenerator.generate(
                PodIdentity.fromEnv(ENV),
                BASE,
                Optional.of(nodeOverrides),
                Optional.of("  "),
                ServerConfigGenerator.LOG_DIR);

        assertThat(generated.properties())
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("advertised.listeners", "CLIENT://broker-2.example.com:9094")
                .containsEntry("node.id", "102")
                .doesNotContainKeys("metadata.log.dir", "broker.rack");
        assertThat(generated.notes())
                .containsExactly(
                        "ignoring node.id=7 from the mounted config: the entrypoint computes it",
                        "ignoring metadata.log.dir=/elsewhere from the mounted config: the entrypoint computes it");
    }

    @Test
    void processRolesIsRequired() {
        assertThatThrownBy(() -> ServerConfigGenerator.generate(
                        PodIdentity.fromEnv(ENV),
                        "listeners=CLIENT://:9092\n",
                        Optional.empty(),
                        Optional.empty(),
                        ServerConfigGenerator.LOG_DIR))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("process.roles is missing");
    }

    @Test
    void renderedConfigReadsBackTheSameAndHidesSecrets() {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("listeners", "CLIENT://:9092");
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";");
        config.put("ssl.truststore.password", "changeit");
        config.put("path.with.backslash", "C:\\data\nnext");

        assertThat(ServerProperties.parse(ServerProperties.render(config))).isEqualTo(config);
        assertThat(ServerProperties.render(config)).startsWith("listeners=CLIENT://:9092\n");
        String printed = ServerProperties.renderRedacted(config);
        assertThat(printed)
                .contains("listeners=CLIENT://:9092", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain("s3cret", "changeit");
    }

    @Test
    void parsesContinuationLinesAndKeepsOrder() {
        Map<String, String> parsed = ServerProperties.parse("""
        # comment
        b = 2
        a: 1
        list=x,\\
          y
        b=3
        """);
        assertThat(parsed).containsExactly(Map.entry("a", "1"), Map.entry("list", "x,y"), Map.entry("b", "3"));
    }
}
