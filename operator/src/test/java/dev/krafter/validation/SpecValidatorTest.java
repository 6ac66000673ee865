package dev.krafter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.Autoscale;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.api.v1alpha1.SecretRef;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

    static KafkaCluster cluster(int brokers) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName("demo").withNamespace("ns").build());
        cluster.getSpec().getBrokers().setReplicas(brokers);
        return cluster;
    }

    @Test
    void defaultClusterOfThreeIsValid() {
        assertThat(SpecValidator.validate(cluster(3)).problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void evenControllerCountsAreRefused(int controllers) {
        KafkaCluster cluster = cluster(5);
        cluster.getSpec().getControllers().setReplicas(controllers);
        assertThat(SpecValidator.validate(cluster).message()).contains("must be 1, 3 or 5");
    }

    @Test
    void combinedModeNeedsAtLeastAsManyBrokersAsControllers() {
        KafkaCluster explicit = cluster(1);
        explicit.getSpec().getControllers().setReplicas(3);
        assertThat(SpecValidator.validate(explicit).message())
                .contains("cannot exceed spec.brokers.replicas (1) in combined mode");
        assertThat(SpecValidator.validate(cluster(1)).isValid())
                .as("unset: the operator chooses 1 voter")
                .isTrue();
        KafkaCluster dedicated = cluster(1);
        dedicated.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
        assertThat(SpecValidator.validate(dedicated).isValid()).isTrue();
    }

    @Test
    void listenersMustHaveUniqueNamesAndPortsAndAvoidReservedOnes() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec()
                .setListeners(List.of(
                        new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL),
                        new ListenerSpec("plain", 9092, ListenerSpec.Type.NODEPORT),
                        new ListenerSpec("controller", 9404, ListenerSpec.Type.INTERNAL)));
        assertThat(SpecValidator.validate(cluster).problems())
                .containsExactlyInAnyOrder(
                        "listener name 'plain' is used twice: listener names must be unique",
                        "port 9092 is used by two listeners: listener ports must be unique",
                        "listener name 'controller' is reserved for the operator: choose another name",
                        "listener 'controller' uses port 9404, which is reserved for metrics: choose another port");
    }

    @Test
    void clientCertificatesNeedTlsWhileScramWorksWithAndWithoutIt() {
        KafkaCluster cluster = cluster(3);
        ListenerSpec mtls = new ListenerSpec("mtls", 9093, ListenerSpec.Type.INTERNAL);
        mtls.setTls(true);
        mtls.setAuthentication(ListenerSpec.Authentication.TLS);
        ListenerSpec scram = new ListenerSpec("scram", 9094, ListenerSpec.Type.INTERNAL);
        scram.setAuthentication(ListenerSpec.Authentication.SCRAM_SHA_512);
        ListenerSpec noTls = new ListenerSpec("notls", 9095, ListenerSpec.Type.INTERNAL);
        noTls.setAuthentication(ListenerSpec.Authentication.TLS);
        cluster.getSpec().setListeners(List.of(mtls, scram, noTls));
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .contains("'notls' asks for authentication: tls")
                        .contains("set tls: true"));
    }

    @Test
    void superUsersArePrincipalsAndTheAuthorizerKeysBelongToSpecAuthorization() {
        KafkaCluster cluster = cluster(3);
        dev.krafter.api.v1alpha1.AuthorizationSpec authorization = new dev.krafter.api.v1alpha1.AuthorizationSpec();
        authorization.setSuperUsers(List.of("User:admin", "admin", "User:a;User:b"));
        cluster.getSpec().setAuthorization(authorization);
        cluster.getSpec().getBrokers().setConfig(new java.util.HashMap<>(java.util.Map.of("super.users", "User:x")));
        assertThat(SpecValidator.validate(cluster).problems())
                .containsExactlyInAnyOrder(
                        "spec.authorization.superUsers has 'admin': write a principal as User:<name> (for example User:admin or"
                                + " User:CN=admin,O=example), without ';'",
                        "spec.authorization.superUsers has 'User:a;User:b': write a principal as User:<name> (for example"
                                + " User:admin or User:CN=admin,O=example), without ';'",
                        "spec.brokers.config sets super.users, which spec.authorization sets: remove it from spec.brokers.config"
                                + " (add super users to spec.authorization.superUsers)");
    }

    @Test
    void aListenerCertificateNeedsTlsAndRenewalMustComeBeforeExpiry() {
        KafkaCluster cluster = cluster(3);
        ListenerSpec plain = new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL);
        plain.setCertificate(new SecretRef("my-cert"));
        cluster.getSpec().setListeners(List.of(plain));
        cluster.getSpec().getCertificates().setValidityDays(30);
        cluster.getSpec().getCertificates().setRenewalDays(30);
        cluster.getSpec().getCertificates().setCaValidityDays(20);
        assertThat(SpecValidator.validate(cluster).problems())
                .containsExactlyInAnyOrder(
                        "listener 'plain' names a certificate but is not TLS: set tls: true or remove certificate",
                        "spec.certificates.renewalDays (30) must be below validityDays (30), or every certificate would be renewed"
                                + " as soon as it is issued; lower renewalDays or raise validityDays",
                        "spec.certificates.renewalDays (30) must be below caValidityDays (20); lower renewalDays or raise"
                                + " caValidityDays");
    }

    @Test
    void operatorOwnedConfigKeysAreRefusedAndNamed() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of("listeners", "PLAINTEXT://:9092", "log.retention.hours", 24));
        assertThat(SpecValidator.validate(cluster).problems())
                .containsExactly(
                        "spec.brokers.config.listeners is set by the operator for every node: remove it from spec.brokers.config");
    }

    @Test
    void configValuesMustBeScalars() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of("log.retention.hours", List.of(1, 2)));
        assertThat(SpecValidator.validate(cluster).message())
                .contains("spec.brokers.config.log.retention.hours must be a string, number or boolean");
    }

    // Issue #16 item 1: broker config values are checked against Kafka's own ConfigDef.
    @Test
    void brokerConfigValuesAreCheckedAgainstKafkasOwnDefinitions() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of("num.network.threads", "many"));
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .asString()
                .startsWith("spec.brokers.config.num.network.threads: 'many' is not valid")
                .contains("INT");
        cluster.getSpec().getBrokers().setConfig(Map.of("num.network.threads", 0));
        assertThat(SpecValidator.validate(cluster).message())
                .contains("spec.brokers.config.num.network.threads: '0' is not valid")
                .contains("at least 1");
        cluster.getSpec().getBrokers().setConfig(Map.of("log.cleanup.policy", "shred"));
        assertThat(SpecValidator.validate(cluster).message())
                .contains("spec.brokers.config.log.cleanup.policy")
                .contains("[compact, delete]");
        cluster.getSpec()
                .getBrokers()
                .setConfig(Map.of(
                        "num.network.threads",
                        8,
                        "log.retention.hours",
                        "24",
                        "auto.create.topics.enable",
                        true,
                        "log.cleaner.min.cleanable.ratio",
                        0.3));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void configProviderReferencesAreLeftToKafka() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec()
                .getBrokers()
                .setConfig(Map.of(
                        "config.providers",
                        "env",
                        "config.providers.env.class",
                        "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                        "num.network.threads",
                        "${env:NETWORK_THREADS}"));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void unknownBrokerKeysAreRefusedUnlessUnderAPluginOrListenerPrefix() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of("log.retention.hourz", 24));
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .asString()
                .startsWith("spec.brokers.config.log.retention.hourz is not a Kafka broker config")
                .contains("log.retention.hours");
        cluster.getSpec()
                .getBrokers()
                .setConfig(Map.of(
                        "listener.name.plain.max.connections",
                        100,
                        "remote.log.storage.system.enable",
                        true,
                        "rsm.config.bucket",
                        "b",
                        "rlmm.config.remote.log.metadata.topic.replication.factor",
                        3,
                        "super.users",
                        "User:admin"));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
        cluster.getSpec()
                .getBrokers()
                .setConfig(Map.of("remote.log.storage.manager.impl.prefix", "tiered.", "tiered.bucket", "b"));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void clusterMinInsyncReplicasAndInternalTopicReplicationAreAtMostTheBrokerCount() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", 4));
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .asString()
                .startsWith("spec.brokers.config.min.insync.replicas (4) exceeds the 3 brokers");
        cluster.getSpec().getBrokers().setConfig(Map.of("offsets.topic.replication.factor", 5));
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .asString()
                .startsWith("spec.brokers.config.offsets.topic.replication.factor (5) exceeds the 3 brokers");
        cluster.getSpec().getBrokers().setConfig(Map.of("min.insync.replicas", 3, "default.replication.factor", 2));
        assertThat(SpecValidator.validate(cluster).message())
                .contains("spec.brokers.config.min.insync.replicas (3) exceeds default.replication.factor (2)");
        cluster.getSpec()
                .getBrokers()
                .setConfig(Map.of("min.insync.replicas", 3, "offsets.topic.replication.factor", 3));
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void requestsMustNotExceedLimits() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec()
                .getBrokers()
                .setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("8Gi"))
                        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi"))
                        .build());
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .asString()
                .isEqualTo("spec.brokers.resources.requests.memory (8Gi) exceeds spec.brokers.resources.limits.memory"
                        + " (4Gi): Kubernetes refuses such pods; lower the request or raise the limit");
        cluster.getSpec()
                .getBrokers()
                .setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                        .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                        .build());
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
    }

    @Test
    void theHeapLeavesRoomForTheJvmBelowTheMemoryLimit() {
        KafkaCluster cluster = cluster(3);
        cluster.getSpec()
                .getBrokers()
                .setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi"))
                        .build());
        dev.krafter.api.v1alpha1.JvmOptions jvm = new dev.krafter.api.v1alpha1.JvmOptions();
        jvm.setHeap("8g");
        cluster.getSpec().getBrokers().setJvmOptions(jvm);
        assertThat(SpecValidator.validate(cluster).problems())
                .singleElement()
                .asString()
                .startsWith(
                        "spec.brokers.jvmOptions.heap (8g) does not fit in spec.brokers.resources.limits.memory (2Gi)")
                .contains("at most 1536m");
        jvm.setHeap("1536m");
        assertThat(SpecValidator.validate(cluster).problems()).isEmpty();
        jvm.setHeap("1537m");
        assertThat(SpecValidator.validate(cluster).isValid()).isFalse();
    }

    static Topic topic(String name, String topicName, Integer rf) {
        Topic topic = TestResources.topic("ns", name, "demo", null, rf, Map.of());
        topic.getSpec().setTopicName(topicName);
        return topic;
    }

    @Test
    void replicationFactorAboveTheBrokerCountIsRefusedWhenTheClusterIsKnown() {
        Topic topic = topic("orders", null, 4);
        assertThat(SpecValidator.validate(topic, Optional.of(cluster(3))).message())
                .isEqualTo(
                        "spec.replicationFactor (4) exceeds the 3 brokers of KafkaCluster demo: lower it to at most 3"
                                + " or add brokers");
        assertThat(SpecValidator.validate(topic, Optional.of(cluster(4))).isValid())
                .isTrue();
        assertThat(SpecValidator.validate(topic, Optional.empty()).isValid()).isTrue();
    }

    @Test
    void topicConfigIsCheckedAgainstKafkasTopicConfigDefinitions() {
        Topic topic = topic("orders", null, 3);
        topic.getSpec().setConfig(Map.of("retention.ms", "a week"));
        assertThat(SpecValidator.validate(topic, Optional.of(cluster(3))).problems())
                .singleElement()
                .asString()
                .startsWith("spec.config.retention.ms: 'a week' is not valid");
        topic.getSpec().setConfig(Map.of("cleanup.policy", "shred"));
        assertThat(SpecValidator.validate(topic, Optional.of(cluster(3))).message())
                .contains("spec.config.cleanup.policy");
        topic.getSpec().setConfig(Map.of("retention.hours", 24));
        assertThat(SpecValidator.validate(topic, Optional.of(cluster(3))).message())
                .contains("spec.config.retention.hours is not a Kafka topic config");
        topic.getSpec().setConfig(Map.of("retention.ms", 604800000, "cleanup.policy", "compact,delete"));
        assertThat(SpecValidator.validate(topic, Optional.of(cluster(3))).problems())
                .isEmpty();
    }

    @Test
    void topicMinInsyncReplicasIsAtMostItsReplicationFactor() {
        Topic topic = topic("orders", null, 2);
        topic.getSpec().setConfig(Map.of("min.insync.replicas", 3));
        assertThat(SpecValidator.validate(topic, Optional.empty()).problems())
                .singleElement()
                .asString()
                .startsWith("spec.config.min.insync.replicas (3) exceeds spec.replicationFactor (2)");
        Topic defaultRf = topic("orders", null, null);
        defaultRf.getSpec().setConfig(Map.of("min.insync.replicas", 4));
        assertThat(SpecValidator.validate(defaultRf, Optional.of(cluster(3))).message())
                .contains("spec.config.min.insync.replicas (4) exceeds the 3 brokers of KafkaCluster demo");
        topic.getSpec().setConfig(Map.of("min.insync.replicas", 2));
        assertThat(SpecValidator.validate(topic, Optional.empty()).isValid()).isTrue();
    }

    @Test
    void topicNamesFollowKafkasRules() {
        assertThat(SpecValidator.validate(topic("a", "Orders_EU.v1", null), Optional.empty())
                        .isValid())
                .isTrue();
        assertThat(SpecValidator.validate(topic("a", "..", null), Optional.empty())
                        .message())
                .contains("cannot be '.' or '..'");
        assertThat(SpecValidator.validate(topic("a", "x".repeat(250), null), Optional.empty())
                        .message())
                .contains("Kafka topic names have at most 249");
        assertThat(SpecValidator.validate(topic("a", "orders/eu", null), Optional.empty())
                        .message())
                .contains("is not a legal Kafka topic name");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "__consumer_offsets",
                "__transaction_state",
                "__share_group_state",
                "__cluster_metadata",
                "__remote_log_metadata",
                "__some_future_internal_topic"
            })
    void topicsKafkaKeepsForItselfAreRefused(String internal) {
        assertThat(SpecValidator.validate(topic("offsets", internal, null), Optional.empty())
                        .problems())
                .singleElement()
                .asString()
                .startsWith("spec.topicName '" + internal + "' is a topic Kafka keeps for itself")
                .contains("delete this Topic (that leaves the Kafka topic alone)");
    }

    @Test
    void namesThatOnlyContainUnderscoresAreNotInternal() {
        assertThat(SpecValidator.validate(topic("a", "_orders", null), Optional.empty())
                        .isValid())
                .isTrue();
        assertThat(SpecValidator.validate(topic("a", "orders__v2", null), Optional.empty())
                        .isValid())
                .isTrue();
    }

    static ConsumerGroup group(OffsetReset reset, Autoscale autoscale) {
        ConsumerGroup group = TestResources.consumerGroup("ns", "consumers", "demo");
        group.getSpec().setOffsetReset(reset);
        group.getSpec().setAutoscale(autoscale);
        return group;
    }

    static OffsetReset reset(OffsetReset.Strategy to, String value) {
        OffsetReset reset = new OffsetReset();
        reset.setId("r1");
        reset.setTo(to);
        reset.setValue(value);
        return reset;
    }

    @Test
    void offsetResetValuesMustMatchTheStrategy() {
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.EARLIEST, null), null))
                        .isValid())
                .isTrue();
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.TIMESTAMP, "2026-01-31T12:00:00Z"), null))
                        .isValid())
                .isTrue();
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.TIMESTAMP, "1767225600000"), null))
                        .isValid())
                .isTrue();
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.SHIFT_BY, "-100"), null))
                        .isValid())
                .isTrue();
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.TIMESTAMP, "yesterday"), null))
                        .message())
                .contains("must be an RFC 3339 time");
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.OFFSET, "-1"), null))
                        .message())
                .contains("must be an offset (a number >= 0)");
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.SHIFT_BY, "ten"), null))
                        .message())
                .contains("a signed number of messages");
        assertThat(SpecValidator.validate(group(reset(OffsetReset.Strategy.LATEST, "5"), null))
                        .message())
                .contains("is not used with to: latest");
    }

    @Test
    void autoscaleBoundsMustBeOrdered() {
        Autoscale autoscale = TestResources.autoscaleDeployment("consumers", 4, 2, 100);
        assertThat(SpecValidator.validate(group(null, autoscale)).problems())
                .containsExactly("spec.autoscale.minReplicas (4) exceeds maxReplicas (2)");
        autoscale.setMaxReplicas(8);
        assertThat(SpecValidator.validate(group(null, autoscale)).isValid()).isTrue();
    }
}
