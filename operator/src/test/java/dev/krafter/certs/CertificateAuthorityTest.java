package dev.krafter.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z").truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aNodeCertificateNamesEveryAddressAndItsChainVerifiesAgainstTheCa() throws Exception {
        CertificateAuthority ca =
                CertificateAuthority.generate("demo cluster CA", NOW, NOW.plus(Duration.ofDays(1825)));
        assertThat(ca.certificate().getBasicConstraints())
                .as("a CA that may sign end-entity certificates only")
                .isZero();
        assertThat(ca.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");

        Set<String> names = Set.of(
                "demo-broker-0.demo-nodes",
                "demo-broker-0.demo-nodes.ns.svc.cluster.local",
                "demo-bootstrap.ns.svc",
                "10.0.0.7");
        CertificateAuthority.Issued node = ca.issue("demo-broker-0", names, NOW, NOW.plus(Duration.ofDays(365)));

        assertThat(SubjectNames.of(node.certificate())).containsExactlyInAnyOrderElementsOf(names);
        assertThat(node.certificate().getSubjectX500Principal().getName()).startsWith("CN=demo-broker-0");
        assertThat(node.certificate().getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(node.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(node.certificate().getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(node.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(ca.signed(node.certificate())).isTrue();

        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        pkix.setRevocationEnabled(false);
        pkix.setDate(Date.from(NOW.plus(Duration.ofDays(10))));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(node.certificate())), pkix);

        CertificateAuthority other =
                CertificateAuthority.generate("demo cluster CA", NOW, NOW.plus(Duration.ofDays(1825)));
        assertThat(other.signed(node.certificate()))
                .as("same subject, another key")
                .isFalse();
    }

    @Test
    void aClientCertificateIsTheUserPrincipalUnderTheBrokersMappingRules() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority clients = CertificateAuthority.generate("clients CA", now, now.plus(Duration.ofDays(2)));
        CertificateAuthority.Issued alice = clients.issueClient("alice", now, now.plus(Duration.ofDays(1)));
        assertThat(clients.signed(alice.certificate())).isTrue();
        String subject = alice.certificate().getSubjectX500Principal().getName();
        assertThat(subject).isEqualTo("CN=alice");
        assertThat(org.apache.kafka.common.security.ssl.SslPrincipalMapper.fromRules(
                                dev.krafter.cluster.KafkaNodeConfig.PRINCIPAL_MAPPING_RULES)
                        .getName(subject))
                .isEqualTo("alice");
        assertThat(alice.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void pemRoundTripsCertificatesAndKeys() {
        CertificateAuthority ca = CertificateAuthority.generate("ca", NOW, NOW.plus(Duration.ofDays(10)));
        CertificateAuthority.Issued node = ca.issue("node", Set.of("node"), NOW, NOW.plus(Duration.ofDays(5)));
        String keyStore = Pem.keyStore(node.key(), List.of(node.certificate(), ca.certificate()));

        assertThat(keyStore).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.readCertificates(keyStore)).containsExactly(node.certificate(), ca.certificate());
        assertThat(Pem.readPrivateKey(keyStore)).contains(node.key());
        assertThat(Pem.readCertificates("not a certificate")).isEmpty();
        assertThat(Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .isEmpty();
    }

    /**
     * The files the brokers get are read by Kafka's own SSL engine factory as PEM key and trust stores (no password),
     * and a client trusting only the CA completes a handshake with hostname verification against the IP SAN.
     */
    @Test
    void kafkaReadsThePemKeyStoreAndAClientTrustingTheCaVerifiesTheServer(@TempDir Path dir) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateAuthority ca =
                CertificateAuthority.generate("ca", now.minusSeconds(60), now.plus(Duration.ofDays(10)));
        CertificateAuthority.Issued node =
                ca.issue("node", Set.of("127.0.0.1", "node.local"), now.minusSeconds(60), now.plus(Duration.ofDays(5)));
        Path keyStore = Files.writeString(
                dir.resolve("node.pem"), Pem.keyStore(node.key(), List.of(node.certificate(), ca.certificate())));
        Path trustStore = Files.writeString(dir.resolve("ca.crt"), Pem.certificate(ca.certificate()));

        try (DefaultSslEngineFactory server = engineFactory(Map.of(
                        SslConfigs.SSL_KEYSTORE_TYPE_CONFIG,
                        "PEM",
                        SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                        keyStore.toString()));
                DefaultSslEngineFactory client = engineFactory(Map.of(
                        SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
                        "PEM",
                        SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                        trustStore.toString()))) {
            assertThat(server.keystore()
                            .getCertificateChain(server.keystore().aliases().nextElement()))
                    .containsExactly(node.certificate(), ca.certificate());
            try (SSLServerSocket listening = (SSLServerSocket) server.sslContext()
                    .getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                    try (var accepted = listening.accept();
                            InputStream in = accepted.getInputStream()) {
                        return in.read();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (SSLSocket socket = (SSLSocket)
                        client.sslContext().getSocketFactory().createSocket("127.0.0.1", listening.getLocalPort())) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(node.certificate());
                    OutputStream out = socket.getOutputStream();
                    out.write(42);
                    out.flush();
                }
                assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo(42);
            }
        }
    }

    /** Kafka's own SSL config with its defaults, as a broker or client parses it, plus the stores. */
    private static DefaultSslEngineFactory engineFactory(Map<String, String> stores) {
        Map<String, Object> config =
                new HashMap<>(new ConfigDef().withClientSslSupport().parse(stores));
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        factory.configure(config);
        return factory;
    }
}
