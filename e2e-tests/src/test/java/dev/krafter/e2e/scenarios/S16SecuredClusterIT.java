package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.AuthorizationSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.scenarios.S14TlsListenerIT.Result;
import dev.krafter.e2e.support.E2eEnvironment;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * S16 secured cluster: one 3-node cluster with internal TLS (the default), an external NodePort listener with client
 * certificates ({@code mtls}), one with SCRAM-SHA-512 over TLS ({@code scram}), and authorization on. It shows:
 * <ol>
 *   <li>the operator's own admin connection (its certificate, a super user) serves a Topic resource: Ready, the topic
 *       exists in Kafka;</li>
 *   <li>Kafka's CLI in a broker pod with the ready config file /tmp/kafka/client.properties lists topics, creates a
 *       SCRAM user and ACLs;</li>
 *   <li>kcat with a client certificate signed by the clients CA (issued here from the clients CA Secret, subject
 *       CN=alice, so User:alice) reads metadata and produces to the topic its ACL allows;</li>
 *   <li>kcat without a certificate on the mTLS listener is refused in the TLS handshake;</li>
 *   <li>SCRAM user bob, with Kafka's Java client and with librdkafka 2.16 (confluent-kafka-python; the kcat here links
 *       a librdkafka that Kafka 4 refuses for SCRAM), sees the brokers; with a wrong password it is refused
 *       (authentication failed);</li>
 *   <li>no InsecureListener condition: every external listener has TLS and authentication;</li>
 *   <li>KafkaUsers: a tls user with read-only ACLs consumes with the certificate from its Secret but is refused on
 *       produce; a SCRAM user with a producer byte-rate quota is throttled by the brokers (the Java producer's
 *       produce-throttle-time-avg is above zero); deleting the users removes their ACLs, their Secrets and the SCRAM
 *       credential (the old password is refused).</li>
 * </ol>
 */
class S16SecuredClusterIT {
    static final String NS = "s16";
    static final String NAME = "sec";
    static final String TOPIC = "s16-orders";

    @Test
    void securedClusterServesTheOperatorTheCliAndAuthenticatedClientsAndRefusesTheOthers() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        ListenerSpec mtls = new ListenerSpec("mtls", 9093, ListenerSpec.Type.NODEPORT);
        mtls.setTls(true);
        mtls.setAuthentication(ListenerSpec.Authentication.TLS);
        ListenerSpec scram = new ListenerSpec("scram", 9094, ListenerSpec.Type.NODEPORT);
        scram.setTls(true);
        scram.setAuthentication(ListenerSpec.Authentication.SCRAM_SHA_512);
        resource.getSpec().setListeners(List.of(mtls, scram));
        resource.getSpec().setAuthorization(new AuthorizationSpec());
        Path dir = Files.createTempDirectory("s16");
        try {
            KafkaCluster ready = ScenarioSupport.createReadyCluster(cluster, resource);
            assertThat(ready.getStatus().getInternalTls())
                    .as("status.internalTls of a new cluster")
                    .isTrue();
            assertThat(ScenarioSupport.condition(ready, "InsecureListener")).isEmpty();

            operatorServesATopic(cluster);
            String pod = ClusterNames.podName(ClusterNames.brokers(NAME), 0);
            cliWithTheReadyConfig(cluster, pod);

            Path ca = write(dir, "ca.crt", secretValue(cluster, ClusterNames.clusterCaCert(NAME), "ca.crt"));
            issueClientCertificate(cluster, dir, "alice");
            String mtlsAddress = cluster.bootstrapAddress(NS, NAME, mtls.getName());
            List<String> tls = List.of("-b", mtlsAddress, "-X", "security.protocol=ssl", "-X", "ssl.ca.location=" + ca);
            List<String> withCertificate = new ArrayList<>(tls);
            withCertificate.addAll(List.of(
                    "-X",
                    "ssl.certificate.location=" + dir.resolve("alice.crt"),
                    "-X",
                    "ssl.key.location=" + dir.resolve("alice.key")));
            Result metadata = kcat(withCertificate, List.of("-L"), null);
            assertThat(metadata.exitCode())
                    .as("kcat -L with alice's certificate: %s", metadata.output())
                    .isZero();
            assertThat(metadata.output()).contains("3 brokers:").contains(TOPIC);
            Result produced = kcat(withCertificate, List.of("-P", "-t", TOPIC), "from-alice\n");
            assertThat(produced.exitCode())
                    .as("kcat -P as User:alice: %s", produced.output())
                    .isZero();

            Result anonymous = kcat(new ArrayList<>(tls), List.of("-L", "-m", "15"), null);
            assertThat(anonymous.exitCode())
                    .as("kcat without a certificate: %s", anonymous.output())
                    .isNotZero();
            // TLS 1.3 refuses with the alert "certificate required", TLS 1.2 with a handshake failure.
            assertThat(anonymous.output())
                    .containsIgnoringCase("ssl")
                    .containsPattern("(?i)certificate required|handshake");

            // SCRAM with Kafka's Java client and with librdkafka 2.16 (confluent-kafka-python). Not with the kcat here:
            // it links librdkafka 2.0.2, which every Kafka since 3.8.1 refuses with "invalid credentials" (Kafka's fix
            // for CVE-2024-56128 exposed a nonce bug of librdkafka before 2.6.1).
            String scramAddress = cluster.bootstrapAddress(NS, NAME, scram.getName());
            String caPem = Files.readString(ca);
            try (Admin bob = scramAdmin(scramAddress, caPem, "bob", "bob-secret")) {
                assertThat(bob.describeCluster().nodes().get(1, TimeUnit.MINUTES))
                        .as("brokers seen by SCRAM user bob")
                        .hasSize(3);
            }
            assertRefusedAuthentication(scramAddress, caPem, "bob", "not-bobs");
            Result rdkafka = rdkafkaScram(scramAddress, ca, "bob", "bob-secret");
            assertThat(rdkafka.exitCode())
                    .as("librdkafka as bob: %s", rdkafka.output())
                    .isZero();
            assertThat(rdkafka.output()).contains("brokers: 3");
            Result rdkafkaRefused = rdkafkaScram(scramAddress, ca, "bob", "not-bobs");
            assertThat(rdkafkaRefused.exitCode())
                    .as("librdkafka as bob with a wrong password: %s", rdkafkaRefused.output())
                    .isOne();
            assertThat(rdkafkaRefused.output()).contains("refused:").containsIgnoringCase("authentication");

            kafkaUsers(cluster, dir, pod, tls, scramAddress, caPem);
        } finally {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    /** KafkaUser resources: credentials in Secrets, ACLs and quotas in Kafka, all removed with the resource. */
    private static void kafkaUsers(
            TestCluster cluster, Path dir, String pod, List<String> mtls, String scramAddress, String ca)
            throws Exception {
        cluster.apply("""
                apiVersion: krafter.dev/v1alpha1
                kind: KafkaUser
                metadata:
                  name: reader
                spec:
                  clusterRef:
                    name: %s
                  authentication:
                    type: tls
                  authorization:
                    acls:
                      - resource: {type: topic, name: %s}
                        operations: [Describe, Read]
                ---
                apiVersion: krafter.dev/v1alpha1
                kind: KafkaUser
                metadata:
                  name: writer
                spec:
                  clusterRef:
                    name: %s
                  authentication:
                    type: scram-sha-512
                  authorization:
                    acls:
                      - resource: {type: topic, name: %s}
                        operations: [Describe, Write]
                  quotas:
                    producerByteRate: 4096
                """.formatted(NAME, TOPIC, NAME, TOPIC), NS);
        for (String user : List.of("reader", "writer")) {
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> cluster.get(KafkaUser.class, NS, user)
                            .map(ScenarioSupport::isReadyAtGeneration)
                            .orElse(false));
        }

        write(dir, "reader.crt", secretValue(cluster, "reader", "user.crt"));
        write(dir, "reader.key", secretValue(cluster, "reader", "user.key"));
        List<String> reader = new ArrayList<>(mtls);
        reader.addAll(List.of(
                "-X",
                "ssl.certificate.location=" + dir.resolve("reader.crt"),
                "-X",
                "ssl.key.location=" + dir.resolve("reader.key")));
        Result consumed = kcat(reader, List.of("-C", "-t", TOPIC, "-o", "beginning", "-e"), null);
        assertThat(consumed.exitCode())
                .as("kcat -C as User:reader: %s", consumed.output())
                .isZero();
        assertThat(consumed.output()).contains("from-alice");
        Result readerProduces = kcat(reader, List.of("-P", "-t", TOPIC), "from-reader\n");
        assertThat(readerProduces.output())
                .as("kcat -P as the read-only User:reader (exit %d)", readerProduces.exitCode())
                .containsIgnoringCase("authorization failed");

        String password = secretValue(cluster, "writer", "password");
        double throttle = producerThrottleMillis(scramAddress, ca, password);
        assertThat(throttle)
                .as("produce-throttle-time-avg of a producer over writer's 4096 B/s quota")
                .isGreaterThan(0);

        cluster.client()
                .resources(KafkaUser.class)
                .inNamespace(NS)
                .withName("reader")
                .delete();
        cluster.client()
                .resources(KafkaUser.class)
                .inNamespace(NS)
                .withName("writer")
                .delete();
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> cluster.get(KafkaUser.class, NS, "reader").isEmpty()
                        && cluster.get(KafkaUser.class, NS, "writer").isEmpty());
        assertThat(cluster.client().secrets().inNamespace(NS).withName("reader").get())
                .as("Secret reader")
                .isNull();
        assertThat(cluster.client().secrets().inNamespace(NS).withName("writer").get())
                .as("Secret writer")
                .isNull();
        String cli = " --bootstrap-server " + ClusterNames.bootstrap(NAME)
                + ":9091 --command-config /tmp/kafka/client.properties";
        assertThat(exec(cluster, pod, "kafka-acls.sh" + cli + " --list"))
                .contains("User:alice")
                .doesNotContain("User:reader")
                .doesNotContain("User:writer");
        assertRefusedAuthentication(scramAddress, ca, "writer", password);
    }

    /**
     * e2e-tests/src/test/python/rdkafka_scram.py: the brokers as librdkafka sees them, logged in as a SCRAM-SHA-512
     * user over TLS (librdkafka from confluent-kafka-python, installed into .build/rdkafka-venv by scripts/setup.sh).
     */
    private static Result rdkafkaScram(String bootstrap, Path ca, String user, String password) {
        Path root = E2eEnvironment.repoRoot();
        Path python = root.resolve(".build/rdkafka-venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new AssertionError(
                    python + " is missing: scripts/setup.sh installs confluent-kafka (librdkafka) there");
        }
        return S14TlsListenerIT.run(
                List.of(
                        python.toString(),
                        root.resolve("e2e-tests/src/test/python/rdkafka_scram.py")
                                .toString(),
                        bootstrap,
                        ca.toString(),
                        user,
                        password),
                null);
    }

    /** An Admin client of {@code user} with SCRAM-SHA-512 over TLS, trusting the cluster CA. */
    private static Admin scramAdmin(String bootstrap, String ca, String user, String password) {
        Properties props = scram(new Properties(), ca, user, password);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    private static Properties scram(Properties props, String ca, String user, String password) {
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        props.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, ca);
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required" + " username=\"" + user
                        + "\" password=\"" + password + "\";");
        return props;
    }

    /** {@code user} with {@code password} is refused: Kafka answers SASL authentication failed. */
    private static void assertRefusedAuthentication(String bootstrap, String ca, String user, String password) {
        try (Admin refused = scramAdmin(bootstrap, ca, user, password)) {
            assertThatThrownBy(() -> refused.describeCluster().nodes().get(1, TimeUnit.MINUTES))
                    .as("SCRAM user %s with that password", user)
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }

    /** Sends 256 KiB as SCRAM user writer through the scram listener and returns the producer's average throttle time. */
    private static double producerThrottleMillis(String bootstrap, String ca, String password) throws Exception {
        Properties props = scram(ScenarioSupport.producerProps(bootstrap), ca, "writer", password);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            String value = "x".repeat(1024);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            // About 85 KiB per broker at once: over an 11 s quota window that is well above 4,096 B/s (64 KiB was
            // not: the brokers measure the rate over the whole window and did not throttle).
            for (int i = 0; i < 256; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, "w-" + i, value)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(2, TimeUnit.MINUTES);
            }
            return producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("producer-metrics")
                            && e.getKey().name().equals("produce-throttle-time-avg"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the producer has no produce-throttle-time-avg"));
        }
    }

    /** The operator reaches the cluster only with its own certificate (internal TLS, authorizer on). */
    private static void operatorServesATopic(TestCluster cluster) {
        cluster.apply("""
                apiVersion: krafter.dev/v1alpha1
                kind: Topic
                metadata:
                  name: %s
                spec:
                  clusterRef:
                    name: %s
                  partitions: 3
                  replicationFactor: 3
                """.formatted(TOPIC, NAME), NS);
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> cluster.get(Topic.class, NS, TOPIC)
                        .map(ScenarioSupport::isReadyAtGeneration)
                        .orElse(false));
    }

    /** kubectl exec with the config file the entrypoint wrote: the node's certificate on the replication listener. */
    private static void cliWithTheReadyConfig(TestCluster cluster, String pod) {
        String cli = " --bootstrap-server " + ClusterNames.bootstrap(NAME)
                + ":9091 --command-config /tmp/kafka/client.properties";
        assertThat(exec(cluster, pod, "kafka-topics.sh" + cli + " --list").lines())
                .contains(TOPIC);
        exec(
                cluster,
                pod,
                "kafka-configs.sh" + cli + " --alter --entity-type users --entity-name bob"
                        + " --add-config 'SCRAM-SHA-512=[password=bob-secret]'");
        exec(
                cluster,
                pod,
                "kafka-acls.sh" + cli + " --add --allow-principal User:alice --operation Write"
                        + " --operation Describe --topic " + TOPIC);
        exec(cluster, pod, "kafka-acls.sh" + cli + " --add --allow-principal User:bob --operation Describe --cluster");
        ExecResult acls = cluster.exec(NS, pod, "bash", "-c", "kafka-acls.sh" + cli + " --list --topic " + TOPIC);
        assertThat(acls.stdoutOrThrow()).contains("User:alice");
    }

    /** A client certificate for {@code user} (subject CN=user) signed with the clients CA from its Secret. */
    private static void issueClientCertificate(TestCluster cluster, Path dir, String user) throws Exception {
        String caCert = secretValue(cluster, ClusterNames.clientsCa(NAME), "ca.crt");
        String caKey = secretValue(cluster, ClusterNames.clientsCa(NAME), "ca.key");
        X509Certificate certificate = Pem.readCertificate(caCert).orElseThrow();
        PrivateKey key = Pem.readPrivateKey(caKey).orElseThrow();
        CertificateAuthority clientsCa = new CertificateAuthority(certificate, key);
        Instant now = Instant.now();
        CertificateAuthority.Issued issued = clientsCa.issueClient(user, now, now.plus(Duration.ofDays(1)));
        write(dir, user + ".crt", Pem.certificates(List.of(issued.certificate(), certificate)));
        write(dir, user + ".key", Pem.privateKey(issued.key()));
    }

    private static String secretValue(TestCluster cluster, String secret, String key) {
        Secret stored =
                cluster.client().secrets().inNamespace(NS).withName(secret).get();
        assertThat(stored).as("Secret %s/%s", NS, secret).isNotNull();
        return new String(Base64.getDecoder().decode(stored.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String exec(TestCluster cluster, String pod, String script) {
        return cluster.exec(NS, pod, "bash", "-c", script).stdoutOrThrow();
    }

    private static Result kcat(List<String> common, List<String> mode, String input) throws Exception {
        return S14TlsListenerIT.kcat(common, mode, input);
    }
}
