package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.SecretRef;
import dev.krafter.certs.Pem;
import dev.krafter.certs.SubjectNames;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.testing.MovableClock;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificates on the real operator and a real kube-apiserver: what the certificates step writes for a cluster with a
 * TLS listener, its renewals as the (moved) clock reaches each window, and nothing at all for a plaintext cluster. No
 * pod runs here (there is no node), so Kafka is never asked to reload: the e2e scenario S13 covers the brokers.
 */
class CertificatesOnOperatorIT {
    private static final MovableClock CLOCK = new MovableClock();
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        OperatorTestEnvironment.requireApiServer();
        // No pod runs, so Kafka is never contacted: the bootstrap address is never used.
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults().withClusterResyncPeriod(Duration.ofSeconds(1)), "127.0.0.1:9", CLOCK);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static KubernetesClient client() {
        return env.client();
    }

    private static KafkaCluster create(String namespace, Consumer<KafkaCluster> customize) {
        return client().resource(ClusterFixtures.operatorTestCluster(namespace, customize))
                .create();
    }

    private static Secret secret(String namespace, String name) {
        return client().secrets().inNamespace(namespace).withName(name).get();
    }

    private static String data(Secret secret, String key) {
        String value = secret.getData().get(key);
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static X509Certificate nodeCertificate(String namespace, String pod) {
        return Pem.readCertificate(data(secret(namespace, "kafka-node-certs"), pod + ".pem"))
                .orElseThrow();
    }

    private static List<X509Certificate> trusted(String namespace) {
        return Pem.readCertificates(data(secret(namespace, "kafka-cluster-ca-cert"), "ca.crt"));
    }

    private static void assertNotStalled(String namespace) {
        KafkaCluster cluster = client().resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName("kafka")
                .get();
        assertThat(Conditions.find(cluster.getStatus().getConditions(), Conditions.STALLED))
                .hasValueSatisfying(
                        c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("False"));
    }

    @Test
    void aTlsClusterGetsItsCasAndNodeCertificatesAndRenewsThemAsTheirWindowsCome() throws Exception {
        String ns = env.createNamespace("tls");
        KafkaCluster created = create(ns, c -> {
            ListenerSpec tls = new ListenerSpec("tls", 9093, ListenerSpec.Type.INTERNAL);
            tls.setTls(true);
            c.getSpec().setListeners(List.of(new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL), tls));
            c.getSpec().getCertificates().setValidityDays(10);
            c.getSpec().getCertificates().setRenewalDays(2);
            c.getSpec().getCertificates().setCaValidityDays(20);
        });
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(client().apps()
                                .statefulSets()
                                .inNamespace(ns)
                                .withName("kafka-broker")
                                .get())
                        .isNotNull());

        for (String name : List.of(
                "kafka-cluster-ca",
                "kafka-cluster-ca-cert",
                "kafka-clients-ca",
                "kafka-clients-ca-cert",
                "kafka-node-certs")) {
            assertThat(secret(ns, name).getMetadata().getOwnerReferences())
                    .as(name)
                    .singleElement()
                    .satisfies(o -> {
                        assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
                        assertThat(o.getController()).isTrue();
                    });
        }
        assertThat(secret(ns, "kafka-cluster-ca").getData()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(secret(ns, "kafka-cluster-ca-cert").getData())
                .as("clients read it: no key")
                .containsOnlyKeys("ca.crt");
        assertThat(secret(ns, "kafka-clients-ca-cert").getData()).containsOnlyKeys("ca.crt");
        assertThat(secret(ns, "kafka-node-certs").getData())
                .containsOnlyKeys(
                        "ca.crt",
                        "kafka-broker-0.pem",
                        "kafka-broker-1.pem",
                        "kafka-broker-2.pem",
                        "kafka-controller-0.pem");
        X509Certificate ca = trusted(ns).get(0);
        assertThat(Pem.readCertificate(data(secret(ns, "kafka-clients-ca-cert"), "ca.crt"))
                        .orElseThrow())
                .as("a CA of its own for clients")
                .isNotEqualTo(ca);

        X509Certificate broker1 = nodeCertificate(ns, "kafka-broker-1");
        assertThat(SubjectNames.of(broker1))
                .containsExactlyInAnyOrder(
                        "kafka-broker-1.kafka-nodes",
                        "kafka-broker-1.kafka-nodes." + ns,
                        "kafka-broker-1.kafka-nodes." + ns + ".svc",
                        "kafka-broker-1.kafka-nodes." + ns + ".svc.cluster.local",
                        "kafka-bootstrap",
                        "kafka-bootstrap." + ns,
                        "kafka-bootstrap." + ns + ".svc",
                        "kafka-bootstrap." + ns + ".svc.cluster.local");
        assertThat(Duration.between(
                        broker1.getNotBefore().toInstant(),
                        broker1.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(10));
        verifies(broker1, ca);
        String keyStore = data(secret(ns, "kafka-node-certs"), "kafka-broker-1.pem");
        assertThat(Pem.readPrivateKey(keyStore))
                .as("key and chain in one PEM key store")
                .isPresent();
        assertThat(Pem.readCertificates(keyStore)).containsExactly(broker1, ca);

        StatefulSet brokers = client().apps()
                .statefulSets()
                .inNamespace(ns)
                .withName("kafka-broker")
                .get();
        assertThat(brokers.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null)
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("kafka-node-certs"));
        assertThat(client().configMaps()
                        .inNamespace(ns)
                        .withName("kafka-broker-config")
                        .get()
                        .getData()
                        .get("server.properties"))
                .contains("TLS:SSL")
                .contains("listener.name.tls.ssl.keystore.location=/etc/kafka/tls/${POD_NAME}.pem");

        // Day 8 of 10: the node certificates enter their 2-day renewal window and are re-issued by the same CA.
        CLOCK.advance(Duration.ofDays(8).plusHours(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(nodeCertificate(ns, "kafka-broker-1").getSerialNumber())
                                .isNotEqualTo(broker1.getSerialNumber()));
        X509Certificate renewed = nodeCertificate(ns, "kafka-broker-1");
        verifies(renewed, ca);
        assertThat(trusted(ns)).containsExactly(ca);
        assertThat(secret(ns, "kafka-node-certs").getMetadata().getAnnotations())
                .containsKey(CertificatesStep.RENEWED_AT);
        assertNotStalled(ns);

        // Day 18 of the CA's 20: a new CA is trusted next to the old one, which still signs.
        CLOCK.advance(Duration.ofDays(10));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(trusted(ns)).hasSize(2));
        X509Certificate newCa = trusted(ns).get(0);
        assertThat(trusted(ns)).containsExactly(newCa, ca);
        assertThat(secret(ns, "kafka-cluster-ca").getData())
                .containsOnlyKeys("ca.crt", "ca.key", "previous-ca.crt", "previous-ca.key");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> verifies(nodeCertificate(ns, "kafka-broker-1"), ca));

        // Half-way through the CA's window: every node certificate moves to the new CA, both still trusted.
        CLOCK.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String pod : List.of("kafka-broker-0", "kafka-broker-1", "kafka-broker-2", "kafka-controller-0")) {
                verifies(nodeCertificate(ns, pod), newCa);
            }
        });
        assertThat(trusted(ns)).containsExactly(newCa, ca);
        assertThat(Pem.readCertificates(data(secret(ns, "kafka-node-certs"), "ca.crt")))
                .containsExactly(newCa, ca);

        // The old CA expires: it leaves the bundle.
        CLOCK.advance(Duration.ofDays(1));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(trusted(ns)).containsExactly(newCa));
        assertThat(secret(ns, "kafka-cluster-ca").getData()).containsOnlyKeys("ca.crt", "ca.key");
        assertNotStalled(ns);
    }

    @Test
    void aPlaintextClusterGetsNoSecretsAndItsStatefulSetsAreNotRewritten() {
        String ns = env.createNamespace("plain");
        // Plaintext everywhere: no TLS listener and, unlike the default for new clusters, no internal TLS.
        create(ns, c -> c.getSpec().setSecurity(new dev.krafter.api.v1alpha1.SecuritySpec(false)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(client().apps()
                                .statefulSets()
                                .inNamespace(ns)
                                .withName("kafka-broker")
                                .get())
                        .isNotNull());
        StatefulSet brokers = client().apps()
                .statefulSets()
                .inNamespace(ns)
                .withName("kafka-broker")
                .get();
        StatefulSet controllers = client().apps()
                .statefulSets()
                .inNamespace(ns)
                .withName("kafka-controller")
                .get();

        // A few resyncs (1 s apart) later, nothing was written.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(client().apps()
                            .statefulSets()
                            .inNamespace(ns)
                            .withName("kafka-broker")
                            .get()
                            .getMetadata()
                            .getResourceVersion())
                    .isEqualTo(brokers.getMetadata().getResourceVersion());
            assertThat(client().apps()
                            .statefulSets()
                            .inNamespace(ns)
                            .withName("kafka-controller")
                            .get()
                            .getMetadata()
                            .getResourceVersion())
                    .isEqualTo(controllers.getMetadata().getResourceVersion());
        });
        assertThat(client().secrets().inNamespace(ns).list().getItems().stream()
                        .map(s -> s.getMetadata().getName())
                        .collect(Collectors.toList()))
                .as("no certificates for a cluster without TLS")
                .isEmpty();
        assertThat(brokers.getSpec().getTemplate().getSpec().getVolumes())
                .extracting(v -> v.getName())
                .containsExactly("config", "data", "tmp");
        assertThat(client().configMaps()
                        .inNamespace(ns)
                        .withName("kafka-broker-config")
                        .get()
                        .getData()
                        .get("server.properties"))
                .doesNotContain("ssl.");
    }

    /**
     * Secrets the operator reads: its own (by name, owned by the cluster) and those a spec names. A spec naming a
     * Secret Krafter manages for a cluster (another cluster's CA key) is refused: a user who may create KafkaClusters
     * must not get brokers signed by another cluster's CA. A foreign Secret under the name of the cluster's own CA is
     * neither read nor written.
     */
    @Test
    void aSpecNamingAnotherClustersCaSecretIsRefusedAndAForeignSecretIsNeverTakenOver() {
        String ns = env.createNamespace("secrets");
        create(ns, c -> c.getSpec().setListeners(List.of(tlsListener())));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(secret(ns, "kafka-cluster-ca")).isNotNull());
        String caKey = secret(ns, "kafka-cluster-ca").getData().get("ca.key");

        client().resource(ClusterFixtures.operatorTestCluster(ns, c -> {
                    c.getMetadata().setName("borrower");
                    c.getSpec().setListeners(List.of(tlsListener()));
                    c.getSpec().getCertificates().setClusterCa(new SecretRef("kafka-cluster-ca"));
                }))
                .create();
        KafkaCluster borrower = awaitStalled(ns, "borrower");
        assertThat(Conditions.find(borrower.getStatus().getConditions(), Conditions.STALLED))
                .hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo(ClusterReasons.CERTIFICATE_SECRET);
                    assertThat(c.getMessage())
                            .contains(
                                    "Secret kafka-cluster-ca named in spec.certificates.clusterCa",
                                    "KafkaCluster kafka");
                });
        assertThat(secret(ns, "borrower-node-certs"))
                .as("nothing issued with another cluster's CA")
                .isNull();
        assertThat(secret(ns, "kafka-cluster-ca").getData().get("ca.key")).isEqualTo(caKey);

        // Someone else's Secret under the name the cluster's CA Secret would have.
        client().resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("mine-cluster-ca")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("ca.crt", "not a certificate")
                        .build())
                .create();
        client().resource(ClusterFixtures.operatorTestCluster(ns, c -> {
                    c.getMetadata().setName("mine");
                    c.getSpec().setListeners(List.of(tlsListener()));
                }))
                .create();
        KafkaCluster mine = awaitStalled(ns, "mine");
        assertThat(Conditions.find(mine.getStatus().getConditions(), Conditions.STALLED))
                .hasValueSatisfying(c -> assertThat(c.getMessage())
                        .contains("Secret mine-cluster-ca already exists and this cluster does not own it"));
        assertThat(secret(ns, "mine-cluster-ca").getData()).containsOnlyKeys("ca.crt");
    }

    private static ListenerSpec tlsListener() {
        ListenerSpec tls = new ListenerSpec("tls", 9093, ListenerSpec.Type.INTERNAL);
        tls.setTls(true);
        return tls;
    }

    private static KafkaCluster awaitStalled(String namespace, String name) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> client().resources(KafkaCluster.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        c -> c != null
                                && c.getStatus() != null
                                && Conditions.find(c.getStatus().getConditions(), Conditions.STALLED)
                                        .map(s -> "True".equals(s.getStatus()))
                                        .orElse(false));
    }

    /** PKIX validation of {@code certificate} with {@code ca} as the only trust anchor, at the operator's time. */
    private static void verifies(X509Certificate certificate, X509Certificate ca) throws Exception {
        PKIXParameters pkix = new PKIXParameters(java.util.Set.of(new TrustAnchor(ca, null)));
        pkix.setRevocationEnabled(false);
        pkix.setDate(Date.from(CLOCK.instant()));
        try {
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), pkix);
        } catch (CertPathValidatorException e) {
            throw new AssertionError(
                    certificate.getSubjectX500Principal() + " does not verify against the CA valid from "
                            + ca.getNotBefore().toInstant() + ": " + e.getMessage(),
                    e);
        }
    }
}
