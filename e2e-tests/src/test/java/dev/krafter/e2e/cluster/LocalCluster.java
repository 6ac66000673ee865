package dev.krafter.e2e.cluster;

import dev.krafter.e2e.support.E2eEnvironment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes cluster of {@code local-cluster/cluster.sh}, running as processes on this host (etcd,
 * kube-apiserver, controller-manager, scheduler, kube-proxy, CoreDNS, and per node containerd + kubelet with a CNI
 * bridge; each node in a zone of its own). {@link #start} runs {@code cluster.sh up --nodes N}, which builds what is
 * missing and starts the cluster or reuses the running one, adding nodes it lacks; the tests never stop it
 * ({@code cluster.sh down} does). Images are imported into every node's containerd with {@code cluster.sh load-image};
 * a container is killed with {@code ctr task kill -s SIGKILL} on its node's containerd.
 */
public final class LocalCluster implements NodeAccess {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final Pattern KUBECONFIG = Pattern.compile("(?m)^export KUBECONFIG=(\\S+)\\s*$");
    private static final Pattern PATH = Pattern.compile("(?m)^export PATH=([^:\\s]+):\\$PATH\\s*$");
    /** A cold {@code up} builds Kubernetes, etcd, containerd and CoreDNS from source. */
    private static final Duration UP_TIMEOUT =
            Duration.ofMinutes(Long.getLong("krafter.e2e.localClusterUpMinutes", 90));

    private final Path script;
    private final Path kubeconfig;
    private final Path bin;

    private LocalCluster(Path script, Path kubeconfig, Path bin) {
        this.script = script;
        this.kubeconfig = kubeconfig;
        this.bin = bin;
    }

    /** {@code local-cluster/cluster.sh} of the repository at {@code repoRoot}. */
    public static Path script(Path repoRoot) {
        return repoRoot.resolve("local-cluster/cluster.sh");
    }

    /**
     * Runs {@code cluster.sh up} (its output goes to the console as it comes) and reads the kubeconfig and the bin
     * directory from the two {@code export} lines it ends with.
     *
     * @throws ClusterUnavailableException when the script is missing or {@code up} fails
     */
    public static LocalCluster start(Path repoRoot, int nodes) {
        Path script = script(repoRoot);
        if (!Files.isRegularFile(script)) {
            throw new ClusterUnavailableException("no local cluster: " + script + " does not exist");
        }
        LOG.info("Starting (or reusing) the local Kubernetes cluster: bash {} up --nodes {}", script, nodes);
        List<String> command =
                new ArrayList<>(List.of("bash", script.toString(), "up", "--nodes", String.valueOf(nodes)));
        if (E2eEnvironment.networkPolicyEnforcer().isPresent()) {
            command.add("--network-policies");
        }
        ExecResult up = Processes.run(
                command, null, Map.of(), repoRoot, UP_TIMEOUT, line -> System.out.println("[local-cluster] " + line));
        if (!up.succeeded()) {
            throw new ClusterUnavailableException("the local cluster did not come up: `bash " + script
                    + " up` exited with " + up.exitCode() + "; last output:\n" + tail(up.stdout() + up.stderr(), 25));
        }
        Matcher kubeconfig = KUBECONFIG.matcher(up.stdout());
        Matcher path = PATH.matcher(up.stdout());
        if (!kubeconfig.find() || !path.find()) {
            throw new ClusterUnavailableException("`bash " + script + " up` succeeded but its output does not end with"
                    + " `export KUBECONFIG=<path>` and `export PATH=<bin dir>:$PATH`; last output:\n"
                    + tail(up.stdout(), 10));
        }
        LocalCluster cluster = new LocalCluster(script, Path.of(kubeconfig.group(1)), Path.of(path.group(1)));
        LOG.info("Local cluster up: KUBECONFIG={}, bin {}", cluster.kubeconfig, cluster.bin);
        return cluster;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public String context() {
        return null;
    }

    @Override
    public String kubectl() {
        return bin.resolve("kubectl").toString();
    }

    /**
     * {@code cluster.sh load-image IMAGE...}: {@code docker save} into every node's containerd. Each imported image is
     * labelled there with its Docker image ID ({@value #IMAGE_ID_LABEL}), so an image every node already has in the
     * same version is not imported again by the next run.
     */
    @Override
    public void loadImages(List<String> images) {
        List<String> missing = new ArrayList<>();
        Map<String, String> ids = new java.util.HashMap<>();
        Map<String, String> sockets = containerdSockets();
        for (String image : images) {
            String id = Docker.imageId(image);
            ids.put(image, id);
            boolean everywhere = id != null
                    && sockets.values().stream().allMatch(socket -> {
                        ExecResult listed = ctr(socket, List.of("images", "ls", "name==" + containerdReference(image)));
                        return listed.succeeded() && listed.stdout().contains(IMAGE_ID_LABEL + "=" + id);
                    });
            if (!everywhere) {
                missing.add(image);
            }
        }
        if (missing.isEmpty()) {
            LOG.info("The node already has {} (same Docker image IDs)", images);
            return;
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "load-image"));
        command.addAll(missing);
        ExecResult result = Processes.run(command, null, Map.of(), null, Duration.ofMinutes(20), null);
        if (!result.succeeded()) {
            throw new IllegalStateException("cluster.sh load-image " + missing + " failed (exit code "
                    + result.exitCode() + "): " + tail(result.stderr() + result.stdout(), 20));
        }
        for (String image : missing) {
            if (ids.get(image) != null) {
                sockets.values()
                        .forEach(socket -> ctr(
                                socket,
                                List.of(
                                        "images",
                                        "label",
                                        containerdReference(image),
                                        IMAGE_ID_LABEL + "=" + ids.get(image))));
            }
        }
    }

    /** {@code cluster.sh nodes}: each running node's name and containerd socket. */
    Map<String, String> containerdSockets() {
        Map<String, String> sockets = new java.util.LinkedHashMap<>();
        for (String line : Processes.ok(List.of("bash", script.toString(), "nodes"), Duration.ofSeconds(30))
                .lines()
                .toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 4) {
                sockets.put(fields[0], fields[3]);
            }
        }
        if (sockets.isEmpty()) {
            throw new IllegalStateException("`cluster.sh nodes` lists no running node");
        }
        return sockets;
    }

    /** The label of an image in the node's containerd saying which Docker image it was imported from. */
    static final String IMAGE_ID_LABEL = "e2e.krafter.dev/docker-image-id";

    /** How containerd names a Docker image reference: {@code krafter/kafka:4.4.0} → {@code docker.io/krafter/kafka:4.4.0}. */
    static String containerdReference(String image) {
        String first = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return image;
        }
        return "docker.io/" + (image.contains("/") ? image : "library/" + image);
    }

    private ExecResult ctr(String socket, List<String> args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("ctr").toString(), "-a", socket, "-n", "k8s.io"));
        command.addAll(args);
        return Processes.run(command, Duration.ofSeconds(30));
    }

    @Override
    public String operatorPullPolicy() {
        return "Never";
    }

    /** {@code cluster.sh node-address}: an address on the host itself where kube-proxy serves node ports. */
    @Override
    public String nodeAddress(KubernetesClient client) {
        return Processes.ok(List.of("bash", script.toString(), "node-address"), Duration.ofSeconds(30));
    }

    @Override
    public void killContainer(String namespace, String pod, String node, String containerId) {
        String id = containerId.substring(containerId.indexOf("://") + 3);
        String socket = containerdSockets().get(node);
        if (socket == null) {
            throw new IllegalStateException(
                    "pod " + namespace + "/" + pod + " runs on " + node + ", not a node of the local" + " cluster");
        }
        ExecResult killed = ctr(socket, List.of("task", "kill", "-s", "SIGKILL", id));
        if (!killed.succeeded()) {
            throw new IllegalStateException(
                    "ctr task kill -s SIGKILL " + id + " (" + namespace + "/" + pod + ") failed (exit" + " code "
                            + killed.exitCode() + "): " + (killed.stderr() + killed.stdout()).trim());
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
