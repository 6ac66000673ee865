package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.AuthorizationSpec;
import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.SecuritySpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.junit.jupiter.api.Test;

/** What the nodes' config says about TLS, authentication and authorization. */
class SecurityConfigTest {

    private static KafkaCluster secured(Mode mode) {
        KafkaCluster resource = cluster("sec", 3, mode, mode == Mode.DEDICATED ? 3 : 3);
        ListenerSpec mtls = listener("mtls", 9093, ListenerSpec.Type.INTERNAL);
        mtls.setTls(true);
        mtls.setAuthentication(ListenerSpec.Authentication.TLS);
        ListenerSpec scram = listener("scram", 9094, ListenerSpec.Type.NODEPORT);
        scram.setTls(true);
        scram.setAuthentication(ListenerSpec.Authentication.SCRAM_SHA_512);
        ListenerSpec scramPlain = listener("scramplain", 9095, ListenerSpec.Type.INTERNAL);
        scramPlain.setAuthentication(ListenerSpec.Authentication.SCRAM_SHA_512);
        resource.getSpec()
                .setListeners(List.of(listener("plain", 9092, ListenerSpec.Type.INTERNAL), mtls, scram, scramPlain));
        resource.getSpec().setSecurity(new SecuritySpec(true));
        AuthorizationSpec authorization = new AuthorizationSpec();
        authorization.setSuperUsers(List.of("User:admin"));
        resource.getSpec().setAuthorization(authorization);
        return resource;
    }

    private static Properties brokerConfig(KafkaCluster resource) throws IOException {
        return KafkaNodeConfigTest.parse(
                KafkaNodeConfig.brokerServerProperties(ClusterTopology.of(resource), Map.of()));
    }

    @Test
    void eachListenerGetsTheSecurityProtocolOfItsTlsAndAuthentication() throws IOException {
        Properties config = brokerConfig(secured(Mode.COMBINED));
        assertThat(config.getProperty("listener.security.protocol.map"))
                .isEqualTo(
                        "CONTROLLER:SSL,REPLICATION:SSL,PLAIN:PLAINTEXT,MTLS:SSL,SCRAM:SASL_SSL,SCRAMPLAIN:SASL_PLAINTEXT");
    }

    @Test
    void mutualTlsListenerRequiresAClientCertificateSignedByTheClientsCa() throws IOException {
        Properties config = brokerConfig(secured(Mode.COMBINED));
        assertThat(config.getProperty("listener.name.mtls.ssl.client.auth")).isEqualTo("required");
        assertThat(config.getProperty("listener.name.mtls.ssl.truststore.type")).isEqualTo("PEM");
        assertThat(config.getProperty("listener.name.mtls.ssl.truststore.location"))
                .isEqualTo("/etc/kafka/tls/clients-ca.crt");
        assertThat(config.getProperty("listener.name.scram.ssl.client.auth")).isNull();
        assertThat(config.getProperty("listener.name.plain.ssl.client.auth")).isNull();
    }

    @Test
    void scramListenersEnableScramSha512WithTheServerLoginModule() throws IOException {
        Properties config = brokerConfig(secured(Mode.COMBINED));
        for (String listener : List.of("scram", "scramplain")) {
            assertThat(config.getProperty("listener.name." + listener + ".sasl.enabled.mechanisms"))
                    .isEqualTo("SCRAM-SHA-512");
            assertThat(config.getProperty("listener.name." + listener + ".scram-sha-512.sasl.jaas.config"))
                    .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        assertThat(config.getProperty("listener.name.scram.ssl.keystore.location"))
                .isEqualTo("/etc/kafka/tls/${POD_NAME}.pem");
        assertThat(config.getProperty("listener.name.scramplain.ssl.keystore.location"))
                .isNull();
    }

    @Test
    void internalListenersUseMutualTlsWithTheNodeCertificateAndTheClusterCa() throws IOException {
        Properties config = brokerConfig(secured(Mode.COMBINED));
        for (String listener : List.of("replication", "controller")) {
            String prefix = "listener.name." + listener + ".";
            assertThat(config.getProperty(prefix + "ssl.keystore.type")).isEqualTo("PEM");
            assertThat(config.getProperty(prefix + "ssl.keystore.location"))
                    .isEqualTo("/etc/kafka/tls/${POD_NAME}.pem");
            assertThat(config.getProperty(prefix + "ssl.truststore.type")).isEqualTo("PEM");
            assertThat(config.getProperty(prefix + "ssl.truststore.location")).isEqualTo("/etc/kafka/tls/ca.crt");
            assertThat(config.getProperty(prefix + "ssl.client.auth")).isEqualTo("required");
        }
    }

    @Test
    void dedicatedControllersUseMutualTlsAndTheAuthorizerToo() throws IOException {
        Properties config = KafkaNodeConfigTest.parse(
                KafkaNodeConfig.controllerServerProperties(ClusterTopology.of(secured(Mode.DEDICATED))));
        assertThat(config.getProperty("listener.security.protocol.map")).isEqualTo("CONTROLLER:SSL");
        assertThat(config.getProperty("listener.name.controller.ssl.client.auth"))
                .isEqualTo("required");
        assertThat(config.getProperty("listener.name.controller.ssl.keystore.location"))
                .isEqualTo("/etc/kafka/tls/${POD_NAME}.pem");
        assertThat(config.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(config.getProperty("super.users")).contains("User:CN=krafter-node,O=krafter.dev");
        assertThat(config.getProperty("ssl.principal.mapping.rules"))
                .isEqualTo(KafkaNodeConfig.PRINCIPAL_MAPPING_RULES);
    }

    @Test
    void authorizationDeniesByDefaultAndAlwaysTrustsTheNodesAndTheOperator() throws IOException {
        Properties config = brokerConfig(secured(Mode.COMBINED));
        assertThat(config.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(config.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(config.getProperty("super.users"))
                .isEqualTo("User:CN=krafter-node,O=krafter.dev;User:CN=krafter-operator,O=krafter.dev;User:admin");
    }

    @Test
    void principalRulesGiveUsersTheirCommonNameAndEveryNodeOnePrincipal() throws IOException {
        SslPrincipalMapper mapper = SslPrincipalMapper.fromRules(KafkaNodeConfig.PRINCIPAL_MAPPING_RULES);
        assertThat(mapper.getName("CN=alice")).isEqualTo("alice");
        assertThat(mapper.getName("CN=sec-broker-0,O=krafter.dev")).isEqualTo("CN=krafter-node,O=krafter.dev");
        assertThat(mapper.getName("CN=sec-controller-12,O=krafter.dev")).isEqualTo("CN=krafter-node,O=krafter.dev");
        assertThat(mapper.getName("CN=krafter-operator,O=krafter.dev")).isEqualTo("CN=krafter-operator,O=krafter.dev");
        assertThat(mapper.getName("CN=alice,OU=payments,O=example")).isEqualTo("CN=alice,OU=payments,O=example");
        // A client certificate that merely looks like a node's keeps its own subject: not the nodes' principal.
        assertThat(mapper.getName("CN=sec-broker-0")).isEqualTo("sec-broker-0");
        assertThat(mapper.getName("CN=sec-broker-0,O=example")).isEqualTo("CN=sec-broker-0,O=example");
    }

    @Test
    void theRulesSurviveThePropertiesFileTheBrokersRead() throws IOException {
        Properties config = brokerConfig(secured(Mode.COMBINED));
        assertThat(config.getProperty("ssl.principal.mapping.rules"))
                .isEqualTo(KafkaNodeConfig.PRINCIPAL_MAPPING_RULES);
    }

    @Test
    void aClusterWithoutInternalTlsOrAuthenticationGetsNoSecurityKeys() throws IOException {
        KafkaCluster plain = cluster("plain", 3, Mode.COMBINED, 3);
        Properties config = brokerConfig(plain);
        assertThat(config.getProperty("listener.security.protocol.map"))
                .isEqualTo("CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,PLAIN:PLAINTEXT");
        assertThat(config.stringPropertyNames())
                .noneMatch(key -> key.startsWith("listener.name.")
                        || key.equals("ssl.principal.mapping.rules")
                        || key.equals("authorizer.class.name")
                        || key.equals("super.users"));
    }

    @Test
    void internalTlsOfAnExistingClusterComesFromStatusNotTheNewClusterDefault() {
        KafkaCluster resource = cluster("old", 3, Mode.COMBINED, 3);
        resource.setStatus(new KafkaClusterStatus());
        resource.getStatus().setInternalTls(false);
        assertThat(ClusterTopology.of(resource).security().internalTls()).isFalse();
        resource.getStatus().setInternalTls(true);
        assertThat(ClusterTopology.of(resource).security().internalTls()).isTrue();
    }

    @Test
    void clientConfigOfTheBrokerPodsUsesTheNodeCertificateOnTheReplicationListener() throws IOException {
        Properties client = KafkaNodeConfigTest.parse(
                KafkaNodeConfig.podClientProperties(ClusterTopology.of(secured(Mode.COMBINED))));
        assertThat(client.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(client.getProperty("ssl.keystore.type")).isEqualTo("PEM");
        assertThat(client.getProperty("ssl.keystore.location")).isEqualTo("/etc/kafka/tls/${POD_NAME}.pem");
        assertThat(client.getProperty("ssl.truststore.location")).isEqualTo("/etc/kafka/tls/ca.crt");
    }
}
