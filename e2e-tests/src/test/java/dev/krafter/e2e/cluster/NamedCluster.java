package dev.krafter.e2e.cluster;

import dev.krafter.e2e.support.E2eEnvironment;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An existing cluster the user names explicitly (never picked up just because {@code KUBECONFIG} is set):
 * <ul>
 *   <li>{@code KRAFTER_E2E_KUBECONFIG} / {@code -Dkrafter.e2e.kubeconfig}: the kubeconfig file (required);</li>
 *   <li>{@code KRAFTER_E2E_CONTEXT} / {@code -Dkrafter.e2e.context}: its context (required);</li>
 *   <li>{@code KRAFTER_E2E_LOAD_IMAGE} / {@code -Dkrafter.e2e.loadImage}: a shell command that makes the local image
 *       {@code $IMAGE} available to the nodes ({@code kind load docker-image "$IMAGE"}, {@code minikube image load
 *       "$IMAGE"}, a {@code docker tag} + {@code docker push} to the nodes' registry...); without it the nodes are
 *       assumed to pull the images themselves;</li>
 *   <li>{@code KRAFTER_E2E_KILL_CONTAINER} / {@code -Dkrafter.e2e.killContainer}: a shell command that SIGKILLs the
 *       container {@code $CONTAINER_ID} (runtime prefix stripped; {@code $CONTAINER_RUNTIME} says which, e.g.
 *       containerd) on node {@code $NODE} (also given: {@code $NAMESPACE}, {@code $POD}); without it the chaos
 *       scenario fails saying so;</li>
 *   <li>{@code KRAFTER_E2E_NODE_ADDRESS} / {@code -Dkrafter.e2e.nodeAddress}: where NodePort Services answer from
 *       the test JVM (default: the first node's ExternalIP, else its InternalIP);</li>
 *   <li>{@code KRAFTER_E2E_KUBECTL} / {@code -Dkrafter.e2e.kubectl}: the kubectl binary (default: kubectl on PATH).</li>
 * </ul>
 */
public final class NamedCluster implements NodeAccess {
    private static final Logger LOG = LoggerFactory.getLogger(NamedCluster.class);
    public static final String KUBECONFIG = "KRAFTER_E2E_KUBECONFIG";
    public static final String CONTEXT = "KRAFTER_E2E_CONTEXT";
    public static final String LOAD_IMAGE = "KRAFTER_E2E_LOAD_IMAGE";
    public static final String KILL_CONTAINER = "KRAFTER_E2E_KILL_CONTAINER";
    public static final String NODE_ADDRESS = "KRAFTER_E2E_NODE_ADDRESS";
    public static final String KUBECTL = "KRAFTER_E2E_KUBECTL";

    private final Path kubeconfig;
    private final String context;

    private NamedCluster(Path kubeconfig, String context) {
        this.kubeconfig = kubeconfig;
        this.context = context;
    }

    /** The cluster the user named, if they named one. */
    public static Optional<NamedCluster> fromSettings() {
        Optional<String> kubeconfig = E2eEnvironment.setting(KUBECONFIG);
        if (kubeconfig.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(kubeconfig.get());
        if (!Files.isReadable(file)) {
            throw new ClusterUnavailableException(KUBECONFIG + "=" + file + " is not a readable file");
        }
        String context = E2eEnvironment.setting(CONTEXT)
                .orElseThrow(() -> new ClusterUnavailableException(KUBECONFIG + " is set but " + CONTEXT
                        + " is not: name the kubeconfig's context to test against explicitly"));
        return Optional.of(new NamedCluster(file, context));
    }

    @Override
    public String name() {
        return "named:" + context;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public String context() {
        return context;
    }

    @Override
    public String kubectl() {
        return E2eEnvironment.setting(KUBECTL).orElse("kubectl");
    }

    @Override
    public void loadImages(List<String> images) {
        Optional<String> command = E2eEnvironment.setting(LOAD_IMAGE);
        if (command.isEmpty()) {
            LOG.info("{} is not set: assuming the nodes of {} can pull {} themselves", LOAD_IMAGE, context, images);
            return;
        }
        for (String image : images) {
            ExecResult result = Processes.run(
                    List.of("sh", "-c", command.get()),
                    null,
                    Map.of("IMAGE", image),
                    null,
                    Duration.ofMinutes(20),
                    null);
            if (!result.succeeded()) {
                throw new IllegalStateException(
                        LOAD_IMAGE + " (" + command.get() + ") failed for " + image + " (exit code " + result.exitCode()
                                + "): " + LocalCluster.tail(result.stderr() + result.stdout(), 20));
            }
        }
    }

    @Override
    public String operatorPullPolicy() {
        return "IfNotPresent";
    }

    @Override
    public String nodeAddress(KubernetesClient client) {
        Optional<String> configured = E2eEnvironment.setting(NODE_ADDRESS);
        if (configured.isPresent()) {
            return configured.get();
        }
        for (String type : List.of("ExternalIP", "InternalIP")) {
            for (Node node : client.nodes().list().getItems()) {
                for (NodeAddress address : node.getStatus().getAddresses()) {
                    if (type.equals(address.getType())) {
                        return address.getAddress();
                    }
                }
            }
        }
        throw new IllegalStateException(
                "no node of " + context + " has an ExternalIP or InternalIP; set " + NODE_ADDRESS);
    }

    @Override
    public void killContainer(String namespace, String pod, String node, String containerId) {
        String command = E2eEnvironment.setting(KILL_CONTAINER)
                .orElseThrow(() -> new IllegalStateException("cannot kill a container on " + context + ": set "
                        + KILL_CONTAINER + " to a shell command that sends"
                        + " SIGKILL to container $CONTAINER_ID on node $NODE (no portable Kubernetes API does that)"));
        int separator = containerId.indexOf("://");
        ExecResult result = Processes.run(
                List.of("sh", "-c", command),
                null,
                Map.of(
                        "NODE",
                        node,
                        "NAMESPACE",
                        namespace,
                        "POD",
                        pod,
                        "CONTAINER_ID",
                        containerId.substring(separator + 3),
                        "CONTAINER_RUNTIME",
                        separator < 0 ? "" : containerId.substring(0, separator)),
                null,
                Duration.ofMinutes(1),
                null);
        if (!result.succeeded()) {
            throw new IllegalStateException(KILL_CONTAINER + " (" + command + ") failed for " + containerId + " on "
                    + node + " (exit code " + result.exitCode() + "): " + (result.stderr() + result.stdout()).trim());
        }
    }
}
