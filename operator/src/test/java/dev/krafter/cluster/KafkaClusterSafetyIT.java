package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data-safety rules of a KafkaCluster on a real kube-apiserver (no Kafka, no node: nothing here needs a pod): names that
 * cannot work, objects that are not the cluster's, the cluster id of kept volumes, the downgrade floor, and a cluster
 * stored under an earlier operator that today's rules refuse.
 */
class KafkaClusterSafetyIT {
    private static final String KEPT_ID = "q1Sh-9_ITmWYRmHNnOx2hA";
    private static OperatorTestEnvironment env;
    private static String storedNamespace;

    @BeforeAll
    static void start() {
        OperatorTestEnvironment.requireApiServer();
        // A short resync: some checks here wait for the operator to look again at a change it has no event for.
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults().withClusterResyncPeriod(Duration.ofSeconds(2)),
                "127.0.0.1:1",
                KafkaClusterSafetyIT::storeClusterOfAnEarlierOperator);
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

    private static KafkaCluster resource(String namespace, String name, Consumer<KafkaCluster> customize) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        cluster.getSpec().getBrokers().setReplicas(3);
        StorageSpec storage = new StorageSpec();
        storage.setType(StorageSpec.Type.PERSISTENT);
        storage.setSize("1Gi");
        cluster.getSpec().getBrokers().setStorage(storage);
        customize.accept(cluster);
        return cluster;
    }

    private static KafkaCluster create(String namespace, String name, Consumer<KafkaCluster> customize) {
        return client().resource(resource(namespace, name, customize)).create();
    }

    /** A user's spec change; retried when the operator wrote the resource in between (409 Conflict). */
    private static void edit(String namespace, String name, Consumer<KafkaCluster> change) {
        TestResources.editRetryingConflicts(client(), KafkaCluster.class, namespace, name, change);
    }

    private static KafkaCluster get(String namespace, String name) {
        return client().resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private static Condition condition(String namespace, String name, String type) {
        KafkaCluster cluster = get(namespace, name);
        return cluster == null || cluster.getStatus() == null
                ? null
                : Conditions.find(cluster.getStatus().getConditions(), type).orElse(null);
    }

    private static Condition awaitStalled(String namespace, String name, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Condition stalled = condition(namespace, name, Conditions.STALLED);
            assertThat(stalled).isNotNull();
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo(reason);
        });
        return condition(namespace, name, Conditions.STALLED);
    }

    private static StatefulSet brokerSet(String namespace, String name) {
        return client().apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(name + "-broker")
                .get();
    }

    private static String clusterIdEnv(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "kafka".equals(c.getName()))
                .findFirst()
                .orElseThrow()
                .getEnv()
                .stream()
                .filter(e -> "KRAFTER_CLUSTER_ID".equals(e.getName()))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    // ------------------------------------------------------------------ item 12: names and foreign objects

    @Test
    void aNameThatCannotNameItsServicesIsRefusedBeforeAnythingIsCreated() {
        String ns = env.createNamespace("dotname");
        create(ns, "my.kafka", c -> {});
        Condition stalled = awaitStalled(ns, "my.kafka", "InvalidSpec");
        assertThat(stalled.getMessage()).contains("metadata.name 'my.kafka'").contains("my-kafka");
        assertThat(client().serviceAccounts()
                        .inNamespace(ns)
                        .withName("my.kafka-kafka")
                        .get())
                .isNull();
        assertThat(client().services().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aNameTooLongForThePodsItsStatefulSetsMakeIsRefusedWithTheLimit() {
        String ns = env.createNamespace("longname");
        String name = "a".repeat(42);
        create(ns, name, c -> {
            c.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
            c.getSpec().getControllers().setReplicas(3);
        });
        Condition stalled = awaitStalled(ns, name, "InvalidSpec");
        assertThat(stalled.getMessage()).contains("at most 41 characters").contains(name + "-controller");
        assertThat(client().apps().statefulSets().inNamespace(ns).list().getItems())
                .isEmpty();
    }

    @Test
    void anObjectTheClusterDoesNotOwnIsNeverTakenOverButItsOwnOrphanIsReadopted() {
        String ns = env.createNamespace("foreign");
        client().serviceAccounts()
                .inNamespace(ns)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("kafka-kafka")
                        .withLabels(Map.of("team", "payments"))
                        .endMetadata()
                        .build())
                .create();
        create(ns, "kafka", c -> {});
        Condition stalled = awaitStalled(ns, "kafka", "Conflict");
        assertThat(stalled.getMessage()).contains("ServiceAccount kafka-kafka").contains("does not own");
        var foreign = client().serviceAccounts()
                .inNamespace(ns)
                .withName("kafka-kafka")
                .get();
        assertThat(foreign.getMetadata().getOwnerReferences())
                .as("never taken over (and so never deleted with it)")
                .isEmpty();
        assertThat(foreign.getMetadata().getLabels()).containsOnlyKeys("team");
        assertThat(brokerSet(ns, "kafka")).isNull();

        // The same object left behind by this cluster (its label, no controller) is the cluster's again.
        TestResources.editRetryingConflicts(
                client(),
                ServiceAccount.class,
                ns,
                "kafka-kafka",
                sa -> sa.getMetadata().setLabels(Map.of(ClusterLabels.CLUSTER, "kafka")));
        KafkaCluster cluster = get(ns, "kafka");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(condition(ns, "kafka", Conditions.STALLED).getStatus()).isEqualTo("False");
            assertThat(client().serviceAccounts()
                            .inNamespace(ns)
                            .withName("kafka-kafka")
                            .get()
                            .getMetadata()
                            .getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getUid())
                            .isEqualTo(cluster.getMetadata().getUid()));
            assertThat(brokerSet(ns, "kafka")).isNotNull();
        });
    }

    // ------------------------------------------------------------------ item 7: the cluster id of kept volumes

    private static PersistentVolumeClaim keptClaim(String namespace, String name, String clusterId) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(ClusterLabels.pool("kafka", ClusterLabels.POOL_BROKER, false))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec();
        if (clusterId != null) {
            claim.editMetadata()
                    .addToAnnotations(ClusterLabels.CLUSTER_ID, clusterId)
                    .endMetadata();
        }
        return client().resource(claim.build()).create();
    }

    @Test
    void aClusterRecreatedOnItsKeptClaimsRunsWithTheirClusterId() {
        String ns = env.createNamespace("kept");
        for (int i = 0; i < 3; i++) {
            keptClaim(ns, "data-kafka-broker-" + i, KEPT_ID);
        }
        create(ns, "kafka", c -> {});
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(brokerSet(ns, "kafka")).isNotNull();
            assertThat(clusterIdEnv(brokerSet(ns, "kafka")))
                    .as("the id the kept volumes were formatted with")
                    .isEqualTo(KEPT_ID);
            assertThat(get(ns, "kafka").getStatus().getClusterId()).isEqualTo(KEPT_ID);
        });
    }

    @Test
    void theRunningClusterRecordsItsIdOnItsClaims() {
        String ns = env.createNamespace("record");
        create(ns, "kafka", c -> {});
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerSet(ns, "kafka") != null);
        String id = clusterIdEnv(brokerSet(ns, "kafka"));
        // What the StatefulSet controller makes from the claim template (no controller runs here).
        keptClaim(ns, "data-kafka-broker-0", null);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client().persistentVolumeClaims()
                                .inNamespace(ns)
                                .withName("data-kafka-broker-0")
                                .get()
                                .getMetadata()
                                .getAnnotations())
                        .containsEntry(ClusterLabels.CLUSTER_ID, id));
    }

    @Test
    void claimsThatDoNotRecordTheirIdAskForSpecClusterIdAndThePinnedIdIsUsed() {
        String ns = env.createNamespace("unrecorded");
        keptClaim(ns, "data-kafka-broker-0", null);
        create(ns, "kafka", c -> {});
        Condition stalled = awaitStalled(ns, "kafka", "ChangeRefused");
        assertThat(stalled.getMessage()).contains("data-kafka-broker-0").contains("spec.clusterId");
        assertThat(brokerSet(ns, "kafka"))
                .as("no broker may format a new cluster over that data")
                .isNull();

        edit(ns, "kafka", c -> c.getSpec().setClusterId(KEPT_ID));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(brokerSet(ns, "kafka")).isNotNull();
            assertThat(clusterIdEnv(brokerSet(ns, "kafka"))).isEqualTo(KEPT_ID);
            assertThat(condition(ns, "kafka", Conditions.STALLED).getStatus()).isEqualTo("False");
        });

        // The id cannot change once the cluster exists.
        edit(ns, "kafka", c -> c.getSpec().setClusterId("AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(awaitStalled(ns, "kafka", "ChangeRefused").getMessage()).contains(KEPT_ID);
        assertThat(clusterIdEnv(brokerSet(ns, "kafka"))).isEqualTo(KEPT_ID);
    }

    // ------------------------------------------------------------------ item 8: version floor, version and image

    @Test
    void aVersionThatNeverRanSetsNoDowngradeFloor() {
        String ns = env.createNamespace("floor");
        // A version with no known image needs an explicit one; no pod ever runs it here.
        create(ns, "kafka", c -> {
            c.getSpec().setVersion("4.9.0");
            c.getSpec().setImage("registry.example.com/krafter/kafka:4.9.0");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerSet(ns, "kafka") != null);
        // No pod ever ran 4.9.0: going back to 4.4.0 must work.
        edit(ns, "kafka", c -> {
            c.getSpec().setVersion("4.4.0");
            c.getSpec().setImage(null);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get(ns, "kafka").getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(condition(ns, "kafka", Conditions.STALLED).getStatus()).isEqualTo("False");
            assertThat(brokerSet(ns, "kafka")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImage())
                    .isEqualTo("krafter/kafka:4.4.0");
        });
    }

    @Test
    void anImageWhoseTagNamesAnotherVersionIsRefused() {
        String ns = env.createNamespace("imagetag");
        create(ns, "kafka", c -> c.getSpec().setImage("registry.example.com/krafter/kafka:4.3.1"));
        assertThat(awaitStalled(ns, "kafka", "InvalidSpec").getMessage())
                .contains("spec.image")
                .contains("4.3.1")
                .contains("spec.version 4.4.0");
        assertThat(brokerSet(ns, "kafka")).isNull();
    }

    // ------------------------------------------------------------------ item 9: the operator's own keys

    @Test
    void theOperatorsKeysInTheTemplateAreRefused() {
        String ns = env.createNamespace("reserved");
        create(ns, "kafka", c -> {
            PodTemplate template = new PodTemplate();
            template.setLabels(Map.of("krafter.dev/broker", "true"));
            template.setAnnotations(Map.of("krafter.dev/restart", "x"));
            c.getSpec().getBrokers().setTemplate(template);
        });
        assertThat(awaitStalled(ns, "kafka", "InvalidSpec").getMessage())
                .contains("spec.brokers.template.labels.krafter.dev/broker")
                .contains("spec.brokers.template.annotations.krafter.dev/restart");
        assertThat(brokerSet(ns, "kafka")).isNull();
    }

    // ------------------------------------------------------------------ upgrade: stored under the earlier rules

    /**
     * What an earlier operator left: a cluster with {@code krafter.dev/restart} in its template annotations (accepted
     * then), reconciled at its generation, with its StatefulSet and broker ConfigMap.
     */
    private static void storeClusterOfAnEarlierOperator(OperatorTestEnvironment env) {
        KubernetesClient client = env.client();
        storedNamespace = env.createNamespace("stored");
        KafkaCluster stored = client.resource(resource(storedNamespace, "kafka", c -> {
                    PodTemplate template = new PodTemplate();
                    template.setAnnotations(Map.of("krafter.dev/restart", "x"));
                    c.getSpec().getBrokers().setTemplate(template);
                }))
                .create();
        KafkaClusterStatus status = new KafkaClusterStatus();
        status.setClusterId(KEPT_ID);
        status.setObservedGeneration(stored.getMetadata().getGeneration());
        status.setConditions(Conditions.apply(
                null,
                Health.progressing("RollingRestart", "restarting pod kafka-broker-0"),
                stored.getMetadata().getGeneration(),
                Clock.systemUTC()));
        stored.setStatus(status);
        stored = client.resource(stored).updateStatus();
        ClusterTopology topology = ClusterTopology.of(stored);
        client.resource(ClusterObjects.brokerConfigMap(
                        stored, topology, Map.of(), KafkaNodeConfig.ExternalAddresses.NONE, KEPT_ID))
                .create();
        // The earlier builder copied the template annotations as they were.
        StatefulSet set = ClusterObjects.brokerStatefulSet(
                stored, topology, new ClusterObjects.NodeSetInputs("krafter/kafka:4.4.0", KEPT_ID, 3, Map.of(), null));
        set.getSpec().getTemplate().getMetadata().getAnnotations().put("krafter.dev/restart", "x");
        client.resource(set).create();
    }

    @Test
    void aStoredClusterTheNewRulesRefuseKeepsRunningAsItIsWithAConditionSayingWhatToChange() {
        String ns = storedNamespace;
        StatefulSet before = brokerSet(ns, "kafka");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Condition notApplied = condition(ns, "kafka", "SpecNotApplied");
            assertThat(notApplied).isNotNull();
            assertThat(notApplied.getStatus()).isEqualTo("True");
            assertThat(notApplied.getMessage())
                    .contains("spec.brokers.template.annotations.krafter.dev/restart")
                    .contains("left as it is");
        });
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(condition(ns, "kafka", Conditions.STALLED).getStatus())
                    .as("not stalled by an upgrade")
                    .isEqualTo("False");
            assertThat(brokerSet(ns, "kafka").getMetadata().getResourceVersion())
                    .as("nothing applied, nothing rolled")
                    .isEqualTo(before.getMetadata().getResourceVersion());
        });

        // Once the user removes the key, the cluster is reconciled again and the condition goes.
        edit(ns, "kafka", c -> c.getSpec().getBrokers().getTemplate().setAnnotations(Map.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(condition(ns, "kafka", "SpecNotApplied")).isNull();
            assertThat(brokerSet(ns, "kafka")
                            .getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations())
                    .doesNotContainKey("krafter.dev/restart");
            assertThat(get(ns, "kafka").getStatus().getClusterId()).isEqualTo(KEPT_ID);
        });
    }
}
