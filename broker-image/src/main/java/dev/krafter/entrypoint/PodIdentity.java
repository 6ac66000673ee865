package dev.krafter.entrypoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who this pod is, from the environment the operator sets: ordinal and node id from the StatefulSet pod name,
 * the stable DNS name it advertises. Also the values of the {@code ${...}} placeholders.
 */
public record PodIdentity(String podName, String namespace, int ordinal, int nodeId, String advertisedHost) {

    public static PodIdentity fromEnv(Map<String, String> env) {
        String podName = required(env, "POD_NAME", "the StatefulSet pod name, e.g. my-cluster-broker-0");
        String namespace = nonBlank(env.get("POD_NAMESPACE"), "default");
        required(env, "KRAFTER_CLUSTER_ID", "the KRaft cluster id every node of the cluster shares");
        String headless =
                required(env, "KRAFTER_HEADLESS_SERVICE", "the headless Service that gives pods stable DNS names");
        int ordinal = ordinalOf(podName);
        int offset = parseNonNegative(nonBlank(env.get("KRAFTER_NODE_ID_OFFSET"), "0"), "KRAFTER_NODE_ID_OFFSET");
        String advertisedHost =
                nonBlank(env.get("KRAFTER_ADVERTISED_HOST"), podName + "." + headless + "." + namespace + ".svc");
        return new PodIdentity(podName, namespace, ordinal, ordinal + offset, advertisedHost);
    }

    /** The number after the last '-' of a StatefulSet pod name. */
    static int ordinalOf(String podName) {
        int dash = podName.lastIndexOf('-');
        String suffix = dash < 0 ? "" : podName.substring(dash + 1);
        if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit)) {
            throw new ConfigException(
                    "POD_NAME '" + podName + "' does not end in -<ordinal> (expected a StatefulSet pod name"
                            + " such as my-cluster-broker-0)");
        }
        return parseNonNegative(suffix, "the ordinal of POD_NAME");
    }

    /** Values for the placeholders that may appear in the mounted config files. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("POD_NAME", podName);
        values.put("POD_NAMESPACE", namespace);
        values.put("ORDINAL", String.valueOf(ordinal));
        values.put("NODE_ID", String.valueOf(nodeId));
        values.put("ADVERTISED_HOST", advertisedHost);
        return values;
    }

    private static String required(Map<String, String> env, String name, String what) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException("environment variable " + name + " is required: " + what);
        }
        return value.trim();
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int parseNonNegative(String text, String what) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(what + " must be a non-negative integer, got '" + text + "'");
    }
}
