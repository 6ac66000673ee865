package dev.krafter.e2e.cluster;

import dev.krafter.e2e.support.Tools;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the operator the way a user does: {@code helm upgrade --install krafter helm-chart/krafter} into
 * {@value #NAMESPACE} (a namespace enforcing the restricted Pod Security Standard), from the operator image loaded
 * into the cluster. The chart's CRDs are applied first with {@code kubectl apply --server-side}, because Helm installs
 * a chart's {@code crds/} only on first install and the tests reuse a running cluster.
 */
public final class OperatorInstall {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorInstall.class);
    public static final String NAMESPACE = "krafter-system";
    public static final String RELEASE = "krafter";
    /** The operator's leader-election Lease (the chart's {@code leaderElection.leaseName}). */
    public static final String LEASE = "krafter-operator";

    private OperatorInstall() {}

    /** The helm binary: {@code $HELM}, then PATH, then {@code .build/tools/helm} (scripts/setup.sh installs it there). */
    public static Optional<String> helm(Path repoRoot) {
        return Tools.find(
                "helm",
                "HELM",
                List.of(repoRoot.resolve(".build/tools/helm"), repoRoot.resolve("operator/target/tools/helm")));
    }

    /**
     * Installs or upgrades the operator with {@code operatorImage} and the chart values {@code values} (e.g.
     * {@code operator.adminTimeout=PT10S}), waits until it is Ready. When the image's Docker ID is known, it goes into
     * a pod annotation, so a rebuilt image under the same tag rolls the operator.
     */
    public static void install(
            KubernetesTestCluster cluster,
            Path repoRoot,
            String helm,
            String operatorImage,
            Map<String, String> values) {
        Instant started = Instant.now();
        Path chart = repoRoot.resolve("helm-chart/krafter");
        ensureRestrictedNamespace(cluster);
        cluster.kubectl()
                .ok(
                        List.of(
                                "apply",
                                "--server-side",
                                "--force-conflicts",
                                "--field-manager",
                                "krafter-e2e",
                                "-f",
                                chart.resolve("crds").toString()),
                        Duration.ofMinutes(2));
        long kinds = crdFiles(chart.resolve("crds"));
        KubernetesTestCluster.waitUntil(
                "the " + kinds + " Krafter CRDs to be Established",
                Duration.ofMinutes(1),
                () -> cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                                .filter(crd ->
                                        "krafter.dev".equals(crd.getSpec().getGroup()))
                                .filter(OperatorInstall::established)
                                .count()
                        == kinds);

        helmUpgradeInstall(cluster, repoRoot, helm, operatorImage, RELEASE, NAMESPACE, values);
        KubernetesTestCluster.waitUntil("the operator to be Ready", Duration.ofMinutes(3), cluster::operatorRunning);
        LOG.info(
                "Krafter installed with helm upgrade --install ({} in {}, image {}, pull policy {}) in {} s",
                chart,
                NAMESPACE,
                operatorImage,
                cluster.node().operatorPullPolicy(),
                Duration.between(started, Instant.now()).toSeconds());
    }

    /**
     * The operator's namespace enforces the restricted Pod Security Standard, like the scenarios' namespaces: created
     * so, or labelled so when an earlier set-up created it without (the labels only judge pods created from then on).
     */
    private static void ensureRestrictedNamespace(KubernetesTestCluster cluster) {
        Namespace existing = cluster.client().namespaces().withName(NAMESPACE).get();
        if (existing == null) {
            cluster.client()
                    .namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(NAMESPACE)
                            .withLabels(KubernetesTestCluster.RESTRICTED)
                            .endMetadata()
                            .build())
                    .create();
        } else if (!KubernetesTestCluster.labels(existing)
                .entrySet()
                .containsAll(KubernetesTestCluster.RESTRICTED.entrySet())) {
            cluster.client().namespaces().withName(NAMESPACE).edit(n -> {
                n.getMetadata().getLabels().putAll(KubernetesTestCluster.RESTRICTED);
                return n;
            });
        }
    }

    /**
     * {@code helm upgrade --install <release> helm-chart/krafter --namespace <namespace> --wait} with the operator
     * image and {@code values}; the CRDs must be applied already. Used for the suite's operator and for scenarios that
     * install a release of their own (S15's namespaced operator).
     */
    public static void helmUpgradeInstall(
            KubernetesTestCluster cluster,
            Path repoRoot,
            String helm,
            String operatorImage,
            String release,
            String namespace,
            Map<String, String> values) {
        Path chart = repoRoot.resolve("helm-chart/krafter");
        int colon = operatorImage.lastIndexOf(':');
        List<String> command = new ArrayList<>(List.of(
                helm,
                "upgrade",
                "--install",
                release,
                chart.toString(),
                "--namespace",
                namespace,
                "--kubeconfig",
                cluster.node().kubeconfig().toString()));
        if (cluster.node().context() != null) {
            command.addAll(List.of("--kube-context", cluster.node().context()));
        }
        command.addAll(List.of(
                "--set",
                "image.repository=" + operatorImage.substring(0, colon),
                "--set",
                "image.tag=" + operatorImage.substring(colon + 1),
                "--set",
                "image.pullPolicy=" + cluster.node().operatorPullPolicy()));
        values.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        String imageId = Docker.available() ? Docker.imageId(operatorImage) : null;
        if (imageId != null) {
            command.addAll(List.of("--set-string", "podAnnotations.e2e-image-id=" + imageId));
        }
        // The CRDs were applied above (helm leaves crds/ alone on upgrade); helm applying them again on a first
        // install conflicts with that apply's field manager.
        command.addAll(List.of("--skip-crds", "--wait", "--timeout", "5m"));
        ExecResult result = Processes.run(command, Duration.ofMinutes(6));
        if (!result.succeeded()) {
            throw new IllegalStateException("helm upgrade --install of " + chart + " as " + namespace + "/" + release
                    + " failed (exit code " + result.exitCode() + "): " + (result.stderr() + result.stdout()).trim()
                    + "\noperator pods: "
                    + cluster.operatorPods(namespace, release).stream()
                            .map(p -> p.getMetadata().getName() + " "
                                    + p.getStatus().getPhase() + " "
                                    + p.getStatus().getContainerStatuses())
                            .toList());
        }
    }

    /** {@code helm uninstall <release> --namespace <namespace> --wait}. */
    public static void uninstall(KubernetesTestCluster cluster, String helm, String release, String namespace) {
        List<String> command = new ArrayList<>(List.of(
                helm,
                "uninstall",
                release,
                "--namespace",
                namespace,
                "--kubeconfig",
                cluster.node().kubeconfig().toString(),
                "--wait",
                "--timeout",
                "3m"));
        if (cluster.node().context() != null) {
            command.addAll(List.of("--kube-context", cluster.node().context()));
        }
        ExecResult result = Processes.run(command, Duration.ofMinutes(4));
        if (!result.succeeded()) {
            throw new IllegalStateException("helm uninstall " + namespace + "/" + release + " failed (exit code "
                    + result.exitCode() + "): " + (result.stderr() + result.stdout()).trim());
        }
    }

    private static long crdFiles(Path directory) {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + directory, e);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
