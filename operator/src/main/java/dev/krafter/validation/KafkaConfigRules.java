package dev.krafter.validation;

import dev.krafter.kafka.ConfigValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.apache.kafka.server.log.remote.storage.RemoteLogManagerConfig;
import org.apache.kafka.storage.internals.log.LogConfig;

/**
 * Config keys and values checked against Kafka's own definitions, the {@link ConfigDef}s the broker itself parses its
 * config with: {@link AbstractKafkaConfig#CONFIG_DEF} for server.properties (kafka-server) and {@link LogConfig} for
 * topic configs (kafka-storage). A value is parsed as its type and checked by the key's validator (ranges, valid
 * strings), so the message is Kafka's own.
 *
 * <p>Broker keys Kafka does not define are refused (a misspelled key would otherwise be taken for a read-only key and
 * roll the cluster for nothing), except keys that plugins and per-listener settings read by prefix:
 * {@link #BROKER_KEY_PREFIXES}, the prefixes of the remote storage plugins
 * ({@code remote.log.storage.manager.impl.prefix}, {@code remote.log.metadata.manager.impl.prefix}, as configured or
 * Kafka's defaults {@code rsm.config.} and {@code rlmm.config.}), and the StandardAuthorizer's own keys.
 */
public final class KafkaConfigRules {
    /**
     * Prefixes under which Kafka reads keys its ConfigDef does not list: per-listener settings
     * ({@code listener.name.<listener>.<key>}), tiered storage ({@code remote.log.*}) and config providers
     * ({@code config.providers.<name>.class|param.*}).
     */
    public static final List<String> BROKER_KEY_PREFIXES =
            List.of("listener.name.", "remote.log.", AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".");
    /** Keys the default authorizer (StandardAuthorizer) reads from the broker config. */
    public static final Set<String> AUTHORIZER_KEYS = Set.of(
            StandardAuthorizer.SUPER_USERS_CONFIG,
            StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG,
            AbstractConfig.CONFIG_PROVIDERS_CONFIG);
    /** A config provider reference such as {@code ${file:/path:key}}: Kafka resolves it when the broker starts. */
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile(".*\\$\\{[^}]*}.*");

    private static final String LISTENER_PREFIX = "listener.name.";
    private static final Pattern KAFKA_MESSAGE_PREFIX = Pattern.compile("^Invalid value .* for configuration \\S+?: ");

    private KafkaConfigRules() {}

    /** Problems of a spec.brokers.config map: unknown keys and values Kafka's broker ConfigDef refuses. */
    public static List<String> brokerConfigProblems(String field, Map<String, Object> config) {
        Map<String, ConfigDef.ConfigKey> keys = AbstractKafkaConfig.CONFIG_DEF.configKeys();
        List<String> prefixes = pluginPrefixes(config);
        List<String> problems = new ArrayList<>();
        new TreeMap<>(config).forEach((key, value) -> {
            ConfigDef.ConfigKey definition = keys.get(key);
            if (isBrokerPassword(key) && !isProviderReference(value)) {
                problems.add(passwordProblem(field, key));
            } else if (definition != null) {
                valueProblem(field, definition, value).ifPresent(problems::add);
            } else if (!AUTHORIZER_KEYS.contains(key) && prefixes.stream().noneMatch(key::startsWith)) {
                problems.add(field + "." + key + " is not a Kafka broker config" + suggestion(key, keys.keySet())
                        + ": remove it or correct the key (keys Kafka does not define are refused, except under "
                        + String.join(", ", prefixes) + ")");
            }
        });
        return problems;
    }

    /** Problems of a Topic's spec.config map: unknown keys and values Kafka's topic ConfigDef refuses. */
    public static List<String> topicConfigProblems(String field, Map<String, Object> config) {
        Map<String, ConfigDef.ConfigKey> keys = LogConfig.configKeys();
        List<String> problems = new ArrayList<>();
        new TreeMap<>(config).forEach((key, value) -> {
            ConfigDef.ConfigKey definition = keys.get(key);
            if (definition != null && definition.type == ConfigDef.Type.PASSWORD && !isProviderReference(value)) {
                // Kafka 4.4 has no PASSWORD topic config; should one appear, its value is not taken inline either.
                problems.add(field + "." + key + " is a password (Kafka marks it PASSWORD): a Topic cannot hold it;"
                        + " remove it from " + field);
            } else if (definition != null) {
                valueProblem(field, definition, value).ifPresent(problems::add);
            } else {
                problems.add(field + "." + key + " is not a Kafka topic config" + suggestion(key, keys.keySet())
                        + ": remove it or correct the key (Kafka refuses topic configs it does not define)");
            }
        });
        return problems;
    }

    /**
     * Whether {@code key} is a broker config Kafka marks {@link ConfigDef.Type#PASSWORD} (ssl.*.password,
     * sasl.jaas.config, ...), or a per-listener variant of one: {@code listener.name.<listener>.<key>}, and for SASL
     * {@code listener.name.<listener>.<mechanism>.<key>}.
     */
    public static boolean isBrokerPassword(String key) {
        Map<String, ConfigDef.ConfigKey> keys = AbstractKafkaConfig.CONFIG_DEF.configKeys();
        ConfigDef.ConfigKey definition = keys.get(key);
        if (definition != null) {
            return definition.type == ConfigDef.Type.PASSWORD;
        }
        if (!key.startsWith(LISTENER_PREFIX)) {
            return false;
        }
        for (int dot = key.indexOf('.', LISTENER_PREFIX.length()); dot >= 0; dot = key.indexOf('.', dot + 1)) {
            ConfigDef.ConfigKey tail = keys.get(key.substring(dot + 1));
            if (tail != null && tail.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }

    /** The refusal of a password in spec.brokers.config: names the key, never the value. */
    static String passwordProblem(String field, String key) {
        return field + "." + key + " is a password (Kafka marks it PASSWORD) and is not taken inline, where the"
                + " ConfigMap, kubectl get and GitOps repositories would show it: remove it from " + field
                + " and take it from a Secret with spec.brokers.secretConfig: [{name: " + key
                + ", secretKeyRef: {name: <secret>, key: <key>}}]";
    }

    /** A value that is only a config provider reference ({@code ${provider:path:key}}) holds no secret itself. */
    static boolean isProviderReference(Object value) {
        return value instanceof String text && PROVIDER_REFERENCE.matcher(text).matches();
    }

    /** The prefixes whose keys are passed to plugins: {@link #BROKER_KEY_PREFIXES} and the remote storage ones. */
    static List<String> pluginPrefixes(Map<String, Object> config) {
        String rsm = Optional.ofNullable(config.get(RemoteLogManagerConfig.REMOTE_STORAGE_MANAGER_CONFIG_PREFIX_PROP))
                .map(ConfigValues::toKafkaString)
                .orElse(RemoteLogManagerConfig.DEFAULT_REMOTE_STORAGE_MANAGER_CONFIG_PREFIX);
        String rlmm = Optional.ofNullable(
                        config.get(RemoteLogManagerConfig.REMOTE_LOG_METADATA_MANAGER_CONFIG_PREFIX_PROP))
                .map(ConfigValues::toKafkaString)
                .orElse(RemoteLogManagerConfig.DEFAULT_REMOTE_LOG_METADATA_MANAGER_CONFIG_PREFIX);
        return Stream.concat(BROKER_KEY_PREFIXES.stream(), Stream.of(rsm, rlmm))
                .filter(p -> !p.isEmpty())
                .distinct()
                .toList();
    }

    /**
     * Kafka's verdict on one value: parsed as the key's type, then checked by its validator. Non-scalar values are
     * left to the scalar check; config provider references are resolved by Kafka at start and not judged here.
     */
    static Optional<String> valueProblem(String field, ConfigDef.ConfigKey key, Object value) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            return Optional.empty();
        }
        String text = ConfigValues.toKafkaString(value);
        if (PROVIDER_REFERENCE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            Object parsed = ConfigDef.parseType(key.name, text.trim(), key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, parsed);
            }
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(field + "." + key.name + ": '" + text + "' is not valid: " + kafkaReason(e)
                    + " (Kafka expects " + describe(key) + ")");
        }
    }

    /** Kafka's message without its "Invalid value x for configuration y: " lead, which the field already says. */
    static String kafkaReason(ConfigException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return KAFKA_MESSAGE_PREFIX.matcher(message).replaceFirst("");
    }

    private static String describe(ConfigDef.ConfigKey key) {
        return key.type + (key.validator == null ? "" : " " + key.validator);
    }

    /** ", did you mean 'x'?" for a defined key at most two edits away, else nothing. */
    static String suggestion(String key, Set<String> known) {
        return known.stream()
                .map(k -> Map.entry(k, distance(key, k)))
                .filter(e -> e.getValue() <= 2)
                .min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .map(e -> " (did you mean " + e.getKey() + "?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The value of an integer key when it is set and parses (the value check reports it otherwise). */
    public static Optional<Integer> intValue(Map<String, Object> config, String key) {
        Object value = config == null ? null : config.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    Integer.parseInt(ConfigValues.toKafkaString(value).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
