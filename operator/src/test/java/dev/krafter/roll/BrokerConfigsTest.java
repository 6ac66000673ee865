package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSynonym;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigType;
import org.junit.jupiter.api.Test;

/** Fixtures mirror what describeConfigs(includeSynonyms) returns for a broker. */
class BrokerConfigsTest {

    private final Map<String, ConfigEntry> described = new HashMap<>();

    /** Kafka builds synonyms only inside its admin client (package-private constructor). */
    private static ConfigSynonym synonym(String name, String value, ConfigSource source) {
        try {
            Constructor<ConfigSynonym> constructor =
                    ConfigSynonym.class.getDeclaredConstructor(String.class, String.class, ConfigSource.class);
            constructor.setAccessible(true);
            return constructor.newInstance(name, value, source);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private void readOnly(String name, String value, ConfigType type) {
        described.put(
                name,
                new ConfigEntry(
                        name,
                        value,
                        ConfigSource.STATIC_BROKER_CONFIG,
                        false,
                        true,
                        List.of(synonym(name, value, ConfigSource.STATIC_BROKER_CONFIG)),
                        type,
                        null));
    }

    /** A dynamic key with only Kafka's built-in default. */
    private void dynamicAtDefault(String name, String value, ConfigType type) {
        described.put(
                name,
                new ConfigEntry(
                        name,
                        value,
                        ConfigSource.DEFAULT_CONFIG,
                        false,
                        false,
                        List.of(synonym(name, value, ConfigSource.DEFAULT_CONFIG)),
                        type,
                        null));
    }

    /** A dynamic key set as a cluster-wide default. */
    private void dynamicClusterDefault(String name, String value, ConfigType type) {
        described.put(
                name,
                new ConfigEntry(
                        name,
                        value,
                        ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                        false,
                        false,
                        List.of(
                                synonym(name, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG),
                                synonym(name, "1", ConfigSource.DEFAULT_CONFIG)),
                        type,
                        null));
    }

    @Test
    void readOnlyKeysNeedARestartAndDynamicOnesAreSetLive() {
        readOnly("num.network.threads", "3", ConfigType.INT);
        dynamicAtDefault("log.retention.ms", "604800000", ConfigType.LONG);

        ConfigPlan plan = BrokerConfigs.plan(
                Map.of("num.network.threads", "8", "log.retention.ms", "3600000"), Map.of(), described);

        assertThat(plan.readOnly()).containsExactly(Map.entry("num.network.threads", "8"));
        assertThat(plan.setLive()).containsExactly(Map.entry("log.retention.ms", "3600000"));
        assertThat(plan.deleteLive()).isEmpty();
        assertThat(plan.live()).containsExactly(Map.entry("log.retention.ms", "3600000"));
        assertThat(plan.readOnlyHashInput()).isEqualTo("num.network.threads=8");
    }

    @Test
    void aDynamicKeyWhoseClusterDefaultAlreadyMatchesIsNotSetAgain() {
        dynamicClusterDefault("message.max.bytes", "2097152", ConfigType.INT);

        ConfigPlan plan = BrokerConfigs.plan(
                Map.of("message.max.bytes", "2097152"), Map.of("message.max.bytes", "2097152"), described);

        assertThat(plan.hasLiveChanges()).isFalse();
        assertThat(plan.live()).containsEntry("message.max.bytes", "2097152");
    }

    @Test
    void aStaticValueEqualToTheDesiredOneStillGetsAClusterDefaultSoEveryBrokerAgrees() {
        // the described broker started with the value in server.properties; others may not have
        described.put(
                "log.retention.ms",
                new ConfigEntry(
                        "log.retention.ms",
                        "3600000",
                        ConfigSource.STATIC_BROKER_CONFIG,
                        false,
                        false,
                        List.of(
                                synonym("log.retention.ms", "3600000", ConfigSource.STATIC_BROKER_CONFIG),
                                synonym("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG)),
                        ConfigType.LONG,
                        null));

        ConfigPlan plan = BrokerConfigs.plan(Map.of("log.retention.ms", "3600000"), Map.of(), described);

        assertThat(plan.setLive()).containsEntry("log.retention.ms", "3600000");
    }

    @Test
    void aChangedValueOfAKeyAlreadySetLiveIsSetAgain() {
        dynamicClusterDefault("log.cleaner.threads", "2", ConfigType.INT);

        ConfigPlan plan =
                BrokerConfigs.plan(Map.of("log.cleaner.threads", "4"), Map.of("log.cleaner.threads", "2"), described);

        assertThat(plan.setLive()).containsExactly(Map.entry("log.cleaner.threads", "4"));
    }

    @Test
    void aKeyRemovedFromTheSpecIsDeletedLiveOnlyWhileKafkaHoldsIt() {
        dynamicClusterDefault("log.cleaner.threads", "2", ConfigType.INT);
        dynamicAtDefault("log.retention.ms", "604800000", ConfigType.LONG);

        ConfigPlan plan = BrokerConfigs.plan(
                Map.of(), Map.of("log.cleaner.threads", "2", "log.retention.ms", "3600000"), described);

        assertThat(plan.deleteLive()).containsExactly("log.cleaner.threads");
        assertThat(plan.live()).isEmpty();
    }

    @Test
    void aClusterDefaultOfAnotherNameOfTheSettingIsNotMistakenForThisKeysOwn() {
        described.put(
                "log.retention.hours",
                new ConfigEntry(
                        "log.retention.hours",
                        "168",
                        ConfigSource.DEFAULT_CONFIG,
                        false,
                        false,
                        List.of(
                                synonym("log.retention.ms", "3600000", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG),
                                synonym("log.retention.hours", "24", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG),
                                synonym("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG)),
                        ConfigType.INT,
                        null));

        assertThat(BrokerConfigs.plan(Map.of("log.retention.hours", "24"), Map.of(), described)
                        .setLive())
                .isEmpty();
        assertThat(BrokerConfigs.plan(Map.of("log.retention.hours", "48"), Map.of(), described)
                        .setLive())
                .containsEntry("log.retention.hours", "48");
    }

    @Test
    void keysKafkaDoesNotKnowAreTreatedAsReadOnly() {
        ConfigPlan plan = BrokerConfigs.plan(Map.of("my.plugin.setting", "x"), Map.of(), described);

        assertThat(plan.readOnly()).containsEntry("my.plugin.setting", "x");
        assertThat(plan.setLive()).isEmpty();
    }

    @Test
    void listsAndBooleansCompareAsKafkaValuesNotAsText() {
        dynamicClusterDefault("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512", ConfigType.LIST);
        dynamicClusterDefault("log.cleaner.enable", "true", ConfigType.BOOLEAN);

        ConfigPlan plan = BrokerConfigs.plan(
                Map.of("sasl.enabled.mechanisms", "PLAIN, SCRAM-SHA-512", "log.cleaner.enable", "TRUE"),
                Map.of(),
                described);

        assertThat(plan.setLive()).isEmpty();
    }

    @Test
    void sensitiveDynamicKeysAreSetWhenTheyDifferFromWhatWasAppliedBefore() {
        described.put(
                "sasl.jaas.config",
                new ConfigEntry(
                        "sasl.jaas.config",
                        null,
                        ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                        true,
                        false,
                        List.of(),
                        ConfigType.PASSWORD,
                        null));

        assertThat(BrokerConfigs.plan(Map.of("sasl.jaas.config", "a"), Map.of("sasl.jaas.config", "a"), described)
                        .setLive())
                .isEmpty();
        assertThat(BrokerConfigs.plan(Map.of("sasl.jaas.config", "b"), Map.of("sasl.jaas.config", "a"), described)
                        .setLive())
                .containsEntry("sasl.jaas.config", "b");
    }

    @Test
    void readOnlyHashInputIsStableWhateverTheMapOrder() {
        readOnly("num.network.threads", "3", ConfigType.INT);
        readOnly("log.dirs", "/var/lib/kafka", ConfigType.LIST);
        Map<String, String> desired = new HashMap<>();
        desired.put("num.network.threads", "8");
        desired.put("log.dirs", "/data");

        ConfigPlan plan = BrokerConfigs.plan(desired, Map.of(), described);

        assertThat(plan.readOnlyHashInput()).isEqualTo("log.dirs=/data\nnum.network.threads=8");
    }
}
