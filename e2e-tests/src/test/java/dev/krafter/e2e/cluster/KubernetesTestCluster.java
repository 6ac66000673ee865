package dev.krafter.e2e.cluster;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.ClusterTopology;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes cluster, reached through a kubeconfig file and context: the local one-node cluster
 * ({@link LocalCluster}) or one the user names ({@link NamedCluster}). The operator runs in it, installed from its
 * image with the project's Helm chart ({@link OperatorInstall}); the test JVM acts as a user: through the API server,
 * {@code kubectl exec}/{@code logs}, and Kafka clients connecting to NodePort Services at {@link #nodeAddress()}
 * (cluster DNS names do not resolve in the test JVM, so every KafkaCluster the tests reach has a NodePort listener).
 * <p>
 * Every namespace the tests create carries {@code pod-security.kubernetes.io/enforce: restricted} and
 * {@link #E2E_LABEL}, so what the operator creates must pass the restricted Pod Security Standard, and a later run can
 * find and remove what an earlier one left.
 */
public final class KubernetesTestCluster implements TestCluster {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesTestCluster.class);
    /** Marks the namespaces the end-to-end tests created. */
    public static final String E2E_LABEL = "e2e.krafter.dev/scenario";

    public static final Map<String, String> RESTRICTED = Map.of(
            "pod-security.kubernetes.io/enforce", "restricted", "pod-security.kubernetes.io/enforce-version", "latest");

    private final NodeAccess node;
    private final KubernetesClient client;
    private final Kubectl kubectl;
    private final Set<String> namespacesSeen = ConcurrentHashMap.newKeySet();
    /** Docker image IDs already loaded into this cluster by this JVM. */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();

    private volatile String nodeAddress;
    /** The operator Deployment's replicas before {@link #stopOperator}, restored by {@link #startOperator}. */
    private volatile int operatorReplicas = 1;

    public KubernetesTestCluster(NodeAccess node) {
        this.node = node;
        Config config = Config.fromKubeconfig(node.context(), node.kubeconfig().toFile());
        this.client = new KubernetesClientBuilder().withConfig(config).build();
        this.kubectl = new Kubectl(node.kubectl(), node.kubeconfig(), node.context());
    }

    public NodeAccess node() {
        return node;
    }

    public Kubectl kubectl() {
        return kubectl;
    }

    @Override
    public String backend() {
        return node.name();
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
        ensureNamespace(
                resource.getMetadata().getNamespace() == null
                        ? namespace
                        : resource.getMetadata().getNamespace());
        return Apply.createOrReplace(client, resource, namespace);
    }

    /** Creates {@code namespace} (restricted Pod Security, marked as the tests') unless it exists. */
    public void ensureNamespace(String namespace) {
        if (namespacesSeen.contains(namespace)) {
            return;
        }
        Namespace existing = client.namespaces().withName(namespace).get();
        if (existing == null) {
            Map<String, String> labels = new HashMap<>(RESTRICTED);
            labels.put(E2E_LABEL, "true");
            try {
                client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .withLabels(labels)
                                .endMetadata()
                                .build())
                        .create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        } else if (existing.getMetadata().getDeletionTimestamp() != null) {
            throw new IllegalStateException("namespace " + namespace + " is being deleted (left by an earlier run?)");
        } else if (!"restricted".equals(labels(existing).get("pod-security.kubernetes.io/enforce"))) {
            LOG.warn(
                    "namespace {} exists without pod-security.kubernetes.io/enforce=restricted; using it as it is",
                    namespace);
        }
        namespacesSeen.add(namespace);
    }

    @Override
    public ExecResult exec(String namespace, String pod, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", "-n", namespace, pod, "--"));
        args.addAll(List.of(command));
        return kubectl.run(args, Duration.ofMinutes(3));
    }

    @Override
    public String logTail(String namespace, String pod, int lines) {
        ExecResult logs = kubectl.run(List.of("logs", "-n", namespace, pod, "--tail", String.valueOf(lines)));
        return logs.stdout() + logs.stderr();
    }

    @Override
    public void deletePod(String namespace, String pod) {
        client.pods().inNamespace(namespace).withName(pod).delete();
    }

    /** SIGKILL of the pod's first container, found through the container ID the kubelet reports in the pod's status. */
    @Override
    public void killContainer(String namespace, String pod) {
        Pod current = client.pods().inNamespace(namespace).withName(pod).get();
        if (current == null) {
            throw new IllegalStateException("no pod " + namespace + "/" + pod);
        }
        String container = current.getSpec().getContainers().get(0).getName();
        ContainerStatus status = current.getStatus().getContainerStatuses().stream()
                .filter(s -> container.equals(s.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "pod " + namespace + "/" + pod + " has no status of container " + container));
        if (status.getContainerID() == null
                || status.getState() == null
                || status.getState().getRunning() == null) {
            throw new IllegalStateException("container " + container + " of " + namespace + "/" + pod
                    + " is not running: " + status.getState());
        }
        node.killContainer(namespace, pod, current.getSpec().getNodeName(), status.getContainerID());
        LOG.info("SIGKILL sent to container {} of {}/{} ({})", container, namespace, pod, status.getContainerID());
    }

    /**
     * {@code listener} named: the bootstrap Service of that NodePort or LoadBalancer listener, at its external address
     * (an internal listener is refused: its Service names do not resolve in the test JVM). {@code listener} null: the
     * KafkaCluster's first NodePort listener, else its first LoadBalancer listener.
     */
    @Override
    public String bootstrapAddress(String namespace, String kafkaCluster, String listener) {
        KafkaCluster resource = client.resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName(kafkaCluster)
                .get();
        if (resource == null) {
            throw new IllegalStateException("no KafkaCluster " + namespace + "/" + kafkaCluster);
        }
        List<ListenerSpec> listeners =
                ClusterTopology.effectiveListeners(resource.getSpec().getListeners());
        ListenerSpec chosen = listener != null
                ? listeners.stream()
                        .filter(l -> listener.equals(l.getName()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "KafkaCluster " + namespace + "/" + kafkaCluster + " has no listener " + listener))
                : listeners.stream()
                        .filter(l -> l.getType() == ListenerSpec.Type.NODEPORT)
                        .findFirst()
                        .or(() -> listeners.stream()
                                .filter(l -> l.getType() == ListenerSpec.Type.LOADBALANCER)
                                .findFirst())
                        .orElseThrow(() -> new IllegalStateException("KafkaCluster " + namespace + "/" + kafkaCluster
                                + " has no NodePort or LoadBalancer listener, so the test JVM cannot reach it (cluster DNS"
                                + " names do not resolve here); give it one (ScenarioSupport.reachableFromTests)"));
        if (chosen.getType() == ListenerSpec.Type.INTERNAL) {
            throw new IllegalArgumentException("listener " + chosen.getName() + " of " + namespace + "/" + kafkaCluster
                    + " is internal: its addresses are cluster DNS names, which do not resolve in the test JVM");
        }
        String name = ClusterNames.externalBootstrap(kafkaCluster, chosen.getName());
        Service service =
                client.services().inNamespace(namespace).withName(name).get();
        if (service == null) {
            throw new IllegalStateException(
                    "no Service " + namespace + "/" + name + " (bootstrap of listener " + chosen.getName() + ")");
        }
        String address = externalAddress(service);
        if (address == null) {
            throw new IllegalStateException("Service " + namespace + "/" + name + " ("
                    + service.getSpec().getType() + ") has no external address yet");
        }
        return address;
    }

    @Override
    public String nodeAddress() {
        if (nodeAddress == null) {
            nodeAddress = node.nodeAddress(client);
        }
        return nodeAddress;
    }

    /** Services of the namespace (type, ports, node ports) and the addresses their EndpointSlices list as ready. */
    @Override
    public List<String> networkFacts(String namespace) {
        List<String> facts = new ArrayList<>();
        Map<String, List<String>> endpoints = new HashMap<>();
        for (EndpointSlice slice : client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .list()
                .getItems()) {
            String service = labels(slice).get("kubernetes.io/service-name");
            for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() != null
                        && Boolean.TRUE.equals(endpoint.getConditions().getReady());
                String target = endpoint.getTargetRef() == null
                        ? "?"
                        : endpoint.getTargetRef().getName();
                endpoints
                        .computeIfAbsent(service, s -> new ArrayList<>())
                        .add(target + "=" + String.join(",", endpoint.getAddresses()) + (ready ? "" : " (not ready)"));
            }
        }
        for (Service service : client.services().inNamespace(namespace).list().getItems()) {
            String ports = service.getSpec().getPorts().stream()
                    .map(p -> p.getName() + " " + p.getPort()
                            + (p.getNodePort() == null ? "" : "->node " + p.getNodePort()))
                    .collect(Collectors.joining(", "));
            String external = "NodePort".equals(service.getSpec().getType())
                            || "LoadBalancer".equals(service.getSpec().getType())
                    ? " external " + externalAddress(service)
                    : "";
            facts.add("service " + service.getMetadata().getName() + " "
                    + service.getSpec().getType() + " [" + ports + "]" + external + " endpoints "
                    + endpoints.getOrDefault(service.getMetadata().getName(), List.of()));
        }
        return facts;
    }

    /** Loads each image once per JVM (again when its Docker image ID changed). */
    @Override
    public void loadImages(String... images) {
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            String id = Docker.imageId(image);
            if (id == null || !id.equals(loaded.get(image))) {
                missing.add(image);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Instant started = Instant.now();
        node.loadImages(missing);
        missing.forEach(image -> {
            String id = Docker.imageId(image);
            if (id != null) {
                loaded.put(image, id);
            }
        });
        LOG.info(
                "Loaded {} into {} in {} s",
                missing,
                backend(),
                Duration.between(started, Instant.now()).toSeconds());
    }

    @Override
    public Duration patience() {
        return Duration.ofMinutes(6);
    }

    // ---------------------------------------------------------------------------------------------- the operator

    /** The operator's Deployment, installed by {@link OperatorInstall}. */
    public Deployment operatorDeployment() {
        List<Deployment> deployments = client.apps()
                .deployments()
                .inNamespace(OperatorInstall.NAMESPACE)
                .withLabel("app.kubernetes.io/instance", OperatorInstall.RELEASE)
                .withLabel("app.kubernetes.io/component", "operator")
                .list()
                .getItems();
        if (deployments.size() != 1) {
            throw new IllegalStateException("expected one operator Deployment in " + OperatorInstall.NAMESPACE
                    + ", found "
                    + deployments.stream().map(d -> d.getMetadata().getName()).toList());
        }
        return deployments.get(0);
    }

    public List<Pod> operatorPods() {
        return operatorPods(OperatorInstall.NAMESPACE, OperatorInstall.RELEASE);
    }

    /** The pods of the operator the Helm release {@code release} installed in {@code namespace}. */
    public List<Pod> operatorPods(String namespace, String release) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", release)
                .withLabel("app.kubernetes.io/component", "operator")
                .list()
                .getItems();
    }

    /** Scales the operator's Deployment to 0 and waits until its pod has gone (SIGTERM, then its grace period). */
    @Override
    public void stopOperator() {
        Deployment deployment = operatorDeployment();
        String name = deployment.getMetadata().getName();
        if (deployment.getSpec().getReplicas() != null && deployment.getSpec().getReplicas() > 0) {
            operatorReplicas = deployment.getSpec().getReplicas();
        }
        client.apps()
                .deployments()
                .inNamespace(OperatorInstall.NAMESPACE)
                .withName(name)
                .scale(0);
        waitUntil("the operator pod to go", patience(), () -> operatorPods().isEmpty());
        LOG.info("Operator stopped (Deployment {}/{} scaled to 0)", OperatorInstall.NAMESPACE, name);
    }

    /** Scales the operator's Deployment back to its replicas before {@link #stopOperator} and waits until they are Ready. */
    @Override
    public void startOperator() {
        String name = operatorDeployment().getMetadata().getName();
        client.apps()
                .deployments()
                .inNamespace(OperatorInstall.NAMESPACE)
                .withName(name)
                .scale(operatorReplicas);
        waitUntil(
                "the operator to be Ready",
                patience(),
                () -> operatorRunning() && operatorDeployment().getStatus().getReadyReplicas() >= operatorReplicas);
        LOG.info("Operator started (Deployment {}/{} scaled to {})", OperatorInstall.NAMESPACE, name, operatorReplicas);
    }

    @Override
    public Optional<String> operatorLeader() {
        Lease lease = client.leases()
                .inNamespace(OperatorInstall.NAMESPACE)
                .withName(OperatorInstall.LEASE)
                .get();
        return Optional.ofNullable(lease)
                .map(Lease::getSpec)
                .map(LeaseSpec::getHolderIdentity)
                .filter(s -> !s.isBlank())
                .filter(holder -> operatorPods().stream()
                        .anyMatch(p -> p.getMetadata().getName().equals(holder)));
    }

    @Override
    public String killOperatorLeader() {
        String leader = operatorLeader()
                .orElseThrow(() -> new IllegalStateException("no operator replica holds the Lease "
                        + OperatorInstall.NAMESPACE + "/" + OperatorInstall.LEASE));
        client.pods()
                .inNamespace(OperatorInstall.NAMESPACE)
                .withName(leader)
                .withGracePeriod(0)
                .delete();
        LOG.info("Operator leader {} killed (pod deleted, no grace period)", leader);
        return leader;
    }

    /** True when the operator's Deployment wants a replica and has it Ready. */
    @Override
    public boolean operatorRunning() {
        Deployment deployment = operatorDeployment();
        Integer ready =
                deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return deployment.getSpec().getReplicas() != null
                && deployment.getSpec().getReplicas() > 0
                && ready != null
                && ready > 0;
    }

    // ---------------------------------------------------------------------------------------------- clean-up

    /**
     * Deletes every namespace an earlier run of the tests created (they carry {@link #E2E_LABEL}), so scenarios start
     * from nothing: Kafka pods are force-deleted (a KRaft node without quorum would wait out its grace period), and
     * Krafter resources still held by a finalizer after a minute are released.
     */
    public void deleteTestNamespaces() {
        List<String> namespaces = client.namespaces().withLabel(E2E_LABEL).list().getItems().stream()
                .map(n -> n.getMetadata().getName())
                .toList();
        if (namespaces.isEmpty()) {
            return;
        }
        LOG.info("Deleting the namespaces an earlier run left: {}", namespaces);
        Instant started = Instant.now();
        namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
        boolean released = false;
        while (namespaces.stream()
                .anyMatch(ns -> client.namespaces().withName(ns).get() != null)) {
            for (String ns : namespaces) {
                client.pods().inNamespace(ns).withGracePeriod(0).delete();
                if (!released && Duration.between(started, Instant.now()).toSeconds() > 60) {
                    releaseFinalizers(Topic.class, ns);
                    releaseFinalizers(ConsumerGroup.class, ns);
                    releaseFinalizers(KafkaCluster.class, ns);
                }
            }
            released = Duration.between(started, Instant.now()).toSeconds() > 60;
            if (Duration.between(started, Instant.now()).compareTo(patience()) > 0) {
                throw new IllegalStateException("namespaces " + namespaces + " were not deleted within " + patience());
            }
            sleep(Duration.ofSeconds(2));
        }
        namespacesSeen.removeAll(namespaces);
        LOG.info(
                "Deleted {} in {} s",
                namespaces,
                Duration.between(started, Instant.now()).toSeconds());
    }

    private <T extends HasMetadata> void releaseFinalizers(Class<T> type, String namespace) {
        for (T resource : client.resources(type).inNamespace(namespace).list().getItems()) {
            if (resource.getMetadata().getFinalizers() != null
                    && !resource.getMetadata().getFinalizers().isEmpty()) {
                LOG.warn(
                        "Releasing the finalizers {} of {} {}/{}",
                        resource.getMetadata().getFinalizers(),
                        resource.getKind(),
                        namespace,
                        resource.getMetadata().getName());
                client.resources(type)
                        .inNamespace(namespace)
                        .withName(resource.getMetadata().getName())
                        .edit(r -> {
                            r.getMetadata().setFinalizers(List.of());
                            return r;
                        });
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static Map<String, String> labels(HasMetadata resource) {
        return resource.getMetadata().getLabels() == null
                ? Map.of()
                : resource.getMetadata().getLabels();
    }

    static void waitUntil(String what, Duration atMost, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(atMost);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + atMost.toSeconds() + " s");
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
