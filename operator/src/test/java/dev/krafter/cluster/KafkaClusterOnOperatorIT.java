package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.FakeKubelet;
import dev.krafter.testing.KafkaTestClusters;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real operator on the mock API server, with {@link FakeKubelet} playing the StatefulSet controller and kubelet,
 * and the admin seam pointed at a real KRaft cluster shaped like the custom resource (one dedicated controller, node id
 * 3000, and brokers 0, 1, 2): node ids match the pod ordinals, so broker registration, the quorum, ISR and config are
 * real Kafka facts.
 */
class KafkaClusterOnOperatorIT {
    private static KafkaClusterTestKit kafka;
    private static Admin admin;
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestClusters.dedicatedController(3);
        admin = kafka.admin();
        KafkaTestClusters.createTopic(admin, new NewTopic("orders", 6, (short) 3).configs(Map.of("min.insync.replicas", "2")));
        env = OperatorTestEnvironment.start(OperatorConfig.defaults().withClusterResyncPeriod(Duration.ofSeconds(1))
                        .withGroupObservationPeriod(Duration.ofSeconds(1)), cluster -> kafka.bootstrapServers());
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
        return newCluster(namespace, c -> { });
    }

    private static KafkaCluster newCluster(String namespace, Consumer<KafkaCluster> customize) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("kafka").withNamespace(namespace).build());
        cluster.getSpec().getBrokers().setReplicas(3);
        StorageSpec storage = new StorageSpec();
        storage.setType(StorageSpec.Type.EPHEMERAL);
        storage.setSize("1Gi");
        cluster.getSpec().getBrokers().setStorage(storage);
        cluster.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
        cluster.getSpec().getControllers().setReplicas(1);
        cluster.getSpec().getControllers().setStorage(storage);
        customize.accept(cluster);
        return client().resource(cluster).create();
    }

    private static KafkaCluster get(String namespace) {
        return client().resources(KafkaCluster.class).inNamespace(namespace).withName("kafka").get();
    }

    /** A user's spec change; retried when the operator wrote status in between (409 Conflict). */
    private static void edit(String namespace, Consumer<KafkaCluster> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client().resources(KafkaCluster.class).inNamespace(namespace).withName("kafka").edit(c -> {
                    change.accept(c);
                    return c;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Condition condition(String namespace, String type) {
        KafkaCluster cluster = get(namespace);
        return cluster == null || cluster.getStatus() == null ? null
                : Conditions.find(cluster.getStatus().getConditions(), type).orElse(null);
    }

    private static void awaitReady(String namespace) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Condition ready = condition(namespace, Conditions.READY);
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).as(ready.getReason() + ": " + ready.getMessage()).isEqualTo("True");
        });
    }

    private static StatefulSet brokerSet(String namespace) {
        return client().apps().statefulSets().inNamespace(namespace).withName("kafka-broker").get();
    }

    private static List<Pod> pods(String namespace) {
        return client().pods().inNamespace(namespace).list().getItems();
    }

    @Test
    void deletingAClusterReleasesItsAdminClientAndGroupObservationAndARecreatedClusterGetsAFreshClient() {
        String ns = "delete";
        KafkaAdmins admins = env.admins();
        try (FakeKubelet kubelet = FakeKubelet.start(client(), ns, Duration.ofMillis(500))) {
            newCluster(ns);
            awaitReady(ns);
            Admin first = admins.cached(ns, "kafka").orElseThrow();
            ConsumerGroup group = client().resource(TestResources.consumerGroup(ns, "billing", "kafka")).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> groupStatus(ns) != null
                    && groupStatus(ns).getLastObservedAt() != null);

            client().resources(KafkaCluster.class).inNamespace(ns).withName("kafka").delete();

            await().atMost(Duration.ofSeconds(20)).until(() -> admins.cached(ns, "kafka").isEmpty());
            assertThatThrownBy(() -> first.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .as("the deleted cluster's client is closed").isInstanceOf(ExecutionException.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Conditions.find(
                    groupStatus(ns).getConditions(), Conditions.RECONCILING).map(Condition::getReason))
                    .contains(Reasons.CLUSTER_NOT_FOUND));
            // The group's observation loop stopped with the cluster: nothing opens a client for it again.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> admins.cached(ns, "kafka").isEmpty());

            newCluster(ns);
            awaitReady(ns);
            assertThat(admins.cached(ns, "kafka")).get().isNotSameAs(first);
            client().resource(group).delete();
        }
    }

    private static ConsumerGroupStatus groupStatus(String namespace) {
        ConsumerGroup group = client().resources(ConsumerGroup.class).inNamespace(namespace).withName("billing").get();
        return group == null ? null : group.getStatus();
    }

    @Test
    void everyObjectIsCreatedAndConditionsMoveFromCreatingToReady() {
        String ns = "create";
        KafkaCluster created = newCluster(ns);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition reconciling = condition(ns, Conditions.RECONCILING);
            assertThat(reconciling).isNotNull();
            assertThat(reconciling.getStatus()).isEqualTo("True");
            assertThat(reconciling.getReason()).isEqualTo("Creating");
            assertThat(condition(ns, Conditions.READY).getStatus()).isEqualTo("False");
        });

        StatefulSet set = brokerSet(ns);
        assertThat(set.getSpec().getReplicas()).isEqualTo(3);
        assertThat(set.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(set.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        String clusterId = get(ns).getStatus().getClusterId();
        assertThat(clusterId).isNotBlank();
        ConfigMap config = client().configMaps().inNamespace(ns).withName("kafka-broker-config").get();
        assertThat(config.getMetadata().getAnnotations()).containsEntry("krafter.dev/cluster-id", clusterId);
        assertThat(config.getData()).containsKeys("server.properties");
        assertThat(config.getData().get("server.properties")).contains("controller.quorum.voters=3000@kafka-controller-0.kafka-nodes."
                + ns + ".svc:9090");
        assertThat(client().apps().statefulSets().inNamespace(ns).withName("kafka-controller").get().getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("KRAFTER_CLUSTER_ID");
                    assertThat(e.getValue()).isEqualTo(clusterId);
                });
        assertThat(client().services().inNamespace(ns).withName("kafka-nodes").get().getSpec().getPublishNotReadyAddresses())
                .isTrue();
        assertThat(client().services().inNamespace(ns).withName("kafka-bootstrap").get()).isNotNull();
        assertThat(client().serviceAccounts().inNamespace(ns).withName("kafka-kafka").get()).isNotNull();
        PodDisruptionBudget pdb = client().policy().v1().podDisruptionBudget().inNamespace(ns).withName("kafka-kafka").get();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        try (FakeKubelet kubelet = FakeKubelet.start(client(), ns, Duration.ofMillis(500))) {
            awaitReady(ns);
            KafkaCluster ready = get(ns);
            assertThat(ready.getStatus().getClusterId()).as("generated once").isEqualTo(clusterId);
            assertThat(ready.getStatus().getBrokers().getReady()).isEqualTo(3);
            assertThat(ready.getStatus().getBrokers().getDesired()).isEqualTo(3);
            assertThat(ready.getStatus().getBrokers().getIds()).containsExactly(0, 1, 2);
            assertThat(ready.getStatus().getBrokers().getSelector()).isEqualTo("krafter.dev/cluster=kafka,krafter.dev/broker=true");
            assertThat(ready.getStatus().getControllers().getVoters()).containsExactly(3000);
            assertThat(ready.getStatus().getControllers().getQuorumLeader()).isEqualTo(3000);
            assertThat(ready.getStatus().getPartitions().getOffline()).isZero();
            assertThat(ready.getStatus().getPartitions().getUnderMinIsr()).isZero();
            assertThat(ready.getStatus().getKafkaVersion()).isEqualTo("4.4.0");
            assertThat(ready.getStatus().getMetadataVersion()).isNotBlank();
            assertThat(ready.getStatus().getBootstrapServers()).isEqualTo("kafka-bootstrap." + ns + ".svc:9092");
            assertThat(ready.getStatus().getOperation()).isNull();
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(kubelet.deletions()).as("coming up restarts nothing").isEmpty());
            assertThat(condition(ns, Conditions.READY).getStatus()).isEqualTo("True");
        }
    }

    @Test
    void specChangeRestartsOnePodAtATimeControllersFirstAndDynamicConfigAppliesLive() throws Exception {
        String ns = "roll";
        newCluster(ns);
        try (FakeKubelet kubelet = FakeKubelet.start(client(), ns, Duration.ofMillis(500))) {
            awaitReady(ns);
            assertThat(kubelet.deletions()).isEmpty();

            // A dynamic config change is applied live: visible on every broker, and no pod restarts.
            edit(ns, c -> c.getSpec().getBrokers().getConfig().put("log.retention.ms", "3600001"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int broker = 0; broker < 3; broker++) {
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker));
                    ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                            .get("log.retention.ms");
                    assertThat(entry.value()).isEqualTo("3600001");
                }
            });
            awaitReady(ns);
            assertThat(kubelet.deletions()).as("a dynamic config change never rolls").isEmpty();
            String hashBefore = NodeStates.templateHash(brokerSet(ns));

            // A pod template change (the brokers' template is shared by the controllers) rolls every pod, one at a
            // time: the controller first, then the brokers.
            edit(ns, c -> {
                PodTemplate template = new PodTemplate();
                template.setAnnotations(Map.of("example.com/team", "data"));
                c.getSpec().getBrokers().setTemplate(template);
            });
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                String wanted = NodeStates.templateHash(brokerSet(ns));
                assertThat(wanted).isNotEqualTo(hashBefore);
                List<Pod> pods = pods(ns).stream().filter(p -> p.getMetadata().getName().startsWith("kafka-broker-")).toList();
                assertThat(pods).hasSize(3).allSatisfy(p -> {
                    assertThat(p.getMetadata().getAnnotations()).containsEntry("krafter.dev/template-hash", wanted);
                    assertThat(FakeKubelet.isReady(p)).isTrue();
                });
            });
            awaitReady(ns);
            List<FakeKubelet.Deletion> deletions = kubelet.deletions();
            assertThat(deletions).extracting(FakeKubelet.Deletion::pod)
                    .containsExactly("kafka-controller-0", "kafka-broker-0", "kafka-broker-1", "kafka-broker-2");
            assertThat(deletions).allSatisfy(d -> assertThat(d.otherPodsNotReady())
                    .as("%s was deleted while other pods were down", d.pod()).isEmpty());

            // The restart annotation on one pod restarts that pod only.
            client().pods().inNamespace(ns).withName("kafka-broker-1").edit(p -> {
                p.getMetadata().getAnnotations().put("krafter.dev/restart", "please");
                return p;
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(kubelet.deletions()).extracting(FakeKubelet.Deletion::pod).hasSize(5).last()
                        .isEqualTo("kafka-broker-1");
                Pod restarted = client().pods().inNamespace(ns).withName("kafka-broker-1").get();
                assertThat(restarted).as("recreated").isNotNull();
                assertThat(restarted.getMetadata().getAnnotations()).doesNotContainKey("krafter.dev/restart");
                assertThat(FakeKubelet.isReady(restarted)).isTrue();
            });
            awaitReady(ns);
            assertThat(kubelet.deletions()).hasSize(5);
        }
    }

    @Test
    void invalidChangesAreStalledWhileTheRunningClusterStaysUntouched() {
        String ns = "invalid";
        newCluster(ns);
        try (FakeKubelet kubelet = FakeKubelet.start(client(), ns, Duration.ofMillis(500))) {
            awaitReady(ns);
            StatefulSet before = brokerSet(ns);
            StatefulSet controllersBefore = client().apps().statefulSets().inNamespace(ns).withName("kafka-controller").get();
            Set<String> podUids = pods(ns).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());

            edit(ns, c -> c.getSpec().getControllers().setReplicas(3));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Condition stalled = condition(ns, Conditions.STALLED);
                assertThat(stalled.getStatus()).isEqualTo("True");
                assertThat(stalled.getReason()).isEqualTo("ChangeRefused");
                assertThat(stalled.getMessage()).contains("spec.controllers cannot change after creation");
                assertThat(condition(ns, Conditions.READY).getStatus()).isEqualTo("False");
            });

            edit(ns, c -> {
                c.getSpec().getControllers().setReplicas(1);
                ListenerSpec tls = new ListenerSpec();
                tls.setName("secure");
                tls.setPort(9093);
                tls.setTls(true);
                c.getSpec().setListeners(List.of(tls));
            });
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Condition stalled = condition(ns, Conditions.STALLED);
                assertThat(stalled.getStatus()).isEqualTo("True");
                assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
                assertThat(stalled.getMessage()).contains("tls");
            });

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
            assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
            assertThat(after.getSpec()).isEqualTo(before.getSpec());
            assertThat(client().apps().statefulSets().inNamespace(ns).withName("kafka-controller").get().getMetadata()
                    .getResourceVersion()).isEqualTo(controllersBefore.getMetadata().getResourceVersion());
            assertThat(pods(ns).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet())).isEqualTo(podUids);
            assertThat(kubelet.deletions()).isEmpty();

            edit(ns, c -> c.getSpec().setVersion("4.4.0"));
            awaitReady(ns);
            assertThat(kubelet.deletions()).as("back to the running spec: nothing to restart").isEmpty();
        }
    }

    @Test
    void scaleDownIsRefusedWhileRemovedBrokersHostReplicasAndRebalancingIsOff() {
        String ns = "scaledown";
        KafkaCluster created = newCluster(ns, c -> c.getSpec().getRebalance().setEnabled(false));
        try (FakeKubelet kubelet = FakeKubelet.start(client(), ns, Duration.ofMillis(500))) {
            awaitReady(ns);
            edit(ns, c -> c.getSpec().getBrokers().setReplicas(2));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Condition stalled = condition(ns, Conditions.STALLED);
                assertThat(stalled.getStatus()).isEqualTo("True");
                assertThat(stalled.getReason()).isEqualTo("Blocked");
                assertThat(stalled.getMessage()).contains("cannot remove broker(s) [2]")
                        .contains("spec.rebalance.enabled is false");
            });
            assertThat(brokerSet(ns).getSpec().getReplicas()).as("the StatefulSet keeps its brokers").isEqualTo(3);
            assertThat(pods(ns)).hasSize(4);
            assertThat(created.getMetadata().getName()).isEqualTo("kafka");
        }
    }
}
