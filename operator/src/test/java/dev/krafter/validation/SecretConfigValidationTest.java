package dev.krafter.validation;

import static dev.krafter.validation.SpecValidatorTest.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.SecretConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Passwords are refused inline in spec.brokers.config, and taken from Secrets with spec.brokers.secretConfig. */
class SecretConfigValidationTest {
    private static final String VALUE = "s3cr3t-Value";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ssl.keystore.password",
                "ssl.key.password",
                "ssl.truststore.password",
                "sasl.jaas.config",
                "delegation.token.secret.key",
                "sasl.oauthbearer.client.credentials.client.secret",
                "listener.name.plain.ssl.key.password",
                "listener.name.plain.scram-sha-512.sasl.jaas.config"
            })
    void aPasswordInlineIsRefusedNamingTheKeyNeverTheValue(String key) {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of(key, VALUE));
        Validation validation = SpecValidator.validate(cluster);
        assertThat(validation.isValid()).isFalse();
        assertThat(validation.message())
                .contains("spec.brokers.config." + key + " is a password")
                .contains("spec.brokers.secretConfig")
                .doesNotContain(VALUE);
    }

    @Test
    void ordinaryKeysAndProviderReferencesAreNotPasswords() {
        assertThat(KafkaConfigRules.isBrokerPassword("ssl.keystore.location")).isFalse();
        assertThat(KafkaConfigRules.isBrokerPassword("listener.name.plain.ssl.keystore.location"))
                .isFalse();
        assertThat(KafkaConfigRules.isBrokerPassword("num.network.threads")).isFalse();
        KafkaCluster cluster = cluster(3);
        cluster.getSpec()
                .getBrokers()
                .setConfig(Map.of(
                        "config.providers",
                        "file",
                        "config.providers.file.class",
                        "org.apache.kafka.common.config.provider.FileConfigProvider",
                        "ssl.key.password",
                        "${file:/mnt/secrets/ssl.properties:key.password}"));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void aPasswordFromASecretIsAccepted() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec()
                .getBrokers()
                .setSecretConfig(List.of(
                        new SecretConfig("ssl.truststore.password", "kafka-secrets", "truststore-password"),
                        new SecretConfig("listener.name.plain.ssl.key.password", "kafka-secrets", "key-password")));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void secretConfigEntriesMustBePasswordsListedOnceAndNotAlsoInline() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of("num.io.threads", "8"));
        cluster.getSpec()
                .getBrokers()
                .setSecretConfig(List.of(
                        new SecretConfig("num.io.threads", "s", "k"),
                        new SecretConfig("ssl.key.password", "s", "a"),
                        new SecretConfig("ssl.key.password", "s", "b"),
                        new SecretConfig("ssl.truststore.password", null, "c")));
        assertThat(SpecValidator.validate(cluster).problems())
                .containsExactlyInAnyOrder(
                        "spec.brokers.secretConfig[0].name num.io.threads is also set in spec.brokers.config: remove it there",
                        "spec.brokers.secretConfig[0].name num.io.threads is not a broker config Kafka marks PASSWORD (nor one"
                                + " under remote.log., config.providers., rsm.config., rlmm.config.): set it in"
                                + " spec.brokers.config instead",
                        "spec.brokers.secretConfig[2].name ssl.key.password is listed twice: keep one entry per key",
                        "spec.brokers.secretConfig[3] needs name, secretKeyRef.name and secretKeyRef.key");
    }

    @Test
    void kafkaHasNoPasswordTopicConfig() {
        // Topic configs need no Secret reference: should Kafka add one, topicConfigProblems refuses it inline.
        assertThat(LogConfig.configKeys().values()).noneMatch(key -> key.type == ConfigDef.Type.PASSWORD);
    }
}
