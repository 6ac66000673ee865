package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.Processes;
import dev.krafter.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;

/**
 * S13 TLS listeners: one 3-node cluster with the internal plaintext listener, an internal TLS listener {@code tls} and
 * an external NodePort TLS listener {@code ext}, all served by certificates the operator issues. Three clients nobody
 * here wrote check the brokers' certificates against the CA the operator publishes (Secret
 * {@code <cluster>-cluster-ca-cert}), with hostname verification, and produce and consume:
 * <ol>
 *   <li>Kafka's own CLI inside a broker pod, through the internal TLS listener and the bootstrap Service, with a client
 *       config file ({@code --command-config} of kafka-topics, the console producer and consumer) trusting the CA
 *       file mounted in the pod;</li>
 *   <li>the Java client in the test JVM through the NodePort TLS listener (the node IP is in each certificate);</li>
 *   <li>kcat (librdkafka, OpenSSL) on the host through the same NodePort listener.</li>
 * </ol>
 * A plaintext client on the TLS port gets no metadata. One cluster for all of it keeps the suite's cost down.
 */
class S14TlsListenerIT {
    static final String NS = "s14";
    static final String NAME = "tls";
    static final ListenerSpec PLAIN = new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL);
    static final int RECORDS = 200;

    @Test
    void tlsListenersServeClientsThatVerifyTheBrokersAgainstThePublishedCa() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        ListenerSpec tls = new ListenerSpec("tls", 9093, ListenerSpec.Type.INTERNAL);
        tls.setTls(true);
        ListenerSpec ext = new ListenerSpec("ext", 9094, ListenerSpec.Type.NODEPORT);
        ext.setTls(true);
        resource.getSpec().setListeners(List.of(PLAIN, tls, ext));
        try {
            ScenarioSupport.createReadyCluster(cluster, resource);
            String ca = caBundle(cluster);
            assertThat(ca).startsWith("-----BEGIN CERTIFICATE-----");

            kafkaCliInsideABrokerPod(cluster);
            String external = cluster.bootstrapAddress(NS, NAME, ext.getName());
            javaClientFromOutside(external, ca);
            kcatFromTheHost(external, ca);
            plaintextClientIsNotServedOnTheTlsPort(external);
        } finally {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    /** The public CA bundle clients trust: no key in that Secret. */
    private static String caBundle(TestCluster cluster) {
        Secret secret = cluster.client()
                .secrets()
                .inNamespace(NS)
                .withName(ClusterNames.clusterCaCert(NAME))
                .get();
        assertThat(secret)
                .as("Secret %s/%s", NS, ClusterNames.clusterCaCert(NAME))
                .isNotNull();
        assertThat(secret.getData()).containsOnlyKeys("ca.crt");
        return new String(Base64.getDecoder().decode(secret.getData().get("ca.crt")), StandardCharsets.UTF_8);
    }

    private static void kafkaCliInsideABrokerPod(TestCluster cluster) {
        String pod = ClusterNames.podName(ClusterNames.brokers(NAME), 0);
        String bootstrap = ClusterNames.bootstrapHost(NAME, NS) + ":9093";
        // The CA bundle is mounted in every broker pod with the key stores: /etc/kafka/tls/ca.crt.
        exec(
                cluster,
                pod,
                "printf '%s\\n' security.protocol=SSL ssl.truststore.type=PEM"
                        + " ssl.truststore.location=/etc/kafka/tls/ca.crt > /tmp/tls-client.properties");
        exec(
                cluster,
                pod,
                "kafka-topics.sh --bootstrap-server " + bootstrap + " --command-config /tmp/tls-client.properties"
                        + " --create --topic s13-cli --partitions 3 --replication-factor 3");
        exec(
                cluster,
                pod,
                "printf 'one\\ntwo\\nthree\\n' | kafka-console-producer.sh --bootstrap-server " + bootstrap
                        + " --command-config /tmp/tls-client.properties --topic s13-cli");
        ExecResult consumed = cluster.exec(
                NS,
                pod,
                "bash",
                "-c",
                "kafka-console-consumer.sh --bootstrap-server " + bootstrap
                        + " --command-config /tmp/tls-client.properties --topic s13-cli --from-beginning --max-messages 3"
                        + " --timeout-ms 60000");
        assertThat(consumed.stdoutOrThrow().lines().toList()).containsExactlyInAnyOrder("one", "two", "three");
    }

    private static String exec(TestCluster cluster, String pod, String script) {
        return cluster.exec(NS, pod, "bash", "-c", script).stdoutOrThrow();
    }

    private static Properties tlsClient(Properties props, String ca) {
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        props.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, ca);
        return props;
    }

    /** acks=all through the NodePort TLS listener; the Java client verifies the node IP against each certificate. */
    private static void javaClientFromOutside(String bootstrap, String ca) throws Exception {
        Properties adminProps = tlsClient(new Properties(), ca);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            assertThat(admin.describeCluster().nodes().get(1, TimeUnit.MINUTES)).hasSize(3);
            ScenarioSupport.createTopics(
                    admin, new NewTopic("s14-java", 3, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(tlsClient(ScenarioSupport.producerProps(bootstrap), ca))) {
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>("s14-java", "key-" + (i % 10), "record-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        Set<String> consumed = new HashSet<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(tlsClient(ScenarioSupport.consumerProps(bootstrap, "s14-check"), ca))) {
            consumer.subscribe(List.of("s14-java"));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumed.add(record.value());
                }
                return consumed.size() >= RECORDS;
            });
        }
        assertThat(consumed).hasSize(RECORDS).contains("record-0", "record-" + (RECORDS - 1));
    }

    /** kcat with OpenSSL's verification of the broker certificate (and its IP address) against the CA file. */
    private static void kcatFromTheHost(String bootstrap, String ca) throws Exception {
        Path caFile = Files.createTempFile("s14-ca", ".crt");
        try {
            Files.writeString(caFile, ca);
            List<String> tlsArgs = List.of(
                    "-b",
                    bootstrap,
                    "-X",
                    "security.protocol=ssl",
                    "-X",
                    "ssl.ca.location=" + caFile,
                    "-X",
                    "ssl.endpoint.identification.algorithm=https");
            Result metadata = kcat(tlsArgs, List.of("-L"), null);
            assertThat(metadata.exitCode()).as("kcat -L: %s", metadata.output()).isZero();
            assertThat(metadata.output()).contains("3 brokers:");
            Result produced = kcat(tlsArgs, List.of("-P", "-t", "s14-java"), "kcat-1\nkcat-2\n");
            assertThat(produced.exitCode()).as("kcat -P: %s", produced.output()).isZero();
            Result consumed = kcat(tlsArgs, List.of("-C", "-t", "s14-java", "-o", "beginning", "-e", "-q"), null);
            assertThat(consumed.exitCode()).as("kcat -C: %s", consumed.output()).isZero();
            assertThat(consumed.output().lines()).contains("kcat-1", "kcat-2", "record-0");
        } finally {
            Files.deleteIfExists(caFile);
        }
    }

    /** A plaintext client on the TLS port is answered with a TLS handshake it cannot read: no metadata. */
    private static void plaintextClientIsNotServedOnTheTlsPort(String bootstrap) throws Exception {
        Result plaintext = kcat(List.of("-b", bootstrap, "-m", "10"), List.of("-L"), null);
        assertThat(plaintext.exitCode())
                .as("plaintext kcat on a TLS port: %s", plaintext.output())
                .isNotZero();
    }

    record Result(int exitCode, String output) {}

    /** Runs kcat with {@code mode} then {@code common} arguments; S16 uses it too. */
    static Result kcat(List<String> common, List<String> mode, String input) {
        List<String> command = new ArrayList<>();
        command.add("kcat");
        command.addAll(mode);
        command.addAll(common);
        return run(command, input);
    }

    /** Runs a client command for up to 2 minutes; its output is stdout followed by stderr. */
    static Result run(List<String> command, String input) {
        ExecResult result;
        try {
            result = Processes.run(
                    command,
                    input == null ? null : input.getBytes(StandardCharsets.UTF_8),
                    Map.of(),
                    null,
                    Duration.ofMinutes(2),
                    null);
        } catch (UncheckedIOException e) {
            throw new AssertionError(command.get(0) + " cannot run (scripts/setup.sh installs it): " + e, e);
        }
        return new Result(result.exitCode(), result.stdout() + result.stderr());
    }
}
