package dev.krafter.roll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Broker config: which keys Kafka can change at run time and which need a restart, decided from Kafka's own
 * answer to describeConfigs (read-only flag and synonyms), and the live update of the dynamic ones as
 * cluster-wide defaults.
 */
public final class BrokerConfigs {

    /** The cluster-wide default broker resource: dynamic values set here apply to every broker. */
    public static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");

    private BrokerConfigs() {}

    /**
     * Splits the desired user config.
     *
     * <ul>
     *   <li>A key Kafka reports as read-only, or does not know (plugin configs are read at start-up), is
     *       {@code readOnly}: it changes with a rolling restart.</li>
     *   <li>A dynamic key goes to {@code setLive} when the cluster-wide dynamic default differs from the desired
     *       value (or, for a sensitive key Kafka never shows, when it differs from what was applied before).</li>
     *   <li>A key applied live before and no longer desired goes to {@code deleteLive} while Kafka still holds a
     *       cluster-wide dynamic default for it.</li>
     * </ul>
     *
     * @param desired the user's broker config (operator-owned keys excluded), as Kafka strings
     * @param previouslyApplied the {@link ConfigPlan#live()} of the last plan applied successfully
     * @param described describeConfigs of one broker, with synonyms ({@link #describeBroker})
     */
    public static ConfigPlan plan(
            Map<String, String> desired, Map<String, String> previouslyApplied, Map<String, ConfigEntry> described) {
        Map<String, String> setLive = new HashMap<>();
        Map<String, String> readOnly = new HashMap<>();
        Map<String, String> live = new HashMap<>();
        desired.forEach((key, value) -> {
            ConfigEntry entry = described.get(key);
            if (entry == null || entry.isReadOnly()) {
                readOnly.put(key, value);
                return;
            }
            live.put(key, value);
            boolean changed = entry.isSensitive()
                    ? !Objects.equals(previouslyApplied.get(key), value)
                    : clusterDefault(entry)
                            .map(current -> !sameValue(entry, current, value))
                            .orElse(true);
            if (changed) {
                setLive.put(key, value);
            }
        });
        Set<String> deleteLive = new HashSet<>();
        for (String key : previouslyApplied.keySet()) {
            ConfigEntry entry = described.get(key);
            if (!desired.containsKey(key)
                    && entry != null
                    && !entry.isReadOnly()
                    && (entry.isSensitive() || clusterDefault(entry).isPresent())) {
                deleteLive.add(key);
            }
        }
        return new ConfigPlan(setLive, deleteLive, readOnly, live);
    }

    /** The cluster-wide dynamic default Kafka holds for this key, if any. */
    static Optional<String> clusterDefault(ConfigEntry entry) {
        if (entry.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG) {
            return Optional.ofNullable(entry.value());
        }
        // Synonyms also list other names of the setting (log.retention.ms for log.retention.hours): only this
        // key's own cluster default is comparable with the desired value.
        return entry.synonyms().stream()
                .filter(s -> s.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)
                .filter(s -> entry.name().equals(s.name()))
                .map(ConfigEntry.ConfigSynonym::value)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** Compares as Kafka would: lists element by element, booleans ignoring case. */
    static boolean sameValue(ConfigEntry entry, String current, String desired) {
        if (Objects.equals(current, desired)) {
            return true;
        }
        if (current == null || desired == null) {
            return false;
        }
        return switch (entry.type()) {
            case LIST -> items(current).equals(items(desired));
            case BOOLEAN ->
                current.trim().toLowerCase(Locale.ROOT).equals(desired.trim().toLowerCase(Locale.ROOT));
            default -> current.trim().equals(desired.trim());
        };
    }

    private static List<String> items(String list) {
        return list.isBlank()
                ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    /** describeConfigs of one broker with synonyms, by key. */
    public static Map<String, ConfigEntry> describeBroker(Admin admin, int brokerId, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokerId));
        Map<ConfigResource, Config> configs = admin.describeConfigs(
                        List.of(resource),
                        new DescribeConfigsOptions().includeSynonyms(true).timeoutMs(millis(timeout)))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, ConfigEntry> byName = new HashMap<>();
        for (ConfigEntry entry : configs.get(resource).entries()) {
            byName.put(entry.name(), entry);
        }
        return byName;
    }

    /**
     * Applies {@link ConfigPlan#setLive()} and {@link ConfigPlan#deleteLive()} as cluster-wide dynamic defaults.
     * Kafka validates the whole change first (validateOnly), so a bad value fails with Kafka's own message and
     * nothing is applied.
     */
    public static void applyLive(Admin admin, ConfigPlan plan, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (!plan.hasLiveChanges()) {
            return;
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        plan.setLive().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> ops.add(
                        new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)));
        plan.deleteLive().stream()
                .sorted()
                .forEach(key -> ops.add(new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE)));
        long end = System.nanoTime() + timeout.toNanos();
        for (boolean validateOnly : new boolean[] {true, false}) {
            long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
            admin.incrementalAlterConfigs(
                            Map.of(CLUSTER_DEFAULT, ops),
                            new AlterConfigsOptions().validateOnly(validateOnly).timeoutMs((int) remaining))
                    .all()
                    .get(remaining, TimeUnit.MILLISECONDS);
        }
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
