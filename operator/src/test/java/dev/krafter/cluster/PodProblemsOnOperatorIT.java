package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.PodProblem;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why node pods do not run, on the real operator and a real kube-apiserver. There is no kubelet, scheduler or
 * StatefulSet controller here, so the test does their part through the API exactly as they would: it creates the
 * pods and claims of the operator's StatefulSets from their templates, writes pod status through the pods/status
 * subresource, and records the Events those controllers record. Kafka is never reachable (no broker runs), so a
 * Topic of the cluster waits on it.
 */
class PodProblemsOnOperatorIT {
    private static final Duration STALL_AFTER = Duration.ofSeconds(8);
    private static final String UNSCHEDULABLE = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes"
            + " are available: 1 No preemption victims found for incoming pod.";

    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults()
                        .withClusterResyncPeriod(Duration.ofSeconds(1))
                        .withPodProblemStallAfter(STALL_AFTER),
                cluster -> "127.0.0.1:1");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static KubernetesClient client() {
        return env.client();
    }

    @Test
    void theClusterNamesEachPodAndItsCauseThenStallsAndRecoversByItselfAndItsTopicFollows() {
        String ns = env.createNamespace("pod-problems");
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName("kafka").withNamespace(ns).build());
        cluster.getSpec().getBrokers().setReplicas(3);
        StorageSpec storage = new StorageSpec();
        storage.setType(StorageSpec.Type.PERSISTENT);
        storage.setSize("1Gi");
        storage.setStorageClass("fast-ssd");
        cluster.getSpec().getBrokers().setStorage(storage);
        cluster.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
        cluster.getSpec().getControllers().setReplicas(1);
        // A lone controller keeps its metadata on a claim (on ephemeral storage a new cluster is refused).
        StorageSpec controllerStorage = new StorageSpec();
        controllerStorage.setType(StorageSpec.Type.PERSISTENT);
        controllerStorage.setSize("1Gi");
        cluster.getSpec().getControllers().setStorage(controllerStorage);
        client().resource(cluster).create();
        client().resource(TestResources.topic(ns, "orders", "kafka", 3, 3, Map.of()))
                .create();
        StatefulSet brokers = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> client().apps()
                                .statefulSets()
                                .inNamespace(ns)
                                .withName("kafka-broker")
                                .get(),
                        s -> s != null);
        StatefulSet controllers = client().apps()
                .statefulSets()
                .inNamespace(ns)
                .withName("kafka-controller")
                .get();

        // What the StatefulSet controller (claims first, then pods), the scheduler and the PV controller would write:
        // kafka-broker-0's claim is bound but the pod fits no node; kafka-broker-1's claim is not provisioned;
        // kafka-controller-0 is refused.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PersistentVolumeClaim claim0 = createClaim(brokers, 0, "fast-ssd");
        claim0.setStatus(
                new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
        client().resource(claim0).updateStatus();
        Pod broker0 = createPod(brokers, 0);
        setStatus(broker0, notScheduled(now, UNSCHEDULABLE));
        createClaim(brokers, 1, "fast-ssd");
        event(
                ns,
                "PersistentVolumeClaim",
                "data-kafka-broker-1",
                "ProvisioningFailed",
                "storageclass.storage.k8s.io \"fast-ssd\" not found",
                now);
        Pod broker1 = createPod(brokers, 1);
        setStatus(
                broker1,
                notScheduled(
                        now,
                        "0/1 nodes are available: pod has unbound immediate"
                                + " PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for"
                                + " scheduling."));
        event(
                ns,
                "StatefulSet",
                "kafka-controller",
                "FailedCreate",
                "create Pod kafka-controller-0 in StatefulSet"
                        + " kafka-controller failed error: pods \"kafka-controller-0\" is forbidden: exceeded quota: compute,"
                        + " requested: requests.cpu=4, used: requests.cpu=0, limited: requests.cpu=2",
                now);
        assertThat(controllers).isNotNull();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            KafkaCluster stored = get(ns);
            assertThat(stored.getStatus().getPodProblems()).hasSize(3);
            assertThat(stored.getStatus().getPodProblems())
                    .containsExactlyInAnyOrder(
                            new PodProblem("kafka-broker-0", "PodUnschedulable", UNSCHEDULABLE, now.toString()),
                            new PodProblem(
                                    "kafka-broker-1",
                                    "VolumeNotBound",
                                    "claim data-kafka-broker-1 (storage class"
                                            + " fast-ssd) is Pending: ProvisioningFailed: storageclass.storage.k8s.io \"fast-ssd\" not"
                                            + " found",
                                    stored.getStatus().getPodProblems().stream()
                                            .filter(p -> p.getPod().equals("kafka-broker-1"))
                                            .findFirst()
                                            .orElseThrow()
                                            .getSince()),
                            new PodProblem(
                                    "kafka-controller-0",
                                    "PodCreateFailed",
                                    "StatefulSet kafka-controller: create Pod"
                                            + " kafka-controller-0 in StatefulSet kafka-controller failed error: pods"
                                            + " \"kafka-controller-0\" is forbidden: exceeded quota: compute, requested:"
                                            + " requests.cpu=4, used: requests.cpu=0, limited: requests.cpu=2",
                                    now.toString()));
            Condition ready = condition(stored, Conditions.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getMessage())
                    .contains(
                            "; pod kafka-controller-0 PodCreateFailed: StatefulSet"
                                    + " kafka-controller: create Pod kafka-controller-0",
                            "(and 2 more pod problem(s) in status.podProblems)");
        });

        // Kubernetes' own times count, not the operator's: Stalled once the oldest problem lasted STALL_AFTER.
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            KafkaCluster stored = get(ns);
            Condition stalled = condition(stored, Conditions.STALLED);
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getMessage()).startsWith("pod ");
            assertThat(List.of("PodUnschedulable", "VolumeNotBound", "PodCreateFailed"))
                    .contains(stalled.getReason());
            assertThat(condition(stored, Conditions.READY).getStatus()).isEqualTo("False");
            assertThat(condition(stored, Conditions.RECONCILING).getStatus()).isEqualTo("False");
        });
        assertThat(Duration.between(now, Instant.now())).isGreaterThanOrEqualTo(STALL_AFTER);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Condition topicStalled = condition(topic(ns), Conditions.STALLED);
            assertThat(topicStalled.getStatus()).isEqualTo("True");
            assertThat(topicStalled.getReason()).isEqualTo(Reasons.CLUSTER_STALLED);
            assertThat(topicStalled.getMessage())
                    .startsWith("KafkaCluster kafka is Stalled (")
                    .contains(condition(get(ns), Conditions.STALLED).getMessage());
        });

        // The causes go away without any spec change: the pods run, the refused pod no longer is missing.
        setStatus(broker0, running(now));
        setStatus(broker1, running(now));
        setStatus(createPod(brokers, 2), running(now));
        setStatus(createPod(controllers, 0), running(now));

        // Now that broker pods are Ready the operator asks Kafka, which does not answer here: a reconcile then takes
        // the admin timeout (15 s in these tests).
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            KafkaCluster stored = get(ns);
            assertThat(stored.getStatus().getPodProblems()).isNull();
            assertThat(condition(stored, Conditions.STALLED).getStatus()).isEqualTo("False");
            assertThat(condition(stored, Conditions.READY).getMessage()).doesNotContain("pod kafka-");
        });
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Condition topicStalled = condition(topic(ns), Conditions.STALLED);
            assertThat(topicStalled.getStatus()).isEqualTo("False");
            assertThat(condition(topic(ns), Conditions.READY).getReason()).isEqualTo(Reasons.KAFKA_UNREACHABLE);
        });
    }

    private static KafkaCluster get(String ns) {
        return client().resources(KafkaCluster.class)
                .inNamespace(ns)
                .withName("kafka")
                .get();
    }

    private static Topic topic(String ns) {
        return client().resources(Topic.class)
                .inNamespace(ns)
                .withName("orders")
                .get();
    }

    private static Condition condition(CustomResource<?, ? extends KrafterStatus> resource, String type) {
        return Conditions.find(resource.getStatus().getConditions(), type).orElseThrow();
    }

    private static Pod createPod(StatefulSet set, int ordinal) {
        return StatefulSetPods.create(client(), set, ordinal);
    }

    private static PersistentVolumeClaim createClaim(StatefulSet set, int ordinal, String storageClass) {
        PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().get(0);
        return client().resource(new PersistentVolumeClaimBuilder(template)
                        .editMetadata()
                        .withName(ClusterObjects.claimName(set.getMetadata().getName(), ordinal))
                        .withNamespace(set.getMetadata().getNamespace())
                        .endMetadata()
                        .editSpec()
                        .withStorageClassName(storageClass)
                        .endSpec()
                        .withStatus(null)
                        .build())
                .create();
    }

    private static void setStatus(Pod pod, PodStatus status) {
        StatefulSetPods.setStatus(client(), pod, status);
    }

    private static PodStatus notScheduled(Instant since, String message) {
        return new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage(message)
                        .withLastTransitionTime(since.toString())
                        .build())
                .build();
    }

    private static PodStatus running(Instant since) {
        return StatefulSetPods.running(since);
    }

    /** An Event as the StatefulSet or PV controller records it (core/v1, first and last time). */
    private static void event(String ns, String kind, String name, String reason, String message, Instant at) {
        client().v1()
                .events()
                .inNamespace(ns)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withGenerateName(name + ".")
                        .withNamespace(ns)
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind(kind)
                        .withName(name)
                        .withNamespace(ns)
                        .endInvolvedObject()
                        .withReason(reason)
                        .withMessage(message)
                        .withType("Warning")
                        .withCount(3)
                        .withFirstTimestamp(at.toString())
                        .withLastTimestamp(at.plusSeconds(2).toString())
                        .withNewSource()
                        .withComponent("statefulset-controller")
                        .endSource()
                        .build())
                .create();
    }
}
