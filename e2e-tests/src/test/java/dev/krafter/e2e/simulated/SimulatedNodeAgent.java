package dev.krafter.e2e.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.e2e.cluster.Docker;
import dev.krafter.e2e.cluster.ExecResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test double of Kubernetes' node layer — the StatefulSet controller, the kubelet, cluster DNS, the PVC provisioner
 * and the garbage collector — for the simulated cluster. It watches the mock API server (by polling it) and does what
 * Krafter relies on from a real cluster:
 * <ul>
 * <li>StatefulSet → Pods named {@code <sts>-<ordinal>} (Parallel or OrderedReady), scaled up and down; OnDelete:
 * deleted pods are recreated from the current template, others are left alone; RollingUpdate: outdated pods are
 * replaced one at a time, highest ordinal first, each after the others are Ready; status (replicas, readyReplicas,
 * currentRevision/updateRevision) written back;</li>
 * <li>one PVC per claim template per pod, Bound, backed by a Docker volume that survives pod restarts (removed when
 * the PVC is deleted);</li>
 * <li>every Pod runs as a Docker container of its (local) image: command/args with {@code $(VAR)} expansion, env incl.
 * fieldRef/resourceFieldRef/configMapKeyRef/secretKeyRef/envFrom, ConfigMap and Secret volumes (files kept in sync),
 * emptyDir, PVCs, memory and CPU limits, user/capabilities/read-only root from the security context, init containers;
 * readiness, liveness and startup probes (HTTP GET against the pod IP, TCP, exec); restarts with back-off when the
 * container exits; pod status (phase, conditions, containerStatuses, podIP) written back;</li>
 * <li>graceful deletion: a deleted Pod stays Terminating while its container gets SIGTERM and up to the grace period
 * before SIGKILL ({@code docker stop -t}), then it is removed (see {@link ValidatingCrudDispatcher});</li>
 * <li>pod IPs: one Docker network per simulated cluster, on a subnet of its own; a pod keeps its IP for its whole
 * life (container restarts, alias changes) and released IPs are reused last ({@link PodIpPool});</li>
 * <li>DNS: each pod container gets the aliases
 * {@code <pod>.<subdomain>.<ns>.svc[.cluster.local]} and, for each Service selecting it,
 * {@code <svc>.<ns>[.svc[.cluster.local]]}; the test JVM gets the same names through a {@link HostsFile} (Services
 * resolve to Ready pods, or to all running pods with publishNotReadyAddresses);</li>
 * <li>one node, {@link #NODE_NAME}, whose IP ({@link #nodeIp()}) is the Docker network's gateway: every pod's
 * {@code spec.nodeName} and {@code status.hostIP} (also through the downward API);</li>
 * <li>ownerReference garbage collection: dependents whose owners are all gone are deleted.</li>
 * </ul>
 * NodePorts and LoadBalancer Services are served by other test doubles of the simulated cluster (node-port allocation
 * in {@link ValidatingCrudDispatcher}, {@link KubeProxyTestDouble}, {@link LoadBalancerControllerTestDouble}).
 * Not simulated: scheduling, more than one node, ClusterIPs, Endpoints objects, init container restarts,
 * more than one app container per pod (only the first one runs; the others are reported as not running).
 */
public final class SimulatedNodeAgent implements AutoCloseable {
    public static final String NODE_NAME = "simulated-node";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNodeAgent.class);
    private static final String LABEL_CLUSTER = "dev.krafter.e2e.cluster";
    private static final String LABEL_POD = "dev.krafter.e2e.pod";
    private static final Pattern ORDINAL = Pattern.compile("(.+)-(\\d+)");
    private static final Duration SYNC_PERIOD = Duration.ofMillis(500);
    private static final Duration GC_PERIOD = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String clusterId;
    private final String network;
    private final Path workDir;
    private final HostsFile hostsFile;
    private final Map<String, PodRuntime> runtimes = new ConcurrentHashMap<>();
    private final Map<String, String> volumesByClaim = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "node-agent-sync"));
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> thread(r, "node-agent-worker"));
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(3, r -> thread(r, "node-agent-probe"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant lastGc = Instant.EPOCH;
    private volatile Snapshot lastSnapshot;
    /** The one simulated node's IP: the gateway of the Docker network, a host interface reachable from this JVM too. */
    private volatile String nodeIp;
    private volatile PodIpPool podIps;

    /** What the agent knows about one pod it runs: its container, probe results, restarts. */
    private static final class PodRuntime {
        final String namespace;
        final String name;
        final String uid;
        final String container;
        /** The pod's IP for its whole life, as Kubernetes keeps it (see {@link PodIpPool}). */
        final String podIp;
        volatile Pod pod;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile String ip;
        volatile boolean created;
        volatile boolean running;
        volatile boolean terminating;
        volatile boolean forceKilled;
        volatile boolean ready;
        volatile boolean started;
        volatile boolean restartPending;
        volatile Instant runningSince;
        volatile Instant readySince = Instant.now();
        volatile int restartCount;
        volatile Instant restartNotBefore = Instant.EPOCH;
        volatile String waitingReason = "ContainerCreating";
        volatile String waitingMessage;
        volatile Integer lastExitCode;
        volatile String lastTerminationReason;
        volatile Instant lastFinishedAt;
        volatile Set<String> aliases = Set.of();
        volatile String writtenStatus = "";
        final ProbeState readiness = new ProbeState();
        final ProbeState liveness = new ProbeState();
        final ProbeState startup = new ProbeState();

        PodRuntime(Pod pod, String container, String podIp) {
            this.pod = pod;
            this.podIp = podIp;
            this.namespace = pod.getMetadata().getNamespace();
            this.name = pod.getMetadata().getName();
            this.uid = pod.getMetadata().getUid();
            this.container = container;
        }

        String key() {
            return namespace + "/" + name;
        }

        Container main() {
            return pod.getSpec().getContainers().get(0);
        }
    }

    private static final class ProbeState {
        volatile Instant nextDue = Instant.EPOCH;
        volatile int successes;
        volatile int failures;
        volatile boolean inFlight;

        void reset() {
            nextDue = Instant.EPOCH;
            successes = 0;
            failures = 0;
        }
    }

    /** One consistent read of the API objects the agent acts on. */
    private record Snapshot(List<StatefulSet> statefulSets, List<Pod> pods, List<Service> services,
            List<PersistentVolumeClaim> claims, Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
    }

    public SimulatedNodeAgent(KubernetesClient client, String clusterId, Path workDir, HostsFile hostsFile) {
        this.client = client;
        this.clusterId = clusterId;
        this.network = "krafter-e2e-" + clusterId;
        this.workDir = workDir;
        this.hostsFile = hostsFile;
    }

    public void start() {
        podIps = createNetwork();
        nodeIp = Docker.ok("network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", network).trim();
        if (hostsFile != null) {
            hostsFile.write(Map.of());
        }
        loop.scheduleWithFixedDelay(this::syncSafely, 0, SYNC_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        probes.scheduleWithFixedDelay(this::probeAll, 200, 250, TimeUnit.MILLISECONDS);
        LOG.info("Simulated node agent started: Docker network {}, work dir {}", network, workDir);
    }

    /**
     * The cluster's Docker network, on the first {@link PodIpPool} block no other network overlaps (a subnet of its own
     * is what lets pods keep fixed addresses).
     */
    private PodIpPool createNetwork() {
        List<String> refusals = new ArrayList<>();
        for (int attempt = 0; attempt < PodIpPool.BLOCKS; attempt++) {
            PodIpPool pool = new PodIpPool(PodIpPool.block(clusterId, attempt));
            ExecResult created = Docker.run("network", "create", "--label", LABEL_CLUSTER + "=" + clusterId,
                    "--subnet", pool.subnet(), "--ip-range", pool.dockerRange(), "--gateway", pool.gateway(), network);
            if (created.exitCode() == 0) {
                return pool;
            }
            refusals.add(pool.subnet() + ": " + created.stderr().trim());
        }
        throw new IllegalStateException("cannot create the Docker network " + network + " on any candidate subnet: " + refusals);
    }

    public String network() {
        return network;
    }

    /** The IP of the simulated node: every pod's {@code status.hostIP}, where NodePorts listen. */
    public String nodeIp() {
        return nodeIp;
    }

    /** The Docker container running the pod's main container, if the agent runs it. */
    public Optional<String> containerOf(String namespace, String pod) {
        return runtimes.values().stream().filter(r -> r.namespace.equals(namespace) && r.name.equals(pod) && !r.terminating)
                .map(r -> r.container).findFirst();
    }

    /** A container's address on the cluster's network, as Docker reports it (empty when it is not connected). */
    public String containerIp(String container) {
        return Docker.ok("inspect", "--format",
                "{{with index .NetworkSettings.Networks \"" + network + "\"}}{{.IPAddress}}{{end}}", container);
    }

    /** The Docker volume backing a PVC. */
    public Optional<String> volumeOf(String namespace, String claim) {
        return Optional.ofNullable(volumesByClaim.get(namespace + "/" + claim));
    }

    /** {@code docker exec} in the pod's main container. */
    public ExecResult exec(String namespace, String pod, String... command) {
        String container = containerOf(namespace, pod)
                .orElseThrow(() -> new IllegalStateException("pod " + namespace + "/" + pod + " has no running container"));
        List<String> args = new ArrayList<>(List.of("exec", container));
        args.addAll(List.of(command));
        return Docker.run(args, null, Duration.ofMinutes(2));
    }

    /** SIGKILLs the pod's main container (a crash); the agent restarts it as the kubelet would. */
    public void killContainer(String namespace, String pod) {
        String container = containerOf(namespace, pod)
                .orElseThrow(() -> new IllegalStateException("pod " + namespace + "/" + pod + " has no running container"));
        Docker.ok("kill", "--signal", "KILL", container);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.shutdownNow();
        probes.shutdownNow();
        workers.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeDockerObjects(clusterId);
        if (hostsFile != null) {
            hostsFile.write(Map.of());
        }
        deleteRecursively(workDir);
        LOG.info("Simulated node agent stopped; containers, volumes and network {} removed", network);
    }

    /** Removes every container, volume and network labelled with {@code clusterId}. */
    static void removeDockerObjects(String clusterId) {
        String filter = "label=" + LABEL_CLUSTER + "=" + clusterId;
        List<String> containers = lines(Docker.run("ps", "-aq", "--filter", filter).stdout());
        if (!containers.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
            args.addAll(containers);
            Docker.run(args);
        }
        List<String> volumes = lines(Docker.run("volume", "ls", "-q", "--filter", filter).stdout());
        if (!volumes.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("volume", "rm", "-f"));
            args.addAll(volumes);
            Docker.run(args);
        }
        for (String net : lines(Docker.run("network", "ls", "-q", "--filter", filter).stdout())) {
            Docker.run("network", "rm", net);
        }
    }

    // ---------------------------------------------------------------- the sync loop

    private void syncSafely() {
        try {
            sync();
        } catch (KubernetesClientException e) {
            if (!closed.get()) {
                LOG.warn("node agent sync: API error {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            if (!closed.get()) {
                LOG.warn("node agent sync failed", e);
            }
        }
    }

    private void sync() {
        if (Instant.now().isAfter(lastGc.plus(GC_PERIOD))) {
            collectGarbage();
            lastGc = Instant.now();
        }
        Snapshot snapshot = read();
        lastSnapshot = snapshot;
        for (StatefulSet set : snapshot.statefulSets()) {
            reconcileStatefulSet(set, snapshot);
        }
        Set<String> liveUids = new java.util.HashSet<>();
        for (Pod pod : snapshot.pods()) {
            liveUids.add(pod.getMetadata().getUid());
            reconcilePod(pod, snapshot);
        }
        for (PodRuntime runtime : runtimes.values()) {
            if (!liveUids.contains(runtime.uid) && !runtime.terminating) {
                // Force-deleted (grace 0): the API object is gone, so the container goes too.
                runtime.terminating = true;
                submit(runtime, () -> stopContainer(runtime, 0, false));
            } else if (!liveUids.contains(runtime.uid) && !runtime.forceKilled) {
                // Force-deleted while Terminating: the kubelet gives up the rest of the grace period and kills it.
                runtime.forceKilled = true;
                LOG.info("Pod {}: force-deleted while terminating, killing its container", runtime.key());
                Docker.run("kill", "--signal", "KILL", runtime.container);
            }
        }
        checkContainers();
        writePodStatuses(snapshot);
        updateNetworking(snapshot);
        releaseVolumes(snapshot);
    }

    private Snapshot read() {
        Map<String, ConfigMap> configMaps = new HashMap<>();
        client.configMaps().inAnyNamespace().list().getItems().forEach(c -> configMaps.put(key(c), c));
        Map<String, Secret> secrets = new HashMap<>();
        client.secrets().inAnyNamespace().list().getItems().forEach(s -> secrets.put(key(s), s));
        return new Snapshot(client.apps().statefulSets().inAnyNamespace().list().getItems(),
                client.pods().inAnyNamespace().list().getItems(),
                client.services().inAnyNamespace().list().getItems(),
                client.persistentVolumeClaims().inAnyNamespace().list().getItems(), configMaps, secrets);
    }

    // ---------------------------------------------------------------- StatefulSet controller

    private void reconcileStatefulSet(StatefulSet set, Snapshot snapshot) {
        String namespace = set.getMetadata().getNamespace();
        String setName = set.getMetadata().getName();
        if (set.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        String revision = revision(set);
        boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());
        Map<Integer, Pod> byOrdinal = new TreeMap<>();
        for (Pod pod : snapshot.pods()) {
            if (namespace.equals(pod.getMetadata().getNamespace()) && isOwnedBy(pod, set)) {
                Matcher m = ORDINAL.matcher(pod.getMetadata().getName());
                if (m.matches() && m.group(1).equals(setName)) {
                    byOrdinal.put(Integer.parseInt(m.group(2)), pod);
                }
            }
        }
        // Create missing pods (after their claims); OrderedReady waits for each predecessor to be Ready.
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            Pod existing = byOrdinal.get(ordinal);
            if (existing == null) {
                if (!parallel && !allReadyBelow(byOrdinal, ordinal)) {
                    break;
                }
                ensureClaims(set, ordinal, snapshot);
                Pod created = client.pods().inNamespace(namespace).resource(podFor(set, ordinal, revision)).create();
                LOG.info("StatefulSet {}/{}: created pod {} (revision {})", namespace, setName, created.getMetadata().getName(),
                        revision);
                byOrdinal.put(ordinal, created);
                if (!parallel) {
                    break;
                }
            }
        }
        // Scale down: highest ordinal first; OrderedReady one at a time.
        List<Integer> surplus = byOrdinal.keySet().stream().filter(o -> o >= replicas).sorted(Comparator.reverseOrder()).toList();
        for (int ordinal : surplus) {
            Pod pod = byOrdinal.get(ordinal);
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                LOG.info("StatefulSet {}/{}: scaling down, deleting pod {}", namespace, setName, pod.getMetadata().getName());
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
                deleteClaimsOnScaleDown(set, ordinal);
            }
            if (!parallel) {
                break;
            }
        }
        // RollingUpdate: replace one outdated pod at a time, highest ordinal first, when all others are Ready.
        String strategy = set.getSpec().getUpdateStrategy() == null || set.getSpec().getUpdateStrategy().getType() == null
                ? "RollingUpdate" : set.getSpec().getUpdateStrategy().getType();
        if ("RollingUpdate".equals(strategy) && surplus.isEmpty()) {
            int partition = Optional.ofNullable(set.getSpec().getUpdateStrategy())
                    .map(s -> s.getRollingUpdate()).map(r -> r.getPartition()).orElse(0);
            boolean settled = byOrdinal.size() == replicas && byOrdinal.values().stream()
                    .allMatch(p -> p.getMetadata().getDeletionTimestamp() == null && isReady(p));
            if (settled) {
                byOrdinal.entrySet().stream()
                        .filter(e -> e.getKey() >= partition && e.getKey() < replicas)
                        .filter(e -> !revision.equals(labels(e.getValue()).get("controller-revision-hash")))
                        .max(Map.Entry.comparingByKey())
                        .ifPresent(e -> {
                            LOG.info("StatefulSet {}/{}: rolling update, deleting outdated pod {}", namespace, setName,
                                    e.getValue().getMetadata().getName());
                            client.pods().inNamespace(namespace).withName(e.getValue().getMetadata().getName()).delete();
                        });
            }
        }
        writeStatefulSetStatus(set, byOrdinal, replicas, revision);
    }

    private static boolean allReadyBelow(Map<Integer, Pod> byOrdinal, int ordinal) {
        for (int i = 0; i < ordinal; i++) {
            Pod pod = byOrdinal.get(i);
            if (pod == null || !isReady(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                return false;
            }
        }
        return true;
    }

    private Pod podFor(StatefulSet set, int ordinal, String revision) {
        String namespace = set.getMetadata().getNamespace();
        String name = set.getMetadata().getName() + "-" + ordinal;
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        var template = Serialization.clone(set.getSpec().getTemplate());
        pod.setMetadata(template.getMetadata() == null ? new io.fabric8.kubernetes.api.model.ObjectMeta() : template.getMetadata());
        pod.getMetadata().setName(name);
        pod.getMetadata().setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>(labels(pod));
        labels.put("statefulset.kubernetes.io/pod-name", name);
        labels.put("apps.kubernetes.io/pod-index", String.valueOf(ordinal));
        labels.put("controller-revision-hash", revision);
        pod.getMetadata().setLabels(labels);
        pod.getMetadata().setOwnerReferences(List.of(controllerRef(set)));
        pod.setSpec(template.getSpec());
        pod.getSpec().setHostname(name);
        pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        pod.getSpec().setNodeName(NODE_NAME);
        List<Volume> volumes = new ArrayList<>(pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes());
        for (PersistentVolumeClaim template2 : claimTemplates(set)) {
            String volumeName = template2.getMetadata().getName();
            volumes.removeIf(v -> v.getName().equals(volumeName));
            volumes.add(new VolumeBuilder().withName(volumeName).withNewPersistentVolumeClaim()
                    .withClaimName(volumeName + "-" + name).endPersistentVolumeClaim().build());
        }
        pod.getSpec().setVolumes(volumes);
        return pod;
    }

    private static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        return set.getSpec().getVolumeClaimTemplates() == null ? List.of() : set.getSpec().getVolumeClaimTemplates();
    }

    private void ensureClaims(StatefulSet set, int ordinal, Snapshot snapshot) {
        String namespace = set.getMetadata().getNamespace();
        String podName = set.getMetadata().getName() + "-" + ordinal;
        boolean deleteWithSet = set.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
                && "Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            String claimName = template.getMetadata().getName() + "-" + podName;
            boolean exists = snapshot.claims().stream().anyMatch(c -> namespace.equals(c.getMetadata().getNamespace())
                    && claimName.equals(c.getMetadata().getName()) && c.getMetadata().getDeletionTimestamp() == null);
            if (exists) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(labels(template));
            if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
            }
            Map<String, Quantity> requests = template.getSpec().getResources() == null ? Map.of()
                    : Optional.ofNullable(template.getSpec().getResources().getRequests()).orElse(Map.of());
            PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claimName).withNamespace(namespace).withLabels(labels)
                    .withAnnotations(template.getMetadata().getAnnotations())
                    .withOwnerReferences(deleteWithSet ? List.of(controllerRef(set)) : List.of())
                    .endMetadata()
                    .withSpec(Serialization.clone(template.getSpec()))
                    .withNewStatus().withPhase("Bound").withAccessModes(template.getSpec().getAccessModes())
                    .withCapacity(requests).endStatus()
                    .build();
            client.persistentVolumeClaims().inNamespace(namespace).resource(claim).create();
            LOG.info("StatefulSet {}/{}: created PVC {}", namespace, set.getMetadata().getName(), claimName);
        }
    }

    private void deleteClaimsOnScaleDown(StatefulSet set, int ordinal) {
        if (set.getSpec().getPersistentVolumeClaimRetentionPolicy() == null
                || !"Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())) {
            return;
        }
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            String claimName = template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
            client.persistentVolumeClaims().inNamespace(set.getMetadata().getNamespace()).withName(claimName).delete();
        }
    }

    private void writeStatefulSetStatus(StatefulSet set, Map<Integer, Pod> byOrdinal, int replicas, String revision) {
        List<Pod> live = byOrdinal.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        int ready = (int) live.stream().filter(SimulatedNodeAgent::isReady).count();
        int updated = (int) live.stream().filter(p -> revision.equals(labels(p).get("controller-revision-hash"))).count();
        String current = set.getStatus() != null && set.getStatus().getCurrentRevision() != null
                ? set.getStatus().getCurrentRevision() : revision;
        if (updated == live.size() && live.size() == replicas) {
            current = revision;
        }
        StatefulSetStatus status = new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(live.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withCurrentReplicas(current.equals(revision) ? updated : live.size() - updated)
                .withUpdatedReplicas(updated)
                .withCurrentRevision(current)
                .withUpdateRevision(revision)
                .withCollisionCount(0)
                .build();
        if (!Objects.equals(Serialization.asJson(status), set.getStatus() == null ? null : Serialization.asJson(set.getStatus()))) {
            client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace()).withName(set.getMetadata().getName())
                    .editStatus(s -> {
                        s.setStatus(status);
                        return s;
                    });
        }
    }

    /** The revision of the pod template, as the {@code controller-revision-hash} label of the pods made from it. */
    static String revision(StatefulSet set) {
        JsonNode template = Serialization.jsonMapper().valueToTree(set.getSpec().getTemplate());
        return set.getMetadata().getName() + "-" + sha256(canonical(template)).substring(0, 10);
    }

    // ---------------------------------------------------------------- kubelet

    private void reconcilePod(Pod pod, Snapshot snapshot) {
        String uid = pod.getMetadata().getUid();
        PodRuntime runtime = runtimes.get(uid);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (runtime == null) {
                finishTermination(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
            } else if (!runtime.terminating) {
                runtime.terminating = true;
                long grace = Optional.ofNullable(pod.getMetadata().getDeletionGracePeriodSeconds()).orElse(30L);
                LOG.info("Pod {}: terminating (grace period {} s)", runtime.key(), grace);
                submit(runtime, () -> stopContainer(runtime, grace, true));
            }
            return;
        }
        if (runtime == null) {
            if (pod.getSpec().getNodeName() != null && !NODE_NAME.equals(pod.getSpec().getNodeName())) {
                return;
            }
            String container = ("k8s-" + clusterId + "-" + pod.getMetadata().getNamespace() + "-" + pod.getMetadata().getName()
                    + "-" + uid.substring(Math.max(0, uid.length() - 8))).replaceAll("[^a-zA-Z0-9_.-]", "-");
            Set<String> inUse = runtimes.values().stream().map(r -> r.podIp).collect(Collectors.toSet());
            PodRuntime created = new PodRuntime(pod, container, podIps.allocate(inUse));
            runtimes.put(uid, created);
            submit(created, () -> startOrRetry(created));
            return;
        }
        runtime.pod = pod;
        if (runtime.created && !runtime.terminating) {
            syncConfigVolumes(runtime, snapshot);
        }
    }

    private void submit(PodRuntime runtime, Runnable action) {
        if (closed.get()) {
            return;
        }
        workers.submit(() -> {
            while (!runtime.busy.compareAndSet(false, true)) {
                sleep(50);
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Pod {}: {}", runtime.key(), e.getMessage());
                runtime.waitingReason = "RunContainerError";
                runtime.waitingMessage = e.getMessage();
            } finally {
                runtime.busy.set(false);
            }
        });
    }

    private void startOrRetry(PodRuntime runtime) {
        try {
            startContainer(runtime);
        } catch (RuntimeException e) {
            runtime.waitingReason = "RunContainerError";
            runtime.waitingMessage = e.getMessage();
            LOG.warn("Pod {}: cannot start: {}", runtime.key(), e.getMessage());
            runtime.created = false;
            scheduleRetry(runtime);
        }
    }

    private void startContainer(PodRuntime runtime) {
        if (runtime.terminating) {
            return;
        }
        Pod pod = runtime.pod;
        Container main = runtime.main();
        if (!Docker.imageExists(main.getImage())) {
            runtime.waitingReason = "ErrImageNeverPull";
            runtime.waitingMessage = "image " + main.getImage() + " is not in the local Docker image store"
                    + " (the simulated cluster never pulls; build or load it first)";
            LOG.warn("Pod {}: {}", runtime.key(), runtime.waitingMessage);
            scheduleRetry(runtime);
            return;
        }
        Snapshot snapshot = lastSnapshot != null ? lastSnapshot : read();
        List<String> mounts;
        Map<String, String> env;
        try {
            mounts = prepareVolumes(runtime, pod, main, snapshot);
            env = PodEnvironment.resolve(pod, main, null, nodeIp, (ns, n) -> configMap(ns, n), (ns, n) -> secret(ns, n));
        } catch (PodEnvironment.ConfigError | IllegalStateException e) {
            runtime.waitingReason = "CreateContainerConfigError";
            runtime.waitingMessage = e.getMessage();
            LOG.warn("Pod {}: {}", runtime.key(), e.getMessage());
            scheduleRetry(runtime);
            return;
        }
        Set<String> aliases = aliases(pod, snapshot.services());
        Docker.run("rm", "-f", runtime.container);
        // Init containers run to completion, in order, with the same volumes, network and pod IP.
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        for (int i = 0; i < inits.size(); i++) {
            Container init = inits.get(i);
            Map<String, String> initEnv = PodEnvironment.resolve(pod, init, null, nodeIp, (ns, n) -> configMap(ns, n), (ns, n) -> secret(ns, n));
            List<String> initMounts = prepareVolumes(runtime, pod, init, snapshot);
            List<String> args = createArgs(runtime, pod, init, initEnv, initMounts, Set.of(), runtime.container + "-init-" + i);
            args.set(0, "run");
            args.add(1, "--rm");
            ExecResult result = Docker.run(args, null, Duration.ofMinutes(5));
            if (result.exitCode() != 0) {
                runtime.waitingReason = "Init:Error";
                runtime.waitingMessage = "init container " + init.getName() + " exited with " + result.exitCode() + ": "
                        + tail(result.stderr() + result.stdout());
                scheduleRetry(runtime);
                return;
            }
        }
        Docker.ok(createArgs(runtime, pod, main, env, mounts, aliases, runtime.container));
        runtime.aliases = aliases;
        runtime.created = true;
        Docker.ok("start", runtime.container);
        onContainerStarted(runtime);
        LOG.info("Pod {}: container {} running at {} ({})", runtime.key(), runtime.container, runtime.ip, main.getImage());
    }

    private void scheduleRetry(PodRuntime runtime) {
        runtime.restartNotBefore = Instant.now().plusSeconds(5);
        probes.schedule(() -> {
            if (!runtime.terminating && !runtime.created) {
                submit(runtime, () -> startOrRetry(runtime));
            }
        }, 5, TimeUnit.SECONDS);
    }

    private void onContainerStarted(PodRuntime runtime) {
        runtime.ip = containerIp(runtime.container);
        runtime.running = true;
        runtime.runningSince = Instant.now();
        runtime.waitingReason = null;
        runtime.waitingMessage = null;
        runtime.readiness.reset();
        runtime.liveness.reset();
        runtime.startup.reset();
        runtime.started = runtime.main().getStartupProbe() == null;
        setReady(runtime, runtime.main().getReadinessProbe() == null && runtime.started);
    }

    private List<String> createArgs(PodRuntime runtime, Pod pod, Container container, Map<String, String> env,
            List<String> mounts, Set<String> aliases, String name) {
        List<String> args = new ArrayList<>(List.of("create", "--name", name,
                "--label", LABEL_CLUSTER + "=" + clusterId,
                "--label", LABEL_POD + "=" + runtime.key(),
                "--network", network,
                "--ip", runtime.podIp,
                "--hostname", pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : pod.getMetadata().getName()));
        for (String alias : aliases) {
            args.add("--network-alias");
            args.add(alias);
        }
        env.forEach((k, v) -> {
            args.add("--env");
            args.add(k + "=" + v);
        });
        args.addAll(mounts);
        Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
        if (limits != null && limits.get("memory") != null) {
            args.add("--memory");
            args.add(Quantity.getAmountInBytes(limits.get("memory")).toBigInteger().toString());
        }
        if (limits != null && limits.get("cpu") != null) {
            args.add("--cpus");
            args.add(limits.get("cpu").getNumericalAmount().toPlainString());
        }
        PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
        SecurityContext security = container.getSecurityContext();
        Long user = security != null && security.getRunAsUser() != null ? security.getRunAsUser()
                : podSecurity != null ? podSecurity.getRunAsUser() : null;
        Long group = security != null && security.getRunAsGroup() != null ? security.getRunAsGroup()
                : podSecurity != null ? podSecurity.getRunAsGroup() : null;
        if (user != null) {
            args.add("--user");
            args.add(user + (group != null ? ":" + group : ""));
        }
        if (podSecurity != null && podSecurity.getFsGroup() != null) {
            args.add("--group-add");
            args.add(String.valueOf(podSecurity.getFsGroup()));
        }
        if (security != null) {
            if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                args.add("--read-only");
            }
            if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                args.add("--security-opt");
                args.add("no-new-privileges");
            }
            if (security.getCapabilities() != null) {
                Optional.ofNullable(security.getCapabilities().getDrop()).orElse(List.of())
                        .forEach(c -> args.addAll(List.of("--cap-drop", c)));
                Optional.ofNullable(security.getCapabilities().getAdd()).orElse(List.of())
                        .forEach(c -> args.addAll(List.of("--cap-add", c)));
            }
        }
        if (container.getWorkingDir() != null) {
            args.add("--workdir");
            args.add(container.getWorkingDir());
        }
        List<String> command = PodEnvironment.expandAll(container.getCommand(), env);
        List<String> containerArgs = PodEnvironment.expandAll(container.getArgs(), env);
        if (!command.isEmpty()) {
            args.add("--entrypoint");
            args.add(command.get(0));
        }
        args.add(container.getImage());
        if (!command.isEmpty()) {
            args.addAll(command.subList(1, command.size()));
        }
        args.addAll(containerArgs);
        return args;
    }

    /** Docker mount arguments for the container's volume mounts; writes ConfigMap/Secret files, creates volumes. */
    private List<String> prepareVolumes(PodRuntime runtime, Pod pod, Container container, Snapshot snapshot) {
        List<String> args = new ArrayList<>();
        Map<String, Volume> volumes = new HashMap<>();
        Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).forEach(v -> volumes.put(v.getName(), v));
        for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null) {
                throw new IllegalStateException("volume mount " + mount.getName() + " names no volume of the pod");
            }
            boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
            String source;
            String type = "bind";
            if (isFileVolume(volume)) {
                Path dir = writeConfigVolume(runtime, volume, pod.getMetadata().getNamespace());
                source = dir.toString();
                readOnly = true;
            } else if (volume.getEmptyDir() != null) {
                if ("Memory".equals(volume.getEmptyDir().getMedium())) {
                    args.addAll(List.of("--tmpfs", mount.getMountPath() + ":mode=1777"));
                    continue;
                }
                Path dir = podDir(runtime).resolve("empty-dirs").resolve(volume.getName());
                createWorldWritable(dir);
                source = dir.toString();
            } else if (volume.getPersistentVolumeClaim() != null) {
                String claimName = volume.getPersistentVolumeClaim().getClaimName();
                String namespace = pod.getMetadata().getNamespace();
                PersistentVolumeClaim claim = snapshot.claims().stream().filter(c -> namespace.equals(c.getMetadata().getNamespace())
                        && claimName.equals(c.getMetadata().getName())).findFirst()
                        .orElseGet(() -> client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get());
                if (claim == null) {
                    throw new IllegalStateException("persistentvolumeclaim \"" + claimName + "\" not found");
                }
                source = dockerVolumeFor(namespace, claimName, pod, container);
                type = "volume";
            } else {
                throw new IllegalStateException("volume " + volume.getName() + ": only configMap, secret, downwardAPI,"
                        + " projected, emptyDir and persistentVolumeClaim volumes are supported by the simulated node agent");
            }
            String target = mount.getMountPath();
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                if (!"bind".equals(type)) {
                    throw new IllegalStateException("subPath on a persistentVolumeClaim is not supported by the simulated node agent");
                }
                source = Path.of(source).resolve(mount.getSubPath()).toString();
            }
            args.add("--mount");
            args.add("type=" + type + ",source=" + source + ",target=" + target + (readOnly ? ",readonly" : ""));
        }
        return args;
    }

    private String dockerVolumeFor(String namespace, String claimName, Pod pod, Container container) {
        String claimKey = namespace + "/" + claimName;
        String volume = volumesByClaim.get(claimKey);
        if (volume != null) {
            return volume;
        }
        volume = ("krafter-e2e-" + clusterId + "-" + namespace + "-" + claimName).replaceAll("[^a-zA-Z0-9_.-]", "-");
        if (Docker.run("volume", "inspect", volume).exitCode() != 0) {
            Docker.ok("volume", "create", "--label", LABEL_CLUSTER + "=" + clusterId, "--label", "dev.krafter.e2e.pvc=" + claimKey,
                    volume);
            PodSecurityContext security = pod.getSpec().getSecurityContext();
            if (security != null && security.getFsGroup() != null) {
                // The kubelet makes a volume group-owned by fsGroup; the mount point keeps the image's owner otherwise.
                String mountPath = container.getVolumeMounts().stream()
                        .filter(m -> pod.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName())
                                && v.getPersistentVolumeClaim() != null && claimName.equals(v.getPersistentVolumeClaim().getClaimName())))
                        .map(VolumeMount::getMountPath).findFirst().orElse("/data");
                Docker.run("run", "--rm", "--label", LABEL_CLUSTER + "=" + clusterId, "--user", "0", "--network", "none",
                        "--mount", "type=volume,source=" + volume + ",target=" + mountPath, "--entrypoint", "sh",
                        container.getImage(), "-c", "chgrp -R " + security.getFsGroup() + " " + mountPath + " && chmod -R g+rwX "
                                + mountPath + " && chmod g+s " + mountPath);
            }
            LOG.info("PVC {}: bound to Docker volume {}", claimKey, volume);
        }
        volumesByClaim.put(claimKey, volume);
        return volume;
    }

    private Path writeConfigVolume(PodRuntime runtime, Volume volume, String namespace) {
        Path dir = podDir(runtime).resolve("config").resolve(volume.getName());
        Map<String, byte[]> files = configFiles(volume, namespace, runtime.pod);
        Integer mode = volume.getConfigMap() != null ? volume.getConfigMap().getDefaultMode()
                : volume.getSecret() != null ? volume.getSecret().getDefaultMode()
                : volume.getDownwardAPI() != null ? volume.getDownwardAPI().getDefaultMode()
                : volume.getProjected().getDefaultMode();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
                    Files.write(temp, file.getValue());
                    Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                // Readable by the container's (non-root) user; Kubernetes' default mode is 0644.
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(modeString(mode == null ? 0644 : mode)));
            }
            try (var existing = Files.list(dir)) {
                for (Path path : existing.toList()) {
                    if (Files.isRegularFile(path) && !files.containsKey(path.getFileName().toString())) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static boolean isFileVolume(Volume volume) {
        return volume.getConfigMap() != null || volume.getSecret() != null || volume.getDownwardAPI() != null
                || volume.getProjected() != null;
    }

    /** The files of a ConfigMap, Secret, downward API or projected volume: path → content. */
    private Map<String, byte[]> configFiles(Volume volume, String namespace, Pod pod) {
        if (volume.getConfigMap() != null) {
            return configMapFiles(namespace, volume.getConfigMap().getName(), volume.getConfigMap().getItems(),
                    Boolean.TRUE.equals(volume.getConfigMap().getOptional()), volume.getName());
        }
        if (volume.getSecret() != null) {
            return secretFiles(namespace, volume.getSecret().getSecretName(), volume.getSecret().getItems(),
                    Boolean.TRUE.equals(volume.getSecret().getOptional()), volume.getName());
        }
        if (volume.getDownwardAPI() != null) {
            return downwardApiFiles(pod, volume.getDownwardAPI().getItems());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (var source : Optional.ofNullable(volume.getProjected().getSources()).orElse(List.of())) {
            if (source.getConfigMap() != null) {
                files.putAll(configMapFiles(namespace, source.getConfigMap().getName(), source.getConfigMap().getItems(),
                        Boolean.TRUE.equals(source.getConfigMap().getOptional()), volume.getName()));
            } else if (source.getSecret() != null) {
                files.putAll(secretFiles(namespace, source.getSecret().getName(), source.getSecret().getItems(),
                        Boolean.TRUE.equals(source.getSecret().getOptional()), volume.getName()));
            } else if (source.getDownwardAPI() != null) {
                files.putAll(downwardApiFiles(pod, source.getDownwardAPI().getItems()));
            } else {
                throw new IllegalStateException("volume " + volume.getName() + ": projected sources other than configMap,"
                        + " secret and downwardAPI are not supported by the simulated node agent");
            }
        }
        return files;
    }

    private Map<String, byte[]> configMapFiles(String namespace, String name, List<KeyToPath> items, boolean optional,
            String volumeName) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        ConfigMap map = configMap(namespace, name);
        if (map == null) {
            if (optional) {
                return data;
            }
            throw new IllegalStateException("configmap \"" + name + "\" not found");
        }
        Optional.ofNullable(map.getData()).orElse(Map.of()).forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        Optional.ofNullable(map.getBinaryData()).orElse(Map.of()).forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        return selectItems(data, items, volumeName);
    }

    private Map<String, byte[]> secretFiles(String namespace, String name, List<KeyToPath> items, boolean optional,
            String volumeName) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        Secret secret = secret(namespace, name);
        if (secret == null) {
            if (optional) {
                return data;
            }
            throw new IllegalStateException("secret \"" + name + "\" not found");
        }
        PodEnvironment.secretData(secret).forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return selectItems(data, items, volumeName);
    }

    private static Map<String, byte[]> downwardApiFiles(Pod pod, List<io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile> items) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (var item : Optional.ofNullable(items).orElse(List.of())) {
            String content;
            if (item.getFieldRef() != null && "metadata.labels".equals(item.getFieldRef().getFieldPath())) {
                content = keyValueLines(pod.getMetadata().getLabels());
            } else if (item.getFieldRef() != null && "metadata.annotations".equals(item.getFieldRef().getFieldPath())) {
                content = keyValueLines(pod.getMetadata().getAnnotations());
            } else {
                var env = new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName(item.getPath()).withNewValueFrom()
                        .withFieldRef(item.getFieldRef()).withResourceFieldRef(item.getResourceFieldRef()).endValueFrom().build();
                Container probe = new io.fabric8.kubernetes.api.model.ContainerBuilder(pod.getSpec().getContainers().get(0))
                        .withEnv(env).withEnvFrom().build();
                content = PodEnvironment.resolve(pod, probe, null, null, (ns, n) -> null, (ns, n) -> null).getOrDefault(item.getPath(), "");
            }
            files.put(item.getPath(), content.getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static String keyValueLines(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(Optional.ofNullable(values).orElse(Map.of()))
                .forEach((k, v) -> out.append(k).append("=\"").append(v).append("\"\n"));
        return out.toString();
    }

    private static Map<String, byte[]> selectItems(Map<String, byte[]> data, List<KeyToPath> items, String volumeName) {
        if (items == null || items.isEmpty()) {
            return data;
        }
        Map<String, byte[]> selected = new LinkedHashMap<>();
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new IllegalStateException("key " + item.getKey() + " not found for volume " + volumeName);
            }
            selected.put(item.getPath(), value);
        }
        return selected;
    }

    private void syncConfigVolumes(PodRuntime runtime, Snapshot snapshot) {
        for (Volume volume : Optional.ofNullable(runtime.pod.getSpec().getVolumes()).orElse(List.of())) {
            if (isFileVolume(volume)) {
                try {
                    writeConfigVolume(runtime, volume, runtime.namespace);
                } catch (RuntimeException e) {
                    LOG.debug("Pod {}: volume {} not updated: {}", runtime.key(), volume.getName(), e.getMessage());
                }
            }
        }
    }

    private ConfigMap configMap(String namespace, String name) {
        Snapshot snapshot = lastSnapshot;
        ConfigMap map = snapshot == null ? null : snapshot.configMaps().get(namespace + "/" + name);
        return map != null ? map : client.configMaps().inNamespace(namespace).withName(name).get();
    }

    private Secret secret(String namespace, String name) {
        Snapshot snapshot = lastSnapshot;
        Secret secret = snapshot == null ? null : snapshot.secrets().get(namespace + "/" + name);
        return secret != null ? secret : client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** SIGTERM, up to {@code graceSeconds}, then SIGKILL; removes the container and, when asked, the Pod object. */
    private void stopContainer(PodRuntime runtime, long graceSeconds, boolean removePodObject) {
        if (runtime.created) {
            Docker.run(List.of("stop", "-t", String.valueOf(graceSeconds), runtime.container), null,
                    Duration.ofSeconds(graceSeconds + 60));
            Docker.run("rm", "-f", runtime.container);
        }
        runtime.running = false;
        runtime.ready = false;
        runtimes.remove(runtime.uid);
        deleteRecursively(podDir(runtime));
        if (removePodObject) {
            finishTermination(runtime.namespace, runtime.name, runtime.uid);
        }
        LOG.info("Pod {}: container stopped and removed", runtime.key());
    }

    /** Removes the agent's finalizer from a terminating pod, which lets the API server delete it. */
    private void finishTermination(String namespace, String name, String uid) {
        try {
            client.pods().inNamespace(namespace).withName(name).edit(p -> {
                if (p.getMetadata().getUid().equals(uid) && p.getMetadata().getFinalizers() != null) {
                    p.getMetadata().getFinalizers().remove(ValidatingCrudDispatcher.TERMINATING_FINALIZER);
                }
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Finds exited containers and restarts them with back-off, as restartPolicy Always/OnFailure asks. */
    private void checkContainers() {
        List<PodRuntime> running = runtimes.values().stream()
                .filter(r -> r.created && !r.terminating && !r.busy.get()).toList();
        if (running.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("inspect", "--format",
                "{{.Name}} {{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}"));
        running.forEach(r -> args.add(r.container));
        Map<String, String[]> states = new HashMap<>();
        for (String line : lines(Docker.run(args).stdout())) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 4) {
                states.put(parts[0].replaceFirst("^/", ""), parts);
            }
        }
        for (PodRuntime runtime : running) {
            String[] state = states.get(runtime.container);
            if (state == null || "true".equals(state[1])) {
                continue;
            }
            if (runtime.running) {
                runtime.running = false;
                setReady(runtime, false);
                runtime.lastExitCode = Integer.parseInt(state[2]);
                runtime.lastTerminationReason = "true".equals(state[3]) ? "OOMKilled" : runtime.lastExitCode == 0 ? "Completed" : "Error";
                runtime.lastFinishedAt = Instant.now();
                String policy = Optional.ofNullable(runtime.pod.getSpec().getRestartPolicy()).orElse("Always");
                boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && runtime.lastExitCode != 0);
                long backoff = Math.min(30, (long) Math.pow(2, Math.min(runtime.restartCount, 5)));
                boolean healthyLongEnough = runtime.runningSince != null
                        && runtime.runningSince.isBefore(Instant.now().minusSeconds(60));
                runtime.restartNotBefore = Instant.now().plusSeconds(healthyLongEnough ? 0 : backoff);
                runtime.waitingReason = restart ? (healthyLongEnough ? "ContainerCreating" : "CrashLoopBackOff") : null;
                LOG.info("Pod {}: container exited with {} ({}){}", runtime.key(), runtime.lastExitCode,
                        runtime.lastTerminationReason, restart ? ", restarting" : "");
                if (!restart) {
                    continue;
                }
            }
            String policy = Optional.ofNullable(runtime.pod.getSpec().getRestartPolicy()).orElse("Always");
            boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && !Objects.equals(runtime.lastExitCode, 0));
            if (restart && !runtime.restartPending && Instant.now().isAfter(runtime.restartNotBefore)) {
                runtime.restartPending = true;
                submit(runtime, () -> {
                    runtime.restartPending = false;
                    if (runtime.terminating || runtime.running) {
                        return;
                    }
                    runtime.restartCount++;
                    Docker.ok("start", runtime.container);
                    onContainerStarted(runtime);
                    LOG.info("Pod {}: container restarted (restart {}) at {}", runtime.key(), runtime.restartCount, runtime.ip);
                });
            }
        }
    }

    // ---------------------------------------------------------------- probes

    private void probeAll() {
        if (closed.get()) {
            return;
        }
        Instant now = Instant.now();
        for (PodRuntime runtime : runtimes.values()) {
            if (!runtime.running || runtime.terminating || runtime.ip == null || runtime.ip.isEmpty()) {
                continue;
            }
            Container main = runtime.main();
            if (!runtime.started) {
                schedule(runtime, main.getStartupProbe(), runtime.startup, now, ok -> {
                    if (ok) {
                        runtime.started = true;
                        if (main.getReadinessProbe() == null) {
                            setReady(runtime, true);
                        }
                    } else {
                        kill(runtime, "startup probe failed");
                    }
                });
                continue;
            }
            schedule(runtime, main.getReadinessProbe(), runtime.readiness, now, ok -> setReady(runtime, ok));
            schedule(runtime, main.getLivenessProbe(), runtime.liveness, now, ok -> {
                if (!ok) {
                    kill(runtime, "liveness probe failed");
                }
            });
        }
    }

    private void schedule(PodRuntime runtime, Probe probe, ProbeState state, Instant now,
            java.util.function.Consumer<Boolean> onThreshold) {
        if (probe == null || state.inFlight) {
            return;
        }
        Instant firstDue = runtime.runningSince.plusSeconds(Optional.ofNullable(probe.getInitialDelaySeconds()).orElse(0));
        if (now.isBefore(firstDue) || now.isBefore(state.nextDue)) {
            return;
        }
        state.inFlight = true;
        state.nextDue = now.plusSeconds(Optional.ofNullable(probe.getPeriodSeconds()).orElse(10));
        probes.execute(() -> {
            try {
                boolean ok = runProbe(runtime, probe);
                if (!runtime.running || runtime.terminating) {
                    return;
                }
                if (ok) {
                    state.failures = 0;
                    state.successes++;
                    if (state.successes >= Optional.ofNullable(probe.getSuccessThreshold()).orElse(1)) {
                        onThreshold.accept(true);
                    }
                } else {
                    state.successes = 0;
                    state.failures++;
                    if (state.failures >= Optional.ofNullable(probe.getFailureThreshold()).orElse(3)) {
                        onThreshold.accept(false);
                    }
                }
            } finally {
                state.inFlight = false;
            }
        });
    }

    private boolean runProbe(PodRuntime runtime, Probe probe) {
        int timeoutSeconds = Optional.ofNullable(probe.getTimeoutSeconds()).orElse(1);
        try {
            if (probe.getHttpGet() != null) {
                int port = port(runtime.main(), probe.getHttpGet().getPort());
                String path = Optional.ofNullable(probe.getHttpGet().getPath()).orElse("/");
                String scheme = Optional.ofNullable(probe.getHttpGet().getScheme()).orElse("HTTP").toLowerCase();
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(scheme + "://" + runtime.ip + ":" + port + path))
                        .timeout(Duration.ofSeconds(timeoutSeconds)).GET().build(), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() >= 200 && response.statusCode() < 400;
            }
            if (probe.getTcpSocket() != null) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(runtime.ip, port(runtime.main(), probe.getTcpSocket().getPort())),
                            timeoutSeconds * 1000);
                    return true;
                }
            }
            if (probe.getExec() != null) {
                List<String> args = new ArrayList<>(List.of("exec", runtime.container));
                args.addAll(probe.getExec().getCommand());
                return Docker.run(args, null, Duration.ofSeconds(Math.max(timeoutSeconds, 5))).exitCode() == 0;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
                .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalStateException("probe port " + port.getStrVal() + " names no container port"));
    }

    private void kill(PodRuntime runtime, String why) {
        LOG.info("Pod {}: {}, restarting the container", runtime.key(), why);
        setReady(runtime, false);
        long grace = Optional.ofNullable(runtime.pod.getSpec().getTerminationGracePeriodSeconds()).orElse(30L);
        submit(runtime, () -> Docker.run(List.of("stop", "-t", String.valueOf(grace), runtime.container), null,
                Duration.ofSeconds(grace + 60)));
    }

    private static void setReady(PodRuntime runtime, boolean ready) {
        if (runtime.ready != ready) {
            runtime.ready = ready;
            runtime.readySince = Instant.now();
        }
    }

    // ---------------------------------------------------------------- status

    private void writePodStatuses(Snapshot snapshot) {
        for (Pod pod : snapshot.pods()) {
            PodRuntime runtime = runtimes.get(pod.getMetadata().getUid());
            if (runtime == null || pod.getMetadata().getDeletionTimestamp() != null && !runtime.running) {
                continue;
            }
            PodStatus status = statusOf(runtime, pod);
            String json = Serialization.asJson(status);
            if (json.equals(runtime.writtenStatus) && Objects.equals(json, Serialization.asJson(pod.getStatus()))) {
                continue;
            }
            try {
                client.pods().inNamespace(runtime.namespace).withName(runtime.name).editStatus(p -> {
                    p.setStatus(status);
                    return p;
                });
                runtime.writtenStatus = json;
            } catch (KubernetesClientException e) {
                LOG.debug("Pod {}: status not written: {}", runtime.key(), e.getMessage());
            }
        }
    }

    private PodStatus statusOf(PodRuntime runtime, Pod pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Container main = runtime.main();
        String since = runtime.readySince.truncatedTo(ChronoUnit.SECONDS).toString();
        String started = runtime.runningSince == null ? null : runtime.runningSince.truncatedTo(ChronoUnit.SECONDS).toString();
        String ready = runtime.ready ? "True" : "False";
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", "True", statusTime(pod, "PodScheduled", "True", now)),
                condition("Initialized", runtime.created ? "True" : "False", statusTime(pod, "Initialized", runtime.created ? "True" : "False", now)),
                condition("ContainersReady", ready, since),
                condition("Ready", ready, since));
        ContainerStatusBuilder container = new ContainerStatusBuilder()
                .withName(main.getName())
                .withImage(main.getImage())
                .withImageID("docker-local://" + main.getImage())
                .withContainerID(runtime.created ? "docker://" + runtime.container : null)
                .withReady(runtime.ready)
                .withStarted(runtime.running && runtime.started)
                .withRestartCount(runtime.restartCount);
        if (runtime.running) {
            container.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started).endRunning().build());
        } else {
            container.withState(new ContainerStateBuilder().withNewWaiting()
                    .withReason(Optional.ofNullable(runtime.waitingReason).orElse("ContainerCreating"))
                    .withMessage(runtime.waitingMessage).endWaiting().build());
        }
        if (runtime.lastExitCode != null) {
            container.withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(runtime.lastExitCode)
                    .withReason(runtime.lastTerminationReason)
                    .withFinishedAt(runtime.lastFinishedAt.truncatedTo(ChronoUnit.SECONDS).toString()).endTerminated().build());
        }
        List<ContainerStatus> others = new ArrayList<>();
        for (Container extra : pod.getSpec().getContainers().subList(1, pod.getSpec().getContainers().size())) {
            others.add(new ContainerStatusBuilder().withName(extra.getName()).withImage(extra.getImage()).withReady(false)
                    .withRestartCount(0).withState(new ContainerStateBuilder().withNewWaiting().withReason("NotSimulated")
                            .withMessage("the simulated node agent runs only the first container of a pod").endWaiting().build())
                    .build());
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        statuses.add(container.build());
        statuses.addAll(others);
        return new PodStatusBuilder()
                .withPhase(runtime.running || runtime.restartCount > 0 ? "Running" : "Pending")
                .withConditions(conditions)
                .withContainerStatuses(statuses)
                .withHostIP(nodeIp)
                .withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(nodeIp))
                .withPodIP(runtime.ip)
                .withPodIPs(runtime.ip == null || runtime.ip.isEmpty() ? List.of()
                        : List.of(new io.fabric8.kubernetes.api.model.PodIP(runtime.ip)))
                .withStartTime(statusTime(pod, "PodScheduled", "True", now))
                .withQosClass(main.getResources() != null && main.getResources().getLimits() != null
                        && !main.getResources().getLimits().isEmpty() ? "Burstable" : "BestEffort")
                .build();
    }

    private static String statusTime(Pod pod, String type, String value, String fallback) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return fallback;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(fallback);
    }

    private static PodCondition condition(String type, String status, String since) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
    }

    // ---------------------------------------------------------------- DNS

    /** Docker network aliases of a pod: its own stable name and the names of the Services selecting it. */
    static Set<String> aliases(Pod pod, List<Service> services) {
        String namespace = pod.getMetadata().getNamespace();
        Set<String> names = new TreeSet<>();
        if (pod.getSpec().getHostname() != null && pod.getSpec().getSubdomain() != null) {
            String base = pod.getSpec().getHostname() + "." + pod.getSpec().getSubdomain() + "." + namespace;
            names.add(base + ".svc");
            names.add(base + ".svc.cluster.local");
        }
        for (Service service : services) {
            if (namespace.equals(service.getMetadata().getNamespace()) && selects(service, pod)) {
                String base = service.getMetadata().getName() + "." + namespace;
                names.add(base);
                names.add(base + ".svc");
                names.add(base + ".svc.cluster.local");
            }
        }
        return names;
    }

    static boolean selects(Service service, Pod pod) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(pod);
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private void updateNetworking(Snapshot snapshot) {
        Map<String, Set<String>> hosts = new TreeMap<>();
        for (Pod pod : snapshot.pods()) {
            PodRuntime runtime = runtimes.get(pod.getMetadata().getUid());
            if (runtime == null || !runtime.created || runtime.terminating) {
                continue;
            }
            Set<String> aliases = aliases(pod, snapshot.services());
            if (!aliases.equals(runtime.aliases) && !runtime.busy.get()) {
                // A Service appeared or changed after the container started: reconnect with the new aliases, on the
                // same pod IP (Docker cannot change the aliases of a connected container).
                submit(runtime, () -> {
                    Docker.run("network", "disconnect", "-f", network, runtime.container);
                    List<String> args = new ArrayList<>(List.of("network", "connect", "--ip", runtime.podIp));
                    aliases.forEach(a -> args.addAll(List.of("--alias", a)));
                    args.addAll(List.of(network, runtime.container));
                    Docker.ok(args);
                    runtime.aliases = aliases;
                    LOG.info("Pod {}: network aliases now {}", runtime.key(), aliases);
                });
            }
            if (!runtime.running || runtime.ip == null || runtime.ip.isEmpty()) {
                continue;
            }
            if (pod.getSpec().getHostname() != null && pod.getSpec().getSubdomain() != null) {
                String base = pod.getSpec().getHostname() + "." + pod.getSpec().getSubdomain() + "." + pod.getMetadata().getNamespace();
                hosts.computeIfAbsent(base + ".svc", k -> new LinkedHashSet<>()).add(runtime.ip);
                hosts.computeIfAbsent(base + ".svc.cluster.local", k -> new LinkedHashSet<>()).add(runtime.ip);
            }
            for (Service service : snapshot.services()) {
                if (pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace()) && selects(service, pod)
                        && (runtime.ready || Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses()))) {
                    String base = service.getMetadata().getName() + "." + service.getMetadata().getNamespace();
                    for (String name : List.of(base, base + ".svc", base + ".svc.cluster.local")) {
                        hosts.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(runtime.ip);
                    }
                }
            }
        }
        if (hostsFile != null) {
            hostsFile.write(hosts);
        }
    }

    // ---------------------------------------------------------------- PVC release

    private void releaseVolumes(Snapshot snapshot) {
        Set<String> claims = snapshot.claims().stream().map(SimulatedNodeAgent::key).collect(Collectors.toSet());
        for (Map.Entry<String, String> entry : new ArrayList<>(volumesByClaim.entrySet())) {
            if (!claims.contains(entry.getKey())) {
                boolean inUse = runtimes.values().stream().anyMatch(r -> r.created && Optional.ofNullable(r.pod.getSpec().getVolumes())
                        .orElse(List.of()).stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                                && entry.getKey().equals(r.namespace + "/" + v.getPersistentVolumeClaim().getClaimName())));
                if (!inUse && Docker.run("volume", "rm", entry.getValue()).exitCode() == 0) {
                    volumesByClaim.remove(entry.getKey());
                    LOG.info("PVC {} deleted: Docker volume {} removed", entry.getKey(), entry.getValue());
                }
            }
        }
    }

    // ---------------------------------------------------------------- garbage collector

    private static final List<Class<? extends HasMetadata>> DEPENDENT_KINDS = List.of(ConfigMap.class, Secret.class,
            Service.class, ServiceAccount.class, StatefulSet.class, Deployment.class, Pod.class, PersistentVolumeClaim.class,
            PodDisruptionBudget.class, Topic.class, ConsumerGroup.class);
    private static final List<Class<? extends HasMetadata>> OWNER_ONLY_KINDS = List.of(KafkaCluster.class);

    /** Deletes objects whose ownerReferences all point at objects that no longer exist. */
    private void collectGarbage() {
        // Dependents first, owners second: an owner created before its dependent is then always seen.
        List<HasMetadata> dependents = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : DEPENDENT_KINDS) {
            for (HasMetadata item : client.resources(kind).inAnyNamespace().list().getItems()) {
                if (item.getMetadata().getOwnerReferences() != null && !item.getMetadata().getOwnerReferences().isEmpty()
                        && item.getMetadata().getDeletionTimestamp() == null) {
                    dependents.add(item);
                }
            }
        }
        if (dependents.isEmpty()) {
            return;
        }
        Set<String> uids = new java.util.HashSet<>();
        List<Class<? extends HasMetadata>> all = new ArrayList<>(DEPENDENT_KINDS);
        all.addAll(OWNER_ONLY_KINDS);
        for (Class<? extends HasMetadata> kind : all) {
            client.resources(kind).inAnyNamespace().list().getItems().forEach(i -> uids.add(i.getMetadata().getUid()));
        }
        for (HasMetadata dependent : dependents) {
            boolean orphaned = dependent.getMetadata().getOwnerReferences().stream().noneMatch(o -> uids.contains(o.getUid()));
            if (orphaned) {
                OwnerReference owner = dependent.getMetadata().getOwnerReferences().get(0);
                LOG.info("Garbage collector: deleting {} {} (owner {} {} is gone)", dependent.getKind(), key(dependent),
                        owner.getKind(), owner.getName());
                client.resource(dependent).inNamespace(dependent.getMetadata().getNamespace()).delete();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static OwnerReference controllerRef(StatefulSet set) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static boolean isOwnedBy(Pod pod, StatefulSet set) {
        return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> set.getMetadata().getUid().equals(o.getUid()));
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Map<String, String> labels(HasMetadata object) {
        return object.getMetadata() == null || object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }

    private static String key(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private Path podDir(PodRuntime runtime) {
        return workDir.resolve(runtime.namespace).resolve(runtime.name + "-" + runtime.uid);
    }

    private static void createWorldWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String modeString(int mode) {
        StringBuilder out = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            out.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return out.toString();
    }

    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return sorted.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n)));
            return "[" + String.join(",", items) + "]";
        }
        return node.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static String tail(String text) {
        String trimmed = text.trim();
        return trimmed.length() <= 400 ? trimmed : "..." + trimmed.substring(trimmed.length() - 400);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: files written by containers as another user may stay behind in /tmp
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
