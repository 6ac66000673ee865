package dev.krafter.entrypoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Broker config values taken from Secrets ({@code spec.brokers.secretConfig}): the operator mounts each referenced
 * Secret key as a file named after the Kafka config key, so the value never passes through the operator or the
 * ConfigMap. The entrypoint adds them to the generated server.properties; they are never printed.
 */
public final class SecretConfig {

    /** Where the operator mounts the files (a projected volume of the referenced Secret keys). */
    public static final String DEFAULT_DIR = "/etc/kafka/secret-config";

    private SecretConfig() {}

    /**
     * The {@code key -> value} pairs in {@code dir}: one file per key, its content the value, without one trailing line
     * break (as {@code kubectl create secret --from-file} keeps a file's last newline, which no Kafka password means).
     * Kubernetes' own entries of a projected volume ({@code ..data}, {@code ..<timestamp>}) are skipped. Empty when the
     * directory does not exist.
     */
    public static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> values = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return values;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String key = entry.getFileName().toString();
                if (key.startsWith("..") || !Files.isRegularFile(entry)) {
                    continue;
                }
                values.put(key, withoutTrailingLineBreak(Files.readString(entry)));
            }
        }
        return values;
    }

    /** {@code properties} with the secret values added; a key set both ways is refused. */
    public static Map<String, String> addTo(Map<String, String> properties, Map<String, String> secrets) {
        Map<String, String> result = new java.util.LinkedHashMap<>(properties);
        secrets.forEach((key, value) -> {
            if (result.containsKey(key)) {
                throw new ConfigException(key + " is set in the mounted server.properties and taken from a Secret"
                        + " (spec.brokers.secretConfig): set it in one place only");
            }
            result.put(key, value);
        });
        return result;
    }

    static String withoutTrailingLineBreak(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }
}
