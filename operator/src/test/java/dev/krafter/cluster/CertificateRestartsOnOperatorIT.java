package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.certs.Pem;
import dev.krafter.certs.SubjectNames;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node certificates renewed under running pods of a cluster with internal TLS, on the real operator and a real
 * kube-apiserver: the pods restart through the roll, one at a time, controllers first, and a pod created after the
 * renewal is left alone. There is no kubelet or StatefulSet controller here, so the test does their part through the API:
 * it creates the pods from their StatefulSets' templates (again after the roll deleted one) and marks them Ready. No
 * Kafka answers (no pod runs), so the roll goes by what the pods show: a pod that is not Ready serves nothing and may
 * restart first ({@link dev.krafter.roll.RollPlanner}). A certificate re-issued only for a NodePort broker's node
 * address, once its pod is scheduled, restarts nothing. What Kafka does with the new files needs running pods: the e2e
 * suite covers it (S17).
 */
class CertificateRestartsOnOperatorIT {
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        OperatorTestEnvironment.requireApiServer();
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults().withClusterResyncPeriod(Duration.ofSeconds(1)), cluster -> "127.0.0.1:9");
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

    private static StatefulSet set(String ns, String name) {
        return client().apps().statefulSets().inNamespace(ns).withName(name).get();
    }

    private static Map<String, String> podUids(String ns) {
        return client().pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(
                        p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private static List<Event> restartEvents(String ns) {
        return client().v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> ClusterReasons.RESTARTING_POD.equals(e.getReason()))
                .toList();
    }

    private static Optional<Event> restartEvent(String ns, String pod) {
        return restartEvents(ns).stream()
                .filter(e -> e.getMessage().startsWith("restarting pod " + pod + ":"))
                .findFirst();
    }

    private static Optional<OperationStatus> operation(String ns) {
        KafkaCluster cluster = client().resources(KafkaCluster.class)
                .inNamespace(ns)
                .withName("kafka")
                .get();
        return Optional.ofNullable(cluster.getStatus()).map(s -> s.getOperation());
    }

    @Test
    void renewedCertificatesRestartTheNodesCreatedBeforeControllersFirstOneAtATimeAndNotThoseCreatedAfter() {
        String ns = env.createNamespace("cert-restarts");
        // Three brokers and one dedicated controller; a new cluster gets internal TLS.
        client().resource(ClusterFixtures.operatorTestCluster(ns, c -> {})).create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> set(ns, "kafka-broker") != null
                        && set(ns, "kafka-controller") != null
                        && client().secrets()
                                        .inNamespace(ns)
                                        .withName("kafka-node-certs")
                                        .get()
                                != null);
        StatefulSet controllers = set(ns, "kafka-controller");
        StatefulSet brokers = set(ns, "kafka-broker");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client().resources(KafkaCluster.class)
                                .inNamespace(ns)
                                .withName("kafka")
                                .get()
                                .getStatus()
                                .getInternalTls())
                        .isTrue());

        // The pods come after their certificates, as the StatefulSets create them: nothing restarts.
        StatefulSetPods.create(client(), controllers, 0);
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            StatefulSetPods.create(client(), brokers, ordinal);
        }
        Map<String, String> first = podUids(ns);
        assertThat(first).containsOnlyKeys("kafka-controller-0", "kafka-broker-0", "kafka-broker-1", "kafka-broker-2");
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(podUids(ns)).isEqualTo(first);
            assertThat(restartEvents(ns)).isEmpty();
        });

        // Every node certificate is issued again (as when the Secret is lost, or they all enter their renewal window).
        client().secrets().inNamespace(ns).withName("kafka-node-certs").delete();

        // The dedicated controller goes first, alone.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(podUids(ns)).doesNotContainKey("kafka-controller-0"));
        assertThat(restartEvent(ns, "kafka-controller-0"))
                .hasValueSatisfying(e -> assertThat(e.getMessage())
                        .contains("its node certificate was renewed at")
                        .contains("after the pod was created")
                        .contains("KAFKA-20583"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(podUids(ns))
                    .as("no broker restarts while the controller is away")
                    .containsAllEntriesOf(Map.of(
                            "kafka-broker-0",
                            first.get("kafka-broker-0"),
                            "kafka-broker-1",
                            first.get("kafka-broker-1"),
                            "kafka-broker-2",
                            first.get("kafka-broker-2")));
            assertThat(operation(ns)).hasValueSatisfying(op -> {
                assertThat(op.getType()).isEqualTo(ClusterReasons.ROLLING_RESTART);
                assertThat(op.getPhase()).isEqualTo("waiting for pod kafka-controller-0 to become ready");
            });
        });

        // The StatefulSet controller creates it again, after the renewal: it has the new files and is not restarted
        // again; the roll goes on with the first broker.
        StatefulSetPods.setStatus(
                client(),
                StatefulSetPods.create(client(), set(ns, "kafka-controller"), 0),
                StatefulSetPods.running(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        String controllerAgain = podUids(ns).get("kafka-controller-0");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(podUids(ns)).doesNotContainKey("kafka-broker-0"));
        assertThat(restartEvent(ns, "kafka-broker-0"))
                .hasValueSatisfying(e -> assertThat(e.getMessage())
                        .contains("its node certificate was renewed at")
                        .contains("KAFKA-20025"));

        StatefulSetPods.create(client(), set(ns, "kafka-broker"), 0);
        String brokerAgain = podUids(ns).get("kafka-broker-0");
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, String> now = podUids(ns);
            assertThat(now)
                    .as("the pods created after the renewal stay; the next broker waits for broker 0")
                    .containsEntry("kafka-controller-0", controllerAgain)
                    .containsEntry("kafka-broker-0", brokerAgain)
                    .containsEntry("kafka-broker-1", first.get("kafka-broker-1"))
                    .containsEntry("kafka-broker-2", first.get("kafka-broker-2"));
            assertThat(restartEvents(ns))
                    .extracting(e -> e.getMessage().split(":")[0])
                    .containsExactlyInAnyOrder("restarting pod kafka-controller-0", "restarting pod kafka-broker-0");
        });
        assertThat(operation(ns))
                .hasValueSatisfying(
                        op -> assertThat(op.getPhase()).isEqualTo("waiting for pod kafka-broker-0 to become ready"));
    }

    @Test
    void aNodePortBrokersCertificateReissuedForItsNodeAddressKeepsItsValidityAndRestartsNothing() {
        String ns = env.createNamespace("cert-nodeport");
        client().resource(ClusterFixtures.operatorTestCluster(
                        ns,
                        c -> c.getSpec()
                                .setListeners(List.of(
                                        new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL),
                                        new ListenerSpec("ext", 9094, ListenerSpec.Type.NODEPORT)))))
                .create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> set(ns, "kafka-broker") != null
                        && set(ns, "kafka-controller") != null
                        && client().secrets()
                                        .inNamespace(ns)
                                        .withName("kafka-node-certs")
                                        .get()
                                != null);
        StatefulSetPods.create(client(), set(ns, "kafka-controller"), 0);
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            StatefulSetPods.create(client(), set(ns, "kafka-broker"), ordinal);
        }
        X509Certificate before = nodeCertificate(ns, "kafka-broker-1");
        Map<String, String> pods = podUids(ns);

        // The scheduler places broker 0 on a node (its address is known from then on): every broker certificate
        // names it, later than the pods were created, yet the controllers never check a client's names.
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
        Pod broker0 = client().pods().inNamespace(ns).withName("kafka-broker-0").get();
        StatefulSetPods.setStatus(
                client(),
                broker0,
                new PodStatusBuilder()
                        .withPhase("Pending")
                        .withHostIP("192.0.2.10")
                        .build());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(SubjectNames.of(nodeCertificate(ns, "kafka-broker-1")))
                        .contains("192.0.2.10"));
        X509Certificate reissued = nodeCertificate(ns, "kafka-broker-1");
        assertThat(reissued.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(reissued.getNotBefore())
                .as("the validity of the certificate it replaces")
                .isEqualTo(before.getNotBefore());
        assertThat(reissued.getNotAfter()).isEqualTo(before.getNotAfter());
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(podUids(ns)).isEqualTo(pods);
            assertThat(restartEvents(ns)).isEmpty();
        });
    }

    private static X509Certificate nodeCertificate(String ns, String pod) {
        String pem = client().secrets()
                .inNamespace(ns)
                .withName("kafka-node-certs")
                .get()
                .getData()
                .get(pod + ".pem");
        return Pem.readCertificate(new String(Base64.getDecoder().decode(pem), StandardCharsets.UTF_8))
                .orElseThrow();
    }
}
