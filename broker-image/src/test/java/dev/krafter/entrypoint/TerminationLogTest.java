package dev.krafter.entrypoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MarkerFactory;

/** What Kubernetes will carry in lastState.terminated.message: the entrypoint's errors and Kafka's fatal error. */
class TerminationLogTest {

    @TempDir
    Path dir;

    @Test
    void theEntrypointWritesItsErrorCutToWhatKubernetesKeeps() throws Exception {
        Path file = Files.createFile(dir.resolve("termination-log"));
        Map<String, String> env = Map.of(TerminationLog.ENV, file.toString());

        TerminationLog.write(env, "krafter-entrypoint: ERROR: cluster id mismatch");
        assertThat(Files.readString(file)).isEqualTo("krafter-entrypoint: ERROR: cluster id mismatch");

        TerminationLog.write(env, "x".repeat(10_000));
        assertThat(Files.size(file)).isLessThanOrEqualTo(TerminationLog.MAX_BYTES);
        assertThat(Files.readString(file)).endsWith(" [cut]");
    }

    @Test
    void outsideKubernetesNothingIsWritten() {
        Path absent = dir.resolve("no-such-file");

        TerminationLog.write(Map.of(TerminationLog.ENV, absent.toString()), "krafter-entrypoint: ERROR: x");

        assertThat(absent).doesNotExist();
    }

    @Test
    void kafkasFatalErrorGoesToTheTerminationLogOnOneLineAndNothingElseDoes() throws Exception {
        Path file = Files.createFile(dir.resolve("termination-log"));
        System.setProperty("krafter.terminationLog", file.toString());
        try (LoggerContext context = Configurator.initialize(
                "broker-image-test",
                null,
                Path.of("src/main/dist/config/log4j2.xml").toUri())) {
            Logger kafka = org.slf4j.LoggerFactory.getLogger("kafka.Kafka$");
            org.slf4j.LoggerFactory.getLogger("kafka.server.BrokerServer")
                    .error("a transient error", new IllegalStateException("not fatal"));
            kafka.error(
                    MarkerFactory.getMarker("FATAL"),
                    "Exiting Kafka due to fatal exception",
                    new IllegalArgumentException(
                            "Invalid value many for configuration num.network.threads: Not a number of" + " type INT"));
            context.stop();
        } finally {
            System.clearProperty("krafter.terminationLog");
        }

        assertThat(Files.readString(file))
                .isEqualTo("Exiting Kafka due to fatal exception: java.lang.IllegalArgumentException:"
                        + " Invalid value many for configuration num.network.threads: Not a number of type INT\n");
    }
}
