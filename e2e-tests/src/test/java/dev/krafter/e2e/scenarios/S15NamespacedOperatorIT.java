package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.DeletionPolicy;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.KubernetesTestCluster;
import dev.krafter.e2e.cluster.OperatorInstall;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.e2e.support.Kstatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * S15 the chart's namespaced mode, the least-privilege install: a second release of the chart ({@value #RELEASE} in
 * namespace {@value #OPERATOR_NAMESPACE}, both enforcing the restricted Pod Security Standard) with
 * {@code watchNamespaces: [s15]} gets a Role and RoleBinding in {@value #WATCHED} and nothing cluster-wide. Its service
 * account may do its work in {@value #WATCHED} and nothing in {@value #UNWATCHED} ({@code kubectl auth can-i --as});
 * it lists or watches no Secret anywhere. It builds a one-broker cluster and a Topic in {@value #WATCHED}, and leaves a
 * KafkaCluster in {@value #UNWATCHED} untouched: no StatefulSet, no status, no finalizer, and no permission error in
 * its log.
 *
 * <p>The suite's operator watches every namespace, so it is scaled to zero for the scenario (two operators must never
 * reconcile one namespace) and started again at the end, after the namespaced release is uninstalled.
 */
class S15NamespacedOperatorIT {
    static final String WATCHED = "s15";
    static final String UNWATCHED = "s15-other";
    static final String OPERATOR_NAMESPACE = "s15-operator";
    static final String RELEASE = "krafter-s15";
    static final String NAME = "single";
    static final String TOPIC = "s15-events";
    static final String KAFKA_TOPIC = "s15.events";
    /** The release's service account (the chart names it after the release) as RBAC sees it. */
    static final String SERVICE_ACCOUNT = "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + RELEASE;
    /** How long the KafkaCluster in the unwatched namespace must stay untouched after the watched one is Ready. */
    static final Duration UNTOUCHED_FOR = Duration.ofSeconds(30);

    @Test
    void aNamespacedOperatorReconcilesItsNamespaceAndCannotReachAnother() {
        KubernetesTestCluster cluster = ScenarioClusters.cluster();
        Path repoRoot = E2eEnvironment.repoRoot();
        String helm = OperatorInstall.helm(repoRoot)
                .orElseThrow(() -> new IllegalStateException(
                        "helm not found ($HELM, PATH, .build/tools/helm): scripts/setup.sh installs it"));
        List.of(WATCHED, UNWATCHED, OPERATOR_NAMESPACE).forEach(cluster::ensureNamespace);

        cluster.stopOperator();
        try {
            OperatorInstall.helmUpgradeInstall(
                    cluster,
                    repoRoot,
                    helm,
                    ScenarioClusters.OPERATOR_IMAGE,
                    RELEASE,
                    OPERATOR_NAMESPACE,
                    Map.of(
                            "watchNamespaces",
                            "{" + WATCHED + "}",
                            "operator.adminTimeout",
                            "PT10S",
                            "operator.topicResyncPeriod",
                            "PT30S"));
            Pod operator = namespacedOperatorPod(cluster);
            assertThat(operator.getSpec()
                            .getContainers()
                            .get(0)
                            .getSecurityContext()
                            .getReadOnlyRootFilesystem())
                    .as("the operator container's root file system is read-only")
                    .isTrue();

            onlyTheWatchedNamespaceIsGranted(cluster);

            // Applied first: while the watched cluster is built, the unwatched one waits with nobody touching it.
            cluster.apply(singleBroker(UNWATCHED), UNWATCHED);
            ScenarioSupport.createReadyCluster(cluster, singleBroker(WATCHED));
            topicReachesKafka(cluster);

            await().during(UNTOUCHED_FOR)
                    .atMost(UNTOUCHED_FOR.plusSeconds(10))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> untouched(cluster));
            String log = cluster.logTail(
                    OPERATOR_NAMESPACE,
                    namespacedOperatorPod(cluster).getMetadata().getName(),
                    2000);
            assertThat(log)
                    .as("the namespaced operator's log")
                    .containsIgnoringCase(WATCHED + "/" + NAME)
                    .doesNotContain(UNWATCHED + "/")
                    .doesNotContainIgnoringCase("forbidden");

            cluster.client()
                    .resources(Topic.class)
                    .inNamespace(WATCHED)
                    .withName(TOPIC)
                    .delete();
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.get(Topic.class, WATCHED, TOPIC).isEmpty());
            ScenarioSupport.deleteCluster(cluster, WATCHED, NAME);
        } finally {
            cluster.client()
                    .resources(KafkaCluster.class)
                    .inNamespace(UNWATCHED)
                    .withName(NAME)
                    .delete();
            OperatorInstall.uninstall(cluster, helm, RELEASE, OPERATOR_NAMESPACE);
            cluster.startOperator();
        }
    }

    private static Pod namespacedOperatorPod(KubernetesTestCluster cluster) {
        List<Pod> pods = cluster.operatorPods(OPERATOR_NAMESPACE, RELEASE);
        assertThat(pods)
                .as("pods of release %s/%s", OPERATOR_NAMESPACE, RELEASE)
                .hasSize(1);
        return pods.get(0);
    }

    /** What the API server's RBAC answers for the release's service account ({@code kubectl auth can-i --as}). */
    private static void onlyTheWatchedNamespaceIsGranted(KubernetesTestCluster cluster) {
        assertThat(cluster.client()
                        .rbac()
                        .roles()
                        .inNamespace(WATCHED)
                        .withName(RELEASE)
                        .get())
                .as("Role %s/%s", WATCHED, RELEASE)
                .isNotNull();
        assertThat(cluster.client().rbac().clusterRoles().withName(RELEASE).get())
                .as("ClusterRole " + RELEASE)
                .isNull();
        assertThat(cluster.client()
                        .rbac()
                        .clusterRoleBindings()
                        .withName(RELEASE)
                        .get())
                .as("ClusterRoleBinding " + RELEASE)
                .isNull();

        for (String verbAndResource : List.of(
                "watch kafkaclusters.krafter.dev",
                "create statefulsets.apps",
                "delete pods",
                "create secrets",
                "get secrets")) {
            assertThat(canI(cluster, verbAndResource, WATCHED))
                    .as("can %s in %s", verbAndResource, WATCHED)
                    .isTrue();
            assertThat(canI(cluster, verbAndResource, UNWATCHED))
                    .as("can %s in %s", verbAndResource, UNWATCHED)
                    .isFalse();
        }
        assertThat(canI(cluster, "list kafkaclusters.krafter.dev", null))
                .as("list KafkaClusters cluster-wide")
                .isFalse();
        for (String namespace : List.of(WATCHED, UNWATCHED, OPERATOR_NAMESPACE)) {
            assertThat(canI(cluster, "list secrets", namespace))
                    .as("list Secrets in %s", namespace)
                    .isFalse();
            assertThat(canI(cluster, "watch secrets", namespace))
                    .as("watch Secrets in %s", namespace)
                    .isFalse();
        }
    }

    /** {@code kubectl auth can-i <verb> <resource> --as <service account>} in {@code namespace} (null: all namespaces). */
    private static boolean canI(KubernetesTestCluster cluster, String verbAndResource, String namespace) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i"));
        args.addAll(List.of(verbAndResource.split(" ")));
        args.addAll(List.of("--as", SERVICE_ACCOUNT));
        args.addAll(namespace == null ? List.of("--all-namespaces") : List.of("--namespace", namespace));
        ExecResult result = cluster.kubectl().run(args);
        String answer = result.stdout().trim();
        if (!answer.equals("yes") && !answer.equals("no")) {
            throw new IllegalStateException(
                    "kubectl " + String.join(" ", args) + " answered neither yes nor no (exit code " + result.exitCode()
                            + "): " + result.stdout() + result.stderr());
        }
        return answer.equals("yes");
    }

    /** One combined node, ephemeral storage: the cheapest cluster that shows the operator at work. */
    private static KafkaCluster singleBroker(String namespace) {
        KafkaCluster resource = ScenarioSupport.minimalCluster(namespace, NAME);
        resource.getSpec().getBrokers().setReplicas(1);
        resource.getSpec().getControllers().setReplicas(1);
        return resource;
    }

    private static void topicReachesKafka(KubernetesTestCluster cluster) {
        Topic topic = ScenarioSupport.topic(TOPIC, NAME, 3, 1);
        topic.getSpec().setTopicName(KAFKA_TOPIC);
        topic.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        cluster.apply(topic, WATCHED);
        Topic ready = await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> cluster.get(Topic.class, WATCHED, TOPIC).orElse(null),
                        t -> t != null && ScenarioSupport.isReadyAtGeneration(t));
        Kstatus.assertVerdict(ready, Kstatus.CURRENT);
        String pod = ScenarioSupport.clusterPods(cluster, WATCHED, NAME)
                .get(0)
                .getMetadata()
                .getName();
        String described = cluster.exec(
                        WATCHED,
                        pod,
                        "kafka-topics.sh",
                        "--bootstrap-server",
                        ScenarioSupport.podClientAddress(WATCHED, NAME, pod),
                        "--describe",
                        "--topic",
                        KAFKA_TOPIC)
                .stdoutOrThrow();
        assertThat(described).contains("Topic: " + KAFKA_TOPIC, "PartitionCount: 3");
    }

    /** Nobody reconciled the unwatched cluster: no StatefulSet, no status, no finalizer. */
    private static boolean untouched(KubernetesTestCluster cluster) {
        KafkaCluster unwatched =
                cluster.get(KafkaCluster.class, UNWATCHED, NAME).orElseThrow();
        boolean noChildren = cluster.client()
                .apps()
                .statefulSets()
                .inNamespace(UNWATCHED)
                .withLabel(ClusterLabels.CLUSTER, NAME)
                .list()
                .getItems()
                .isEmpty();
        boolean noFinalizer = unwatched.getMetadata().getFinalizers() == null
                || unwatched.getMetadata().getFinalizers().isEmpty();
        // The model starts every KafkaCluster with an empty status object: written means observed or with conditions.
        KafkaClusterStatus status = unwatched.getStatus();
        boolean noStatus = status == null
                || status.getObservedGeneration() == null
                        && (status.getConditions() == null
                                || status.getConditions().isEmpty());
        if (!noChildren || !noStatus || !noFinalizer) {
            throw new AssertionError(
                    "KafkaCluster " + UNWATCHED + "/" + NAME + " was reconciled by an operator that does not"
                            + " watch " + UNWATCHED + ": StatefulSets " + !noChildren + ", status written " + !noStatus
                            + (noStatus ? "" : " (" + status.getConditions() + ")") + ", finalizers "
                            + unwatched.getMetadata().getFinalizers());
        }
        return true;
    }
}
