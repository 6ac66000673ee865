package dev.krafter.entrypoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config step on real files, as the entrypoint script runs it (paths from arguments, values from env). */
class EntrypointMainTest {

    private static final Map<String, String> ENV = Map.of(
            "POD_NAME",
            "kafka-1",
            "KRAFTER_CLUSTER_ID",
            "MkU3OEVBNTcwNTJENDM2Qk",
            "KRAFTER_HEADLESS_SERVICE",
            "kafka-headless");

    @TempDir
    Path dir;

    @Test
    void writesTheGeneratedConfigAndAsksForFormattingOnAnEmptyVolume() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("base"));
        Files.writeString(
                configDir.resolve("server.properties"),
                "process.roles=broker,controller\n" + "advertised.listeners=CLIENT://${ADVERTISED_HOST}:9092\n");
        Files.writeString(configDir.resolve("node-1.properties"), "broker.rack=from-node-file\n");
        Files.writeString(configDir.resolve("node-0.properties"), "broker.rack=not-mine\n");
        Path output = dir.resolve("tmp/kafka/server.properties");

        StorageCheck.Action action =
                EntrypointMain.run(ENV, configDir, dir.resolve("rack/rack"), dir.resolve("log"), output);

        assertThat(action).isEqualTo(StorageCheck.Action.FORMAT);
        assertThat(ServerProperties.parse(Files.readString(output)))
                .containsEntry("node.id", "1")
                .containsEntry("log.dirs", dir.resolve("log").toString())
                .containsEntry("advertised.listeners", "CLIENT://kafka-1.kafka-headless.default.svc:9092")
                .containsEntry("broker.rack", "from-node-file");
    }

    @Test
    void rackFileWinsAndExistingDataOfTheSameClusterIsReused() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("base"));
        Files.writeString(configDir.resolve("server.properties"), "process.roles=broker\nbroker.rack=ignored\n");
        Path rack = Files.createDirectories(dir.resolve("rack")).resolve("rack");
        Files.writeString(rack, "zone-a\n");
        Path log = Files.createDirectories(dir.resolve("log"));
        Files.writeString(log.resolve("meta.properties"), "version=1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qk\nnode.id=1\n");
        Path output = dir.resolve("out.properties");

        assertThat(EntrypointMain.run(ENV, configDir, rack, log, output)).isEqualTo(StorageCheck.Action.USE_EXISTING);
        assertThat(ServerProperties.parse(Files.readString(output))).containsEntry("broker.rack", "zone-a");
    }

    @Test
    void secretValuesMountedAsFilesGoIntoTheGeneratedConfigAndAreNeverPrinted() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("base"));
        Files.writeString(configDir.resolve("server.properties"), "process.roles=broker\n");
        // A projected Secret volume as the kubelet writes it: ..data and a timestamped directory beside the key links.
        Path secrets = Files.createDirectories(dir.resolve("secret-config"));
        Path data = Files.createDirectories(secrets.resolve("..2026_03_01_12_00_00.000000001"));
        Files.writeString(data.resolve("ssl.truststore.password"), "s3cr3t-Value\n");
        Files.writeString(
                data.resolve("listener.name.plain.plain.sasl.jaas.config"),
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"a=1\";");
        Files.createSymbolicLink(secrets.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(secrets.resolve("ssl.truststore.password"), Path.of("..data/ssl.truststore.password"));
        Files.createSymbolicLink(
                secrets.resolve("listener.name.plain.plain.sasl.jaas.config"),
                Path.of("..data/listener.name.plain.plain.sasl.jaas.config"));
        Path output = dir.resolve("out.properties");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            EntrypointMain.run(ENV, configDir, dir.resolve("rack"), dir.resolve("log"), output, secrets);
        } finally {
            System.setOut(stdout);
        }

        assertThat(ServerProperties.parse(Files.readString(output)))
                .containsEntry("ssl.truststore.password", "s3cr3t-Value")
                .containsEntry(
                        "listener.name.plain.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"a=1\";")
                .doesNotContainKey("..data");
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("ssl.truststore.password=[hidden]")
                .doesNotContain("s3cr3t")
                .doesNotContain("user_alice");
    }

    @Test
    void aKeySetInTheConfigMapAndFromASecretIsRefused() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("base"));
        Files.writeString(configDir.resolve("server.properties"), "process.roles=broker\nssl.key.password=inline\n");
        Path secrets = Files.createDirectories(dir.resolve("secret-config"));
        Files.writeString(secrets.resolve("ssl.key.password"), "from-secret");
        assertThatThrownBy(() -> EntrypointMain.run(
                        ENV,
                        configDir,
                        dir.resolve("rack"),
                        dir.resolve("log"),
                        dir.resolve("out.properties"),
                        secrets))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "ssl.key.password is set in the mounted server.properties and taken from a Secret")
                .hasMessageNotContaining("from-secret")
                .hasMessageNotContaining("inline");
    }

    @Test
    void theClientConfigForKafkasCliIsWrittenNextToTheServerConfigWithThisPodsValues() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("base"));
        Files.writeString(configDir.resolve("server.properties"), "process.roles=broker\n");
        Files.writeString(
                configDir.resolve("client.properties"),
                "security.protocol=SSL\n" + "ssl.keystore.location=/etc/kafka/tls/${POD_NAME}.pem\n");
        Path output = dir.resolve("tmp/kafka/server.properties");

        EntrypointMain.run(ENV, configDir, dir.resolve("rack/rack"), dir.resolve("log"), output);

        assertThat(ServerProperties.parse(Files.readString(dir.resolve("tmp/kafka/client.properties"))))
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", "/etc/kafka/tls/kafka-1.pem");
    }

    @Test
    void missingBaseConfigIsAClearError() {
        assertThatThrownBy(() -> EntrypointMain.run(
                        ENV,
                        dir.resolve("nowhere"),
                        dir.resolve("rack"),
                        dir.resolve("log"),
                        dir.resolve("out.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.properties is missing: mount the base config (ConfigMap) there");
    }
}
