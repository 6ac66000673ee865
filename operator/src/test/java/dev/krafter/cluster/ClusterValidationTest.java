package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.SecretConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterValidationTest {
    @Test
    void brokerLevelStoreSettingsAreRefusedWhenAListenerUsesTheOperatorsPemCertificates() {
        KafkaCluster plaintext = cluster("kafka", 3, Mode.COMBINED, 3);
        plaintext
                .getSpec()
                .getBrokers()
                .setSecretConfig(List.of(new SecretConfig("ssl.truststore.password", "s", "k")));
        plaintext.getSpec().getBrokers().setConfig(new java.util.HashMap<>(Map.of("ssl.keystore.type", "PKCS12")));
        assertThat(ClusterValidation.storeSettingsOnTlsListeners(plaintext))
                .as("no TLS listener: Kafka never uses them")
                .isEmpty();

        KafkaCluster internalTls = cluster("kafka", 3, Mode.COMBINED, 3);
        internalTls
                .getSpec()
                .getBrokers()
                .setSecretConfig(List.of(
                        new SecretConfig("ssl.truststore.password", "s", "k"),
                        new SecretConfig("delegation.token.secret.key", "s", "d")));
        internalTls
                .getSpec()
                .getBrokers()
                .setConfig(new java.util.HashMap<>(
                        Map.of("ssl.keystore.type", "PKCS12", "listener.name.mine.ssl.truststore.type", "JKS")));
        internalTls.getStatus().setInternalTls(true);
        assertThat(ClusterValidation.storeSettingsOnTlsListeners(internalTls))
                .satisfiesExactly(
                        m -> assertThat(m)
                                .startsWith("spec.brokers.config.ssl.keystore.type would apply to every TLS listener"),
                        m -> assertThat(m)
                                .startsWith("spec.brokers.secretConfig ssl.truststore.password would apply")
                                .contains("SSL trust store password cannot be specified for PEM format"));

        KafkaCluster tlsListener = cluster("kafka", 3, Mode.COMBINED, 3);
        ListenerSpec tls = listener("secure", 9093, ListenerSpec.Type.INTERNAL);
        tls.setTls(true);
        tlsListener.getSpec().setListeners(List.of(tls));
        tlsListener
                .getSpec()
                .getBrokers()
                .setConfig(new java.util.HashMap<>(Map.of("ssl.key.password", "${file:/x:y}")));
        assertThat(ClusterValidation.storeSettingsOnTlsListeners(tlsListener)).hasSize(1);
    }

    @Test
    void aNameThatCannotNameAServiceIsRefusedWithASuggestion() {
        assertThat(ClusterValidation.validate(cluster("my.kafka", 3, Mode.COMBINED, 3))
                        .message())
                .contains("metadata.name 'my.kafka' cannot name the cluster's Services")
                .contains("'my-kafka'");
        assertThat(ClusterValidation.validate(cluster("1kafka", 3, Mode.COMBINED, 3))
                        .isValid())
                .isFalse();
        assertThat(ClusterValidation.validate(cluster("kafka-1", 3, Mode.COMBINED, 3))
                        .isValid())
                .isTrue();
    }

    @Test
    void theNameLimitIsTheLongestDerivedNameOfThisSpec() {
        // Dedicated: <name>-controller-<10-character revision hash> is a pod label value of at most 63 characters.
        assertThat(ClusterValidation.validate(cluster("a".repeat(41), 3, Mode.DEDICATED, 3))
                        .isValid())
                .isTrue();
        assertThat(ClusterValidation.validate(cluster("a".repeat(42), 3, Mode.DEDICATED, 3))
                        .message())
                .contains("(42 characters) is too long")
                .contains("StatefulSet " + "a".repeat(42) + "-controller")
                .contains("at most 41 characters");
        // Combined: <name>-broker-<hash>.
        assertThat(ClusterValidation.validate(cluster("a".repeat(45), 3, Mode.COMBINED, 3))
                        .isValid())
                .isTrue();
        assertThat(ClusterValidation.validate(cluster("a".repeat(46), 3, Mode.COMBINED, 3))
                        .message())
                .contains("at most 45 characters");
        // A long external listener name makes its Services the limit.
        KafkaCluster external = cluster("a".repeat(42), 3, Mode.COMBINED, 3);
        external.getSpec().setListeners(List.of(listener("externalxyz", 9094, ListenerSpec.Type.NODEPORT)));
        assertThat(ClusterValidation.validate(external).message())
                .contains("listener 'externalxyz'")
                .contains("'" + "a".repeat(42) + "-externalxyz-bootstrap'")
                .contains("at most 41 characters")
                .contains("shorten the listener name");
    }

    @Test
    void theOperatorsKeysInTheTemplateAreRefused() {
        KafkaCluster resource = cluster("demo", 3, Mode.DEDICATED, 3);
        PodTemplate template = new PodTemplate();
        template.setLabels(Map.of("krafter.dev/broker", "true", "team", "data"));
        template.setAnnotations(Map.of("krafter.dev/restart", "x", "example.com/owner", "data"));
        resource.getSpec().getBrokers().setTemplate(template);
        assertThat(ClusterValidation.validate(resource).problems())
                .containsExactly(
                        "spec.brokers.template.labels.krafter.dev/broker is reserved for the operator (keys under krafter.dev/"
                                + " are its own): remove it",
                        "spec.brokers.template.annotations.krafter.dev/restart is reserved for the operator (keys under"
                                + " krafter.dev/ are its own): remove it; to restart every node, put krafter.dev/restart on the"
                                + " KafkaCluster itself");
    }

    @Test
    void anImageTaggedForAnotherVersionIsRefused() {
        assertThat(ClusterValidation.imageVersionMismatch("registry:5000/krafter/kafka:4.3.1", "4.4.0"))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("tagged for Kafka 4.3.1").contains("spec.version 4.4.0"));
        assertThat(ClusterValidation.imageVersionMismatch("krafter/kafka:4.3.1-custom", "4.4.0"))
                .isPresent();
        assertThat(ClusterValidation.imageVersionMismatch("krafter/kafka:4.4.0-custom", "4.4.0"))
                .isEmpty();
        assertThat(ClusterValidation.imageVersionMismatch("krafter/kafka:4.4.0", "4.4.0"))
                .isEmpty();
        assertThat(ClusterValidation.imageVersionMismatch("registry:5000/kafka:custom", "4.4.0"))
                .as("no version")
                .isEmpty();
        assertThat(ClusterValidation.imageVersionMismatch("kafka@sha256:abcd", "4.4.0"))
                .as("a digest")
                .isEmpty();
        assertThat(ClusterValidation.imageVersionMismatch("krafter/kafka:4.4.0.1", "4.4.0"))
                .isEmpty();
        assertThat(ClusterValidation.imageVersionMismatch(null, "4.4.0")).isEmpty();
    }

    // Issue #16 item 1: a version for which an image is known, or an explicit image; never a ZooKeeper-era version.
    @Test
    void aVersionWithoutAKnownImageNeedsAnExplicitImage() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        resource.getSpec().setVersion("9.9.9");
        assertThat(ClusterValidation.validate(resource).problems())
                .singleElement()
                .asString()
                .startsWith("no broker image is known for spec.version 9.9.9")
                .contains("4.4.0")
                .contains("set spec.image");
        resource.getSpec().setImage("registry.example.com/kafka:9.9.9");
        assertThat(ClusterValidation.validate(resource).problems()).isEmpty();
        resource.getSpec().setImage(null);
        resource.getSpec().setVersion("4.4.0");
        assertThat(ClusterValidation.validate(resource).problems()).isEmpty();
    }

    @Test
    void zooKeeperEraVersionsAreRefusedEvenWithAnImage() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        resource.getSpec().setVersion("3.0.0");
        resource.getSpec().setImage("registry.example.com/kafka:3.0.0");
        assertThat(ClusterValidation.validate(resource).problems())
                .singleElement()
                .asString()
                .startsWith("spec.version 3.0.0 is a Kafka release from before 4.0")
                .contains("ZooKeeper")
                .contains("4.4.0");
    }

    // Issue #16 item 3: in combined mode an unset controllers.replicas follows the broker count at creation.
    @Test
    void anUnsetVoterCountFollowsTheBrokerCount() {
        for (int[] brokersToVoters : new int[][] {{1, 1}, {2, 1}, {3, 3}, {4, 3}, {7, 3}}) {
            KafkaCluster resource = cluster("demo", brokersToVoters[0], Mode.COMBINED, 3);
            resource.getSpec().setControllers(new dev.krafter.api.v1alpha1.ControllersSpec());
            assertThat(ClusterValidation.validate(resource).problems())
                    .as("%s brokers", brokersToVoters[0])
                    .isEmpty();
            assertThat(ClusterTopology.of(resource).controllers())
                    .as("%s brokers", brokersToVoters[0])
                    .isEqualTo(brokersToVoters[1]);
        }
        KafkaCluster noControllersAtAll = cluster("demo", 1, Mode.COMBINED, 3);
        noControllersAtAll.getSpec().setControllers(null);
        assertThat(ClusterValidation.validate(noControllersAtAll).problems()).isEmpty();
        assertThat(ClusterTopology.of(noControllersAtAll).controllers()).isEqualTo(1);
    }
}
