package dev.krafter.e2e.k3s;

import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.Apply;
import dev.krafter.e2e.cluster.Docker;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Real Kubernetes: a single-node k3s cluster in a container (Testcontainers {@link K3sContainer}), with local images
 * imported into its containerd and the operator installed with the project's Helm chart. Needs a local k3s image
 * ({@link #IMAGE}; nothing is pulled) and a helm binary ({@code HELM}, {@code PATH} or {@code target/tools/helm}).
 * <p>
 * Kafka is reached from the test JVM through NodePort Services on the k3s node (the container's address on the
 * Docker bridge), so scenarios on k3s need a KafkaCluster with a NodePort listener whose advertised addresses are
 * the node address and node ports.
 */
public final class K3sTestCluster implements TestCluster {
    public static final String IMAGE = System.getProperty("krafter.k3sImage", "rancher/k3s:v1.31.4-k3s1");
    public static final String OPERATOR_NAMESPACE = "krafter-system";
    private static final Logger LOG = LoggerFactory.getLogger(K3sTestCluster.class);

    private final K3sContainer k3s;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private K3sTestCluster(K3sContainer k3s) {
        this.k3s = k3s;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        try {
            this.kubeconfig = Files.createTempFile("krafter-k3s-", ".kubeconfig");
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the k3s backend cannot run here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!Docker.available()) {
            return Optional.of("no Docker engine answers `docker version`");
        }
        if (!Docker.imageExists(IMAGE)) {
            return Optional.of("no k3s image: " + IMAGE + " is not in the local Docker image store and no registry can be"
                    + " reached to pull it (load one with `docker load`, or pick another with -Dkrafter.k3sImage=...)");
        }
        if (helm().isEmpty()) {
            return Optional.of("no helm binary (set HELM, put helm on PATH, or run helm-chart/install-helm.sh target/tools)");
        }
        return Optional.empty();
    }

    /** Starts k3s, imports {@code images}, and installs the operator chart from {@code chart}. */
    public static K3sTestCluster start(Path chart, String operatorImage, String... images) {
        K3sContainer container = new K3sContainer(DockerImageName.parse(IMAGE)).withStartupTimeout(Duration.ofMinutes(5));
        container.start();
        K3sTestCluster cluster = new K3sTestCluster(container);
        try {
            List<String> all = new ArrayList<>(List.of(images));
            all.add(operatorImage);
            cluster.loadImages(all.toArray(String[]::new));
            cluster.installOperator(chart, operatorImage);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void installOperator(Path chart, String operatorImage) {
        String repository = operatorImage.substring(0, operatorImage.lastIndexOf(':'));
        String tag = operatorImage.substring(operatorImage.lastIndexOf(':') + 1);
        List<String> command = List.of(helm().orElseThrow(), "upgrade", "--install", "krafter", chart.toString(),
                "--namespace", OPERATOR_NAMESPACE, "--create-namespace", "--kubeconfig", kubeconfig.toString(),
                "--set", "image.repository=" + repository, "--set", "image.tag=" + tag,
                "--set", "image.pullPolicy=Never", "--wait", "--timeout", "5m");
        ExecResult result = runLocal(command, Duration.ofMinutes(6));
        if (!result.succeeded()) {
            throw new IllegalStateException("helm install failed: " + result.stderr() + result.stdout());
        }
        LOG.info("Krafter installed on k3s with the Helm chart {} (image {})", chart, operatorImage);
    }

    static Optional<String> helm() {
        List<String> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("HELM")).ifPresent(candidates::add);
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
            candidates.add(Path.of(dir, "helm").toString());
        }
        candidates.add(Path.of("target/tools/helm").toAbsolutePath().toString());
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    @Override
    public String backend() {
        return "k3s";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public List<HasMetadata> apply(String yaml, String namespace) {
        ensureNamespace(namespace);
        return Apply.yaml(client, yaml, namespace);
    }

    @Override
    public <T extends HasMetadata> T apply(T resource, String namespace) {
        ensureNamespace(namespace);
        return Apply.createOrReplace(client, resource, namespace);
    }

    private void ensureNamespace(String namespace) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(namespace).endMetadata().build()).create();
        }
    }

    @Override
    public ExecResult exec(String namespace, String pod, String... command) {
        List<String> args = new ArrayList<>(List.of("kubectl", "exec", "-n", namespace, pod, "--"));
        args.addAll(List.of(command));
        return inNode(args);
    }

    @Override
    public String logTail(String namespace, String pod, int lines) {
        ExecResult logs = inNode(List.of("kubectl", "logs", "-n", namespace, pod, "--tail", String.valueOf(lines)));
        return logs.stdout() + logs.stderr();
    }

    @Override
    public void deletePod(String namespace, String pod) {
        client.pods().inNamespace(namespace).withName(pod).delete();
    }

    @Override
    public void killContainer(String namespace, String pod) {
        ExecResult result = inNode(List.of("sh", "-c", "crictl stop --timeout 0 $(crictl ps -q"
                + " --label io.kubernetes.pod.name=" + pod + " --label io.kubernetes.pod.namespace=" + namespace + " | head -1)"));
        if (!result.succeeded()) {
            throw new IllegalStateException("cannot kill the container of " + namespace + "/" + pod + ": " + result.stderr());
        }
    }

    @Override
    public String nodeAddress() {
        return k3s.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    /**
     * A named NodePort or LoadBalancer listener: its bootstrap Service's external address. Otherwise the first NodePort
     * bootstrap Service (whose port has the listener's name): the test JVM reaches k3s through node ports only.
     */
    @Override
    public String bootstrapAddress(String namespace, String kafkaCluster, String listener) {
        if (listener != null) {
            Service external = client.services().inNamespace(namespace)
                    .withName(ClusterNames.externalBootstrap(kafkaCluster, listener)).get();
            if (external != null) {
                return externalAddress(external);
            }
        }
        String nodeAddress = nodeAddress();
        for (Service service : client.services().inNamespace(namespace).withLabel("krafter.dev/cluster", kafkaCluster).list()
                .getItems()) {
            if (!"NodePort".equals(service.getSpec().getType()) || service.getMetadata().getName().matches(".*-\\d+$")) {
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                if (listener == null || listener.equals(port.getName())) {
                    return nodeAddress + ":" + port.getNodePort();
                }
            }
        }
        throw new IllegalStateException("KafkaCluster " + namespace + "/" + kafkaCluster + " has no NodePort bootstrap Service"
                + (listener == null ? "" : " for listener " + listener) + "; on k3s the test JVM reaches Kafka through node ports");
    }

    @Override
    public void loadImages(String... images) {
        for (String image : images) {
            try {
                Path tar = Files.createTempFile("krafter-image-", ".tar");
                try {
                    Docker.ok("save", "-o", tar.toString(), image);
                    k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
                    ExecResult imported = inNode(List.of("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar"));
                    if (!imported.succeeded()) {
                        throw new IllegalStateException("importing " + image + " into k3s failed: " + imported.stderr());
                    }
                    inNode(List.of("rm", "-f", "/tmp/image.tar"));
                } finally {
                    Files.deleteIfExists(tar);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Duration patience() {
        return Duration.ofMinutes(6);
    }

    private ExecResult inNode(List<String> command) {
        try {
            Container.ExecResult result = k3s.execInContainer(command.toArray(String[]::new));
            return new ExecResult(result.getExitCode(), result.getStdout(), result.getStderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ExecResult runLocal(List<String> command, Duration timeout) {
        try {
            Path out = Files.createTempFile("krafter-cmd-", ".out");
            Path err = Files.createTempFile("krafter-cmd-", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            ExecResult result = new ExecResult(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        k3s.stop();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
