package dev.krafter.entrypoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the broker's server.properties from the operator's base config, the optional per-pod overrides and
 * the values computed for this pod. Pure: all inputs are passed in.
 */
public final class ServerConfigGenerator {

    public static final String LOG_DIR = "/var/lib/kafka/data/kafka-log";

    /** Keys the entrypoint owns: values for them in the mounted files are replaced. */
    static final List<String> COMPUTED_KEYS =
            List.of("node.id", "broker.id", "log.dirs", "log.dir", "metadata.log.dir");

    private ServerConfigGenerator() {}

    /** The result: the config to write and notes on values the entrypoint replaced. */
    public record Generated(Map<String, String> properties, List<String> notes) {}

    public static Generated generate(
            PodIdentity pod, String baseConfig, Optional<String> nodeOverrides, Optional<String> rack, String logDir) {
        Map<String, String> merged =
                new LinkedHashMap<>(ServerProperties.parse(substitute(baseConfig, pod.placeholders())));
        nodeOverrides.ifPresent(text -> merged.putAll(ServerProperties.parse(substitute(text, pod.placeholders()))));

        List<String> notes = new java.util.ArrayList<>();
        for (String key : COMPUTED_KEYS) {
            String given = merged.remove(key);
            if (given != null) {
                notes.add("ignoring " + key + "=" + given + " from the mounted config: the entrypoint computes it");
            }
        }
        requireKey(merged, "process.roles");

        Map<String, String> result = new LinkedHashMap<>();
        result.put("node.id", String.valueOf(pod.nodeId()));
        result.put("log.dirs", logDir);
        result.putAll(merged);
        rack.map(String::trim).filter(value -> !value.isEmpty()).ifPresent(value -> result.put("broker.rack", value));
        return new Generated(result, notes);
    }

    /**
     * Replaces the entrypoint's placeholders ({@code ${POD_NAME}}, {@code ${ORDINAL}}, ...) and nothing else, so
     * Kafka config-provider references such as {@code ${file:/path:key}} stay as they are.
     */
    public static String substitute(String text, Map<String, String> placeholders) {
        String result = text;
        for (Map.Entry<String, String> entry : placeholders.entrySet()) {
            result = result.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        return result;
    }

    private static void requireKey(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + " is missing from /etc/kafka/base/server.properties (and the per-pod file):"
                    + " the operator must set it");
        }
    }
}
