package dev.krafter.entrypoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * First step of {@code krafter-entrypoint.sh}: writes the generated server.properties, prints the non-secret
 * config, and checks the data volume. Exit status: 0 when the data volume is formatted for this cluster,
 * {@value #EXIT_NEEDS_FORMAT} when it must be formatted, 1 with a message on stderr when the input is wrong.
 *
 * <p>Usage: {@code EntrypointMain <config dir> <rack file> <log dir> <output file> [<secret config dir>]}; the secret
 * config dir defaults to {@value SecretConfig#DEFAULT_DIR}.
 */
public final class EntrypointMain {

    static final int EXIT_NEEDS_FORMAT = 10;
    static final String CLIENT_CONFIG = "client.properties";

    private EntrypointMain() {}

    public static void main(String[] args) {
        if (args.length != 4 && args.length != 5) {
            System.err.println(
                    "usage: EntrypointMain <config dir> <rack file> <log dir> <output file> [<secret config dir>]");
            System.exit(2);
        }
        try {
            StorageCheck.Action action = run(
                    System.getenv(),
                    Path.of(args[0]),
                    Path.of(args[1]),
                    Path.of(args[2]),
                    Path.of(args[3]),
                    Path.of(args.length == 5 ? args[4] : SecretConfig.DEFAULT_DIR));
            System.exit(action == StorageCheck.Action.FORMAT ? EXIT_NEEDS_FORMAT : 0);
        } catch (ConfigException e) {
            fail("krafter-entrypoint: ERROR: " + e.getMessage());
        } catch (IOException e) {
            fail("krafter-entrypoint: ERROR: " + e);
        }
    }

    /** The error on stderr and in the termination message (the pod's lastState shows it), then exit status 1. */
    private static void fail(String message) {
        System.err.println(message);
        TerminationLog.write(System.getenv(), message);
        System.exit(1);
    }

    static StorageCheck.Action run(Map<String, String> env, Path configDir, Path rackFile, Path logDir, Path output)
            throws IOException {
        return run(env, configDir, rackFile, logDir, output, configDir.resolve("no-secret-config"));
    }

    static StorageCheck.Action run(
            Map<String, String> env, Path configDir, Path rackFile, Path logDir, Path output, Path secretConfigDir)
            throws IOException {
        PodIdentity pod = PodIdentity.fromEnv(env);
        Path base = configDir.resolve("server.properties");
        if (!Files.isRegularFile(base)) {
            throw new ConfigException(base + " is missing: mount the base config (ConfigMap) there");
        }
        Path nodeFile = configDir.resolve("node-" + pod.ordinal() + ".properties");
        ServerConfigGenerator.Generated generated = ServerConfigGenerator.generate(
                pod, Files.readString(base), readIfPresent(nodeFile), readIfPresent(rackFile), logDir.toString());

        Map<String, String> secrets = SecretConfig.read(secretConfigDir);
        Map<String, String> properties = SecretConfig.addTo(generated.properties(), secrets);

        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, ServerProperties.render(properties));
        writeClientConfig(pod, configDir, output);

        System.out.println("krafter-entrypoint: pod " + pod.namespace() + "/" + pod.podName() + ", node.id "
                + pod.nodeId() + ", advertised host " + pod.advertisedHost()
                + (Files.isRegularFile(nodeFile) ? ", overrides from " + nodeFile : ""));
        generated.notes().forEach(note -> System.out.println("krafter-entrypoint: " + note));
        System.out.println("krafter-entrypoint: generated " + output + ":");
        if (!secrets.isEmpty()) {
            System.out.println("krafter-entrypoint: from Secrets (" + secretConfigDir + "): "
                    + String.join(", ", secrets.keySet()));
        }
        System.out.print(ServerProperties.renderRedacted(properties, secrets.keySet()));

        return StorageCheck.decide(
                readIfPresent(logDir.resolve("meta.properties")),
                env.get("KRAFTER_CLUSTER_ID").trim(),
                logDir.toString());
    }

    /**
     * The operator's client config for Kafka's CLI in this pod (the replication listener, with this node's certificate
     * when the cluster has internal TLS), with this pod's values filled in, next to the server config:
     * {@code --command-config /tmp/kafka/client.properties}. It names key files only, no secret values.
     */
    static void writeClientConfig(PodIdentity pod, Path configDir, Path output) throws IOException {
        Optional<String> client = readIfPresent(configDir.resolve(CLIENT_CONFIG));
        if (client.isPresent()) {
            Path written = output.toAbsolutePath().getParent().resolve(CLIENT_CONFIG);
            Files.writeString(written, ServerConfigGenerator.substitute(client.get(), pod.placeholders()));
            System.out.println("krafter-entrypoint: wrote " + written + " for Kafka's CLI (--command-config)");
        }
    }

    private static Optional<String> readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }
}
