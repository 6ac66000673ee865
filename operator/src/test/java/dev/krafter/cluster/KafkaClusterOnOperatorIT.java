package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real operator on a real kube-apiserver, with the admin seam pointed at a real KRaft cluster shaped like the
 * custom resource (one dedicated controller, node id 3000, and brokers 0, 1, 2). There is no node, so no pod ever
 * runs, and the operator asks Kafka about a KafkaCluster only once one of its broker pods is Ready: what is checked
 * here is what the operator does before that (objects, guards, validation, template hash, status, cleanup), and the
 * consumer-group observation, which reaches Kafka by itself. Ready, Kafka facts in status, live config, rolling
 * restarts and scaling need running pods: the e2e suite covers them on a real cluster.
 */
class KafkaClusterOnOperatorIT {
    /** What a cluster says while its pods do not run (there is no node). */
    private static final String NO_POD_READY = "waiting for every broker to register";

    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        OperatorTestEnvironment.requireApiServer();
        kafka = KafkaTestClusters.dedicatedController(3);
        admin = kafka.admin();
        KafkaTestClusters.createTopic(
                admin, new NewTopic("orders", 6, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults()
                        .withClusterResyncPeriod(Duration.ofSeconds(1))
                        .withGroupObservationPeriod(Duration.ofSeconds(1)),
                cluster -> kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() throws Exception {
        KafkaTestClusters.closeAll(env, admin, kafka);
    }

    /** The clusters of every test share one Kafka: stop reconciling a test's cluster when it ends. */
    @AfterEach
    void deleteClusters() {
        client().resources(KafkaCluster.class).inAnyNamespace().delete();
    }

    private static KubernetesClient client() {
        return env.client();
    }

    private static KafkaCluster newCluster(String namespace) {
        return newCluster(namespace, c -> {});
    }

    private static KafkaCluster newCluster(String namespace, Consumer<KafkaCluster> customize) {
        return client().resource(ClusterFixtures.operatorTestCluster(namespace, customize))
                .create();
    }

    private static KafkaCluster get(String namespace) {
        return client().resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName("kafka")
                .get();
    }

    /** A user's spec change; retried when the resource changed in between (409 Conflict). */
    private static void edit(String namespace, Consumer<KafkaCluster> change) {
        TestResources.editRetryingConflicts(client(), KafkaCluster.class, namespace, "kafka", change);
    }

    private static Condition condition(String namespace, String type) {
        KafkaCluster cluster = get(namespace);
        return cluster == null
                ? null
                : Conditions.find(cluster.getStatus().getConditions(), type).orElse(null);
    }

    /**
     * Waits until the operator applied every object: the cluster is Reconciling (Creating) because no broker pod
     * registers (none runs), and nothing is Stalled.
     */
    private static KafkaCluster awaitCreatedWithoutPods(String namespace) {
        return awaitCreatedWithoutPods(namespace, NO_POD_READY);
    }

    private static KafkaCluster awaitCreatedWithoutPods(String namespace, String message) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Condition reconciling = condition(namespace, Conditions.RECONCILING);
            assertThat(reconciling).isNotNull();
            assertThat(reconciling.getStatus()).isEqualTo("True");
            assertThat(reconciling.getReason()).isEqualTo("Creating");
            assertThat(reconciling.getMessage()).isEqualTo(message);
            assertThat(condition(namespace, Conditions.READY).getStatus()).isEqualTo("False");
            assertThat(condition(namespace, Conditions.STALLED).getStatus()).isEqualTo("False");
            assertThat(brokerSet(namespace)).isNotNull();
        });
        return get(namespace);
    }

    private static StatefulSet brokerSet(String namespace) {
        return client().apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName("kafka-broker")
                .get();
    }

    private static StatefulSet controllerSet(String namespace) {
        return client().apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName("kafka-controller")
                .get();
    }

    @Test
    void aPasswordIsTakenFromItsSecretAndNeverInlineAndItsValueIsNowhereTheOperatorWrites() {
        String ns = env.createNamespace("secret");
        // A password-type broker setting (store passwords are refused outright on a TLS cluster, see
        // ClusterValidation).
        String value = "s3cr3t-Delegation-Key";
        client().resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("kafka-secrets")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("delegation-token-key", value)
                        .build())
                .create();

        // Inline: refused before anything is created, the message names the key and the fix, not the value.
        newCluster(ns, c -> c.getSpec().getBrokers().setConfig(Map.of("delegation.token.secret.key", value)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Condition stalled = condition(ns, Conditions.STALLED);
            assertThat(stalled).isNotNull();
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
            assertThat(stalled.getMessage())
                    .contains("spec.brokers.config.delegation.token.secret.key is a password")
                    .contains("spec.brokers.secretConfig")
                    .doesNotContain(value);
        });
        assertThat(brokerSet(ns)).isNull();

        // From the Secret: the brokers mount it, and the operator's own output never holds the value.
        edit(ns, c -> {
            c.getSpec().getBrokers().setConfig(new java.util.LinkedHashMap<>());
            c.getSpec()
                    .getBrokers()
                    .setSecretConfig(new java.util.ArrayList<>(List.of(
                            new SecretConfig("delegation.token.secret.key", "kafka-secrets", "delegation-token-key"))));
        });
        awaitCreatedWithoutPods(ns);
        assertThat(brokerSet(ns).getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals(ClusterObjects.SECRET_CONFIG_VOLUME))
                .singleElement()
                .satisfies(v -> assertThat(v.getProjected().getSources())
                        .singleElement()
                        .satisfies(source -> {
                            assertThat(source.getSecret().getName()).isEqualTo("kafka-secrets");
                            assertThat(source.getSecret().getItems())
                                    .singleElement()
                                    .satisfies(item -> {
                                        assertThat(item.getKey()).isEqualTo("delegation-token-key");
                                        assertThat(item.getPath()).isEqualTo("delegation.token.secret.key");
                                    });
                        }));
        String written = Serialization.asJson(
                        client().configMaps().inNamespace(ns).list())
                + Serialization.asJson(
                        client().apps().statefulSets().inNamespace(ns).list())
                + Serialization.asJson(get(ns).getStatus())
                + Serialization.asJson(client().v1().events().inNamespace(ns).list());
        assertThat(written).contains("delegation.token.secret.key").doesNotContain(value);
    }

    @Test
    void everyObjectIsCreatedAndStatusSaysWhatIsMissingWhileNoPodRuns() {
        String ns = env.createNamespace("create");
        KafkaCluster created = newCluster(ns);
        KafkaCluster cluster = awaitCreatedWithoutPods(ns);

        StatefulSet set = brokerSet(ns);
        assertThat(set.getSpec().getReplicas()).isEqualTo(3);
        assertThat(set.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(set.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o ->
                        assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        String clusterId = cluster.getStatus().getClusterId();
        assertThat(clusterId).isNotBlank();
        ConfigMap config = client().configMaps()
                .inNamespace(ns)
                .withName("kafka-broker-config")
                .get();
        assertThat(config.getMetadata().getAnnotations()).containsEntry("krafter.dev/cluster-id", clusterId);
        assertThat(config.getData()).containsKeys("server.properties");
        assertThat(config.getData().get("server.properties"))
                .contains("controller.quorum.voters=3000@kafka-controller-0.kafka-nodes." + ns + ".svc:9090");
        assertThat(controllerSet(ns).getSpec().getReplicas()).isEqualTo(1);
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("KRAFTER_CLUSTER_ID");
                    assertThat(e.getValue()).isEqualTo(clusterId);
                });
        assertThat(client().services()
                        .inNamespace(ns)
                        .withName("kafka-nodes")
                        .get()
                        .getSpec()
                        .getPublishNotReadyAddresses())
                .isTrue();
        assertThat(client().services()
                        .inNamespace(ns)
                        .withName("kafka-bootstrap")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .as("allocated by the API server")
                .startsWith("10.96.");
        assertThat(client().serviceAccounts()
                        .inNamespace(ns)
                        .withName("kafka-kafka")
                        .get())
                .isNotNull();
        PodDisruptionBudget pdb = client().policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(ns)
                .withName("kafka-kafka")
                .get();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        // Kafka is asked only once a broker pod is Ready: no client, no Kafka facts, nothing ready.
        assertThat(env.admins().cached(ns, "kafka"))
                .as("no Kafka client before a broker pod is Ready")
                .isEmpty();
        assertThat(cluster.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(cluster.getStatus().getOperation().getType()).isEqualTo("Creating");
        assertThat(cluster.getStatus().getOperation().getPhase()).isEqualTo(NO_POD_READY);
        assertThat(cluster.getStatus().getBrokers().getDesired()).isEqualTo(3);
        assertThat(cluster.getStatus().getBrokers().getReady()).isZero();
        assertThat(cluster.getStatus().getBrokers().getIds()).isEmpty();
        assertThat(cluster.getStatus().getBrokers().getSelector())
                .isEqualTo("krafter.dev/cluster=kafka,krafter.dev/broker=true");
        assertThat(cluster.getStatus().getControllers().getReplicas())
                .as("voters: the one dedicated controller")
                .isEqualTo(1);
        assertThat(cluster.getStatus().getControllers().getVoters())
                .as("voters Kafka reports: none runs")
                .isEmpty();
        assertThat(cluster.getStatus().getPartitions()).isNull();
        assertThat(cluster.getStatus().getMetadataVersion()).isNull();
        assertThat(cluster.getStatus().getKafkaVersion())
                .as("the version the pods run: none runs")
                .isNull();
        assertThat(cluster.getStatus().getBootstrapServers()).isEqualTo("kafka-bootstrap." + ns + ".svc:9092");

        // The operator wrote status by server-side apply on the status subresource and never wrote spec.
        List<ManagedFieldsEntry> managers = cluster.getMetadata().getManagedFields();
        ManagedFieldsEntry operator = managers.stream()
                .filter(m -> "kafkacluster".equals(m.getManager()))
                .findFirst()
                .orElseThrow();
        assertThat(operator.getOperation()).isEqualTo("Apply");
        assertThat(operator.getSubresource()).isEqualTo("status");
        assertThat(managers)
                .filteredOn(m -> fields(m).has("f:spec"))
                .allSatisfy(m -> assertThat(m.getSubresource())
                        .as("spec written by %s", m.getManager())
                        .isNullOrEmpty())
                .noneSatisfy(m -> assertThat(m.getManager()).isEqualTo("kafkacluster"));

        // A steady cluster causes no status writes: the resync every second changes nothing.
        String version = get(ns).getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(get(ns).getMetadata().getResourceVersion()).isEqualTo(version));
        assertThat(brokerSet(ns).getMetadata().getResourceVersion())
                .as("nor object writes")
                .isEqualTo(set.getMetadata().getResourceVersion());
    }

    private static JsonNode fields(ManagedFieldsEntry entry) {
        return Serialization.jsonMapper().valueToTree(entry.getFieldsV1().getAdditionalProperties());
    }

    @Test
    void deletingAClusterReleasesItsAdminClientAndGroupObservationAndARecreatedClusterGetsAFreshClient() {
        String ns = env.createNamespace("delete");
        KafkaAdmins admins = env.admins();
        newCluster(ns);
        awaitCreatedWithoutPods(ns);
        // The group's observation loop opens the cluster's client and reads the real Kafka.
        ConsumerGroup group = client().resource(TestResources.consumerGroup(ns, "billing", "kafka"))
                .create();
        await().atMost(Duration.ofSeconds(30)).until(() -> groupStatus(ns).getLagStatus() != null);
        assertThat(groupStatus(ns).getLagStatus()).isEqualTo(ConsumerGroupStatus.LagStatus.NOT_FOUND);
        Admin first = admins.cached(ns, "kafka").orElseThrow();

        client().resources(KafkaCluster.class).inNamespace(ns).withName("kafka").delete();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> admins.cached(ns, "kafka").isEmpty());
        assertThatThrownBy(() -> first.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                .as("the deleted cluster's client is closed")
                .isInstanceOf(ExecutionException.class);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(Conditions.find(groupStatus(ns).getConditions(), Conditions.RECONCILING)
                                .map(Condition::getReason))
                        .contains(Reasons.CLUSTER_NOT_FOUND));
        // The group's observation loop stopped with the cluster: nothing opens a client for it again.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> admins.cached(ns, "kafka").isEmpty());

        // No garbage collector runs here: the first cluster's StatefulSets are still there, so the new cluster is not
        // "creating brokers" but waiting for them.
        newCluster(ns);
        awaitCreatedWithoutPods(ns, "waiting for Kafka: no broker pod is ready yet");
        // Nothing wakes the group when its cluster comes back (it has no KafkaCluster event source and no reschedule
        // while the cluster is missing): a spec change does.
        TestResources.editRetryingConflicts(
                client(),
                ConsumerGroup.class,
                ns,
                "billing",
                g -> g.getSpec().getLagPolicy().setWindowSize(5));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admins.cached(ns, "kafka")).get().isNotSameAs(first);
            assertThat(Conditions.find(groupStatus(ns).getConditions(), Conditions.READY)
                            .map(Condition::getReason))
                    .contains("GroupNotFound");
        });
        client().resource(group).delete();
    }

    private static ConsumerGroupStatus groupStatus(String namespace) {
        ConsumerGroup group = client().resources(ConsumerGroup.class)
                .inNamespace(namespace)
                .withName("billing")
                .get();
        return group == null ? null : group.getStatus();
    }

    @Test
    void aPodTemplateChangeGivesBothStatefulSetsANewTemplateHash() {
        String ns = env.createNamespace("template");
        newCluster(ns);
        awaitCreatedWithoutPods(ns);
        String brokersBefore = NodeStates.templateHash(brokerSet(ns));
        String controllersBefore = NodeStates.templateHash(controllerSet(ns));
        assertThat(brokersBefore).isNotBlank();
        assertThat(controllersBefore).isNotBlank();

        // The brokers' template is shared by the dedicated controllers: both sets' pods become outdated. Which pod
        // restarts when (controllers first, one at a time, only when safe) needs running pods: see the e2e suite.
        edit(ns, c -> c.getSpec().getBrokers().setTemplate(teamAnnotated()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StatefulSet brokers = brokerSet(ns);
            assertThat(NodeStates.templateHash(brokers)).isNotEqualTo(brokersBefore);
            assertThat(brokers.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("example.com/team", "data");
            assertThat(NodeStates.templateHash(controllerSet(ns))).isNotEqualTo(controllersBefore);
            assertThat(get(ns).getStatus().getObservedGeneration()).isEqualTo(2L);
        });
        assertThat(brokerSet(ns).getSpec().getUpdateStrategy().getType())
                .as("no pod restarts by itself")
                .isEqualTo("OnDelete");
    }

    /**
     * A paused cluster changes nothing but its status: a spec change leaves every child object as it was (not one
     * write), the status says Paused and how to resume; removing the annotation applies the change.
     */
    @Test
    void aPausedClusterChangesNothingUntilResumed() {
        String ns = env.createNamespace("paused");
        newCluster(ns);
        awaitCreatedWithoutPods(ns);
        String hashBefore = NodeStates.templateHash(brokerSet(ns));
        String brokersVersion = brokerSet(ns).getMetadata().getResourceVersion();
        String controllersVersion = controllerSet(ns).getMetadata().getResourceVersion();

        edit(ns, c -> setPaused(c, true));
        edit(ns, c -> c.getSpec().getBrokers().setTemplate(teamAnnotated()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            KafkaCluster paused = get(ns);
            assertThat(paused.getStatus().getObservedGeneration())
                    .isEqualTo(paused.getMetadata().getGeneration());
            Condition ready = condition(ns, Conditions.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo(Reasons.PAUSED);
            assertThat(ready.getMessage())
                    .contains("no broker is restarted, scaled or reconfigured")
                    .contains("kubectl annotate kafkacluster kafka -n " + ns + " krafter.dev/paused-");
            assertThat(condition(ns, Conditions.RECONCILING).getStatus()).isEqualTo("False");
            assertThat(condition(ns, Conditions.STALLED).getStatus()).isEqualTo("False");
        });
        assertThat(brokerSet(ns).getMetadata().getResourceVersion())
                .as("broker StatefulSet untouched")
                .isEqualTo(brokersVersion);
        assertThat(controllerSet(ns).getMetadata().getResourceVersion())
                .as("controller StatefulSet untouched")
                .isEqualTo(controllersVersion);

        edit(ns, c -> setPaused(c, false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(NodeStates.templateHash(brokerSet(ns))).isNotEqualTo(hashBefore);
            assertThat(condition(ns, Conditions.READY).getReason()).isNotEqualTo(Reasons.PAUSED);
        });
    }

    private static PodTemplate teamAnnotated() {
        PodTemplate template = new PodTemplate();
        template.setAnnotations(Map.of("example.com/team", "data"));
        return template;
    }

    private static void setPaused(KafkaCluster cluster, boolean paused) {
        Map<String, String> annotations = new java.util.HashMap<>(
                cluster.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : cluster.getMetadata().getAnnotations());
        if (paused) {
            annotations.put(ApiGroup.PAUSED_ANNOTATION, "true");
        } else {
            annotations.remove(ApiGroup.PAUSED_ANNOTATION);
        }
        cluster.getMetadata().setAnnotations(annotations);
    }

    @Test
    void invalidChangesAreStalledWhileTheRunningClusterStaysUntouched() {
        String ns = env.createNamespace("invalid");
        newCluster(ns);
        awaitCreatedWithoutPods(ns);
        StatefulSet before = brokerSet(ns);
        StatefulSet controllersBefore = controllerSet(ns);

        edit(ns, c -> c.getSpec().getControllers().setReplicas(3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition stalled = condition(ns, Conditions.STALLED);
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo("ChangeRefused");
            assertThat(stalled.getMessage()).contains("spec.controllers cannot change after creation");
            assertThat(condition(ns, Conditions.READY).getStatus()).isEqualTo("False");
            assertThat(condition(ns, Conditions.RECONCILING).getStatus()).isEqualTo("False");
        });
        String stalledSince = condition(ns, Conditions.STALLED).getLastTransitionTime();

        edit(ns, c -> {
            c.getSpec().getControllers().setReplicas(1);
            ListenerSpec tls = new ListenerSpec();
            tls.setName("secure");
            tls.setPort(9093);
            tls.setAuthentication(ListenerSpec.Authentication.TLS);
            c.getSpec().setListeners(List.of(tls));
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition stalled = condition(ns, Conditions.STALLED);
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
            assertThat(stalled.getMessage()).contains("asks for authentication");
            assertThat(stalled.getLastTransitionTime())
                    .as("still Stalled: no transition")
                    .isEqualTo(stalledSince);
        });

        // The downgrade floor is what Kafka finalized, recorded by the metadata.version step once every node ran the
        // release (no pod runs here, so the test records it as that step does).
        TestResources.editRetryingConflicts(
                client(),
                ConfigMap.class,
                ns,
                "kafka-broker-config",
                cm -> cm.getMetadata().getAnnotations().put("krafter.dev/metadata-version-release", "4.4.0"));
        edit(ns, c -> {
            c.getSpec().setListeners(List.of());
            c.getSpec().setVersion("4.3.1");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition stalled = condition(ns, Conditions.STALLED);
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo("ChangeRefused");
            assertThat(stalled.getMessage()).contains("spec.version 4.3.1").contains("metadata.version");
        });

        StatefulSet after = brokerSet(ns);
        assertThat(after.getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getSpec()).isEqualTo(before.getSpec());
        assertThat(controllerSet(ns).getMetadata().getResourceVersion())
                .isEqualTo(controllersBefore.getMetadata().getResourceVersion());

        edit(ns, c -> c.getSpec().setVersion("4.4.0"));
        awaitCreatedWithoutPods(ns);
        assertThat(brokerSet(ns).getSpec())
                .as("back to the running spec: nothing changed")
                .isEqualTo(before.getSpec());
    }

    /**
     * Nothing is removed before Kafka says what the removed brokers host, and Kafka is asked only once a broker pod is
     * Ready. The drain, the shrink and the unregistration themselves need running pods: the e2e suite (S4) covers them.
     */
    @Test
    void aScaleDownWaitsForKafkaAndRemovesNothingMeanwhile() {
        String ns = env.createNamespace("scaledown");
        newCluster(ns);
        awaitCreatedWithoutPods(ns);
        StatefulSet before = brokerSet(ns);
        edit(ns, c -> c.getSpec().getBrokers().setReplicas(2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition reconciling = condition(ns, Conditions.RECONCILING);
            assertThat(reconciling.getStatus()).isEqualTo("True");
            assertThat(reconciling.getReason()).isEqualTo("ScalingDown");
            assertThat(reconciling.getMessage())
                    .isEqualTo("waiting for Kafka to check what broker(s) [2] still host:"
                            + " no broker pod is ready yet");
        });
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(brokerSet(ns).getSpec().getReplicas())
                        .as("the StatefulSet keeps its brokers")
                        .isEqualTo(3));
        assertThat(brokerSet(ns).getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
    }
}
