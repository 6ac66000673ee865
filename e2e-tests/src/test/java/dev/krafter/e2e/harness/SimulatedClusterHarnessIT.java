package dev.krafter.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.e2e.cluster.Docker;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.simulated.SimulatedNodeAgent;
import dev.krafter.e2e.simulated.SimulatedTestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.e2e.support.TinyHttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The simulated cluster itself, with a tiny HTTP workload ({@link TinyHttpServer}) in the JRE base image: the node
 * agent behaves like the parts of Kubernetes the operator relies on, and NodePort and LoadBalancer Services reach pods
 * from the test JVM. One simulated cluster for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedClusterHarnessIT {
    private static final String NS = "harness";
    private static final String CLASS_PATH = TinyHttpServer.class.getName().replace('.', '/') + ".class";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static SimulatedTestCluster cluster;
    private static KubernetesClient client;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws IOException {
        E2eEnvironment.assumeDocker();
        E2eEnvironment.assumeBaseImage();
        E2eEnvironment.assumeHostsFile();
        cluster = SimulatedTestCluster.start();
        client = cluster.client();
        client.configMaps().inNamespace(NS).resource(workloadConfig("hello v1")).create();
        // Headless Service for stable pod names, and a selecting Service for the "bootstrap"-style name.
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(Map.of("app", "web"))
                .addNewPort().withName("http").withPort(8080).endPort().endSpec().build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web-front").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web"))
                .addNewPort().withName("http").withPort(8080).endPort().endSpec().build()).create();
        client.apps().statefulSets().inNamespace(NS).resource(statefulSet("web", 3, "OnDelete", "v1")).create();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void statefulSetBecomesReadyPodsWithStableNamesReachableByDns() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readyPods("web")).containsExactly("web-0", "web-1", "web-2"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                client.apps().statefulSets().inNamespace(NS).withName("web").get().getStatus().getReadyReplicas()).isEqualTo(3));
        StatefulSet set = client.apps().statefulSets().inNamespace(NS).withName("web").get();
        Pod pod = client.pods().inNamespace(NS).withName("web-1").get();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getStatus().getPodIP()).isNotBlank();
        assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(set.getMetadata().getUid()));

        // From the test JVM, by the pod's stable DNS name; env from fieldRefs; a mounted ConfigMap key.
        assertThat(get("http://web-1.web." + NS + ".svc:8080/whoami")).isEqualTo("web-1 " + NS);
        assertThat(get("http://web-2.web." + NS + ".svc.cluster.local:8080/file?path=/etc/web/message"))
                .isEqualTo("hello v1");
        assertThat(get("http://web-2.web." + NS + ".svc:8080/file?path=/etc/podinfo/name")).isEqualTo("web-2");
        assertThat(get("http://web-2.web." + NS + ".svc:8080/file?path=/etc/podinfo/labels")).contains("app=\"web\"\n");
        // A Service name resolves to every Ready pod it selects.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(InetAddress.getAllByName("web-front." + NS + ".svc")).hasSize(3));
        // Inside a pod, other pods and Services resolve through the Docker network's DNS.
        ExecResult lookup = cluster.exec(NS, "web-0", "getent", "hosts", "web-2.web." + NS + ".svc");
        assertThat(lookup.stdoutOrThrow()).contains(client.pods().inNamespace(NS).withName("web-2").get().getStatus().getPodIP());
        // Memory limit and user from the pod spec.
        ExecResult limit = cluster.exec(NS, "web-0", "sh", "-c",
                "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes");
        assertThat(limit.stdoutOrThrow().trim()).isEqualTo(String.valueOf(192L * 1024 * 1024));
        assertThat(cluster.exec(NS, "web-0", "id", "-u").stdoutOrThrow().trim()).isEqualTo("1001");
    }

    @Test
    @Order(2)
    void deletedPodTerminatesGracefullyAndIsRecreatedWithItsVolume() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readyPods("web")).hasSize(3));
        Pod before = client.pods().inNamespace(NS).withName("web-1").get();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NS).withName("data-web-1").get();
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(get("http://web-1.web." + NS + ".svc:8080/starts")).containsOnlyOnce("start web-1");

        cluster.deletePod(NS, "web-1");
        // Terminating first (still present, with a deletionTimestamp), then gone, then recreated under a new uid.
        Pod terminating = client.pods().inNamespace(NS).withName("web-1").get();
        assertThat(terminating.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        await().atMost(PATIENCE).untilAsserted(() -> {
            Pod now = client.pods().inNamespace(NS).withName("web-1").get();
            assertThat(now).isNotNull();
            assertThat(now.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
            assertThat(readyPods("web")).contains("web-1");
        });

        // The data volume survived: the journal holds the first start, the graceful stop (SIGTERM) and the new start.
        String journal = get("http://web-1.web." + NS + ".svc:8080/starts");
        assertThat(journal.lines().map(l -> l.split(" ")[0])).containsExactly("start", "stop", "start");
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("data-web-1").get().getMetadata().getUid())
                .isEqualTo(claim.getMetadata().getUid());
    }

    @Test
    @Order(3)
    void killedContainerIsRestartedInPlace() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readyPods("web")).hasSize(3));
        Pod before = client.pods().inNamespace(NS).withName("web-2").get();
        cluster.killContainer(NS, "web-2");
        await().atMost(PATIENCE).untilAsserted(() -> {
            Pod now = client.pods().inNamespace(NS).withName("web-2").get();
            assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
            assertThat(now.getStatus().getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
            assertThat(now.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode())
                    .isEqualTo(137);
            assertThat(readyPods("web")).contains("web-2");
        });
        // SIGKILL leaves no graceful stop in the journal: two starts in a row.
        assertThat(get("http://web-2.web." + NS + ".svc:8080/starts").lines().map(l -> l.split(" ")[0]))
                .containsExactly("start", "start");
    }

    @Test
    @Order(4)
    void onDeleteLeavesPodsAloneUntilTheyAreDeleted() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readyPods("web")).hasSize(3));
        Map<String, String> uids = uids("web");
        String oldRevision = client.apps().statefulSets().inNamespace(NS).withName("web").get().getStatus().getUpdateRevision();

        changeTemplate("web", statefulSet("web", 3, "OnDelete", "v2"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                client.apps().statefulSets().inNamespace(NS).withName("web").get().getStatus().getUpdateRevision())
                .isNotEqualTo(oldRevision));
        // The controller has seen the new revision; with OnDelete no pod is replaced.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(uids("web")).isEqualTo(uids));
        assertThat(get("http://web-0.web." + NS + ".svc:8080/env?name=VERSION")).isEqualTo("v1");

        cluster.deletePod(NS, "web-0");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(uids("web").get("web-0")).isNotEqualTo(uids.get("web-0"));
            assertThat(readyPods("web")).contains("web-0");
        });
        assertThat(get("http://web-0.web." + NS + ".svc:8080/env?name=VERSION")).isEqualTo("v2");
        assertThat(get("http://web-1.web." + NS + ".svc:8080/env?name=VERSION")).isEqualTo("v1");
        assertThat(uids("web").get("web-1")).isEqualTo(uids.get("web-1"));
    }

    @Test
    @Order(5)
    void rollingUpdateReplacesOnePodAtATime() throws Exception {
        client.apps().statefulSets().inNamespace(NS).resource(statefulSet("roll", 2, "RollingUpdate", "v1")).create();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readyPods("roll")).containsExactly("roll-0", "roll-1"));
        Map<String, String> uids = uids("roll");
        Set<String> notReady = ConcurrentHashMap.newKeySet();
        AtomicInteger mostNotReadyAtOnce = new AtomicInteger();
        try (Watch ignored = client.pods().inNamespace(NS).withLabel("app", "roll").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                boolean ready = action != Action.DELETED && pod.getMetadata().getDeletionTimestamp() == null && isReady(pod);
                if (ready) {
                    notReady.remove(name);
                } else {
                    notReady.add(name);
                }
                mostNotReadyAtOnce.accumulateAndGet(notReady.size(), Math::max);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            changeTemplate("roll", statefulSet("roll", 2, "RollingUpdate", "v2"));
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(readyPods("roll")).hasSize(2);
                for (String pod : List.of("roll-0", "roll-1")) {
                    assertThat(get("http://" + pod + ".web." + NS + ".svc:8080/env?name=VERSION")).isEqualTo("v2");
                }
            });
        }
        assertThat(uids("roll").values()).doesNotContainAnyElementsOf(uids.values());
        assertThat(mostNotReadyAtOnce.get()).as("pods down at the same time during the rolling update").isEqualTo(1);
    }

    @Test
    @Order(6)
    void invalidCustomResourcesAreRefusedWithTheSchemaMessage() throws IOException {
        Path invalid = E2eEnvironment.repoRoot().resolve("examples/invalid");
        int checked = 0;
        try (Stream<Path> files = Files.list(invalid)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                if (!text.contains("# rejected-by: schema")) {
                    continue;
                }
                String expected = text.lines().filter(l -> l.startsWith("# expect: ")).findFirst().orElseThrow()
                        .substring("# expect: ".length());
                assertThatThrownBy(() -> cluster.apply(text, NS)).as(file.getFileName().toString())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(422);
                            assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                            assertThat(e.getMessage()).contains(expected).contains(" is invalid: ");
                        });
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);

        // A valid cluster is accepted; a patch that would make it invalid is refused and changes nothing.
        String minimal = Files.readString(E2eEnvironment.repoRoot().resolve("examples/kafkacluster-minimal.yaml"));
        cluster.apply(minimal, NS);
        assertThatThrownBy(() -> client.resources(KafkaCluster.class).inNamespace(NS).withName("demo")
                .edit(c -> {
                    c.getSpec().getBrokers().setReplicas(0);
                    return c;
                }))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("KafkaCluster.krafter.dev \"demo\" is invalid: spec.brokers.replicas");
                });
        assertThat(client.resources(KafkaCluster.class).inNamespace(NS).withName("demo").get().getSpec().getBrokers()
                .getReplicas()).isEqualTo(3);
    }

    @Test
    @Order(7)
    void garbageCollectorDeletesDependentsOfDeletedOwners() {
        KafkaCluster owner = client.resources(KafkaCluster.class).inNamespace(NS).withName("demo").get();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("owned-by-demo")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("krafter.dev/v1alpha1").withKind("KafkaCluster")
                        .withName("demo").withUid(owner.getMetadata().getUid()).withController(true).build())
                .endMetadata().addToData("k", "v").build()).create();
        client.resources(KafkaCluster.class).inNamespace(NS).withName("demo").delete();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(client.configMaps().inNamespace(NS).withName("owned-by-demo").get()).isNull());

        // Deleting a StatefulSet removes its pods (and their containers); PVCs stay, as in Kubernetes.
        client.apps().statefulSets().inNamespace(NS).withName("roll").delete();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(NS).withLabel("app", "roll").list().getItems()).isEmpty();
            assertThat(Docker.run("ps", "-q", "--filter", "label=dev.krafter.e2e.pod=" + NS + "/roll-0").stdout()).isBlank();
        });
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("data-roll-0").get()).isNotNull();
        // Deleting the claim releases its Docker volume.
        String volume = cluster.agent().volumeOf(NS, "data-roll-0").orElseThrow();
        client.persistentVolumeClaims().inNamespace(NS).withName("data-roll-0").delete();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Docker.run("volume", "inspect", volume).exitCode()).isNotZero());
    }

    @Test
    @Order(8)
    void nodePortAndLoadBalancerServicesReachPodsFromOutsideAndFollowReplacedPods() throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(readyPods("web")).hasSize(3));
        Service nodePort = client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web-1-np")
                .endMetadata().withNewSpec().withType("NodePort")
                .withSelector(Map.of("app", "web", "statefulset.kubernetes.io/pod-name", "web-1"))
                .addNewPort().withName("http").withPort(8080).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web-lb").endMetadata()
                .withNewSpec().withType("LoadBalancer").withSelector(Map.of("app", "web"))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .endSpec().build()).create();

        // The API server allocated the node port; pods run on the one node, whose IP the test JVM reaches.
        assertThat(nodePort.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
        Pod web1 = client.pods().inNamespace(NS).withName("web-1").get();
        assertThat(web1.getSpec().getNodeName()).isEqualTo(SimulatedNodeAgent.NODE_NAME);
        assertThat(web1.getStatus().getHostIP()).isEqualTo(cluster.nodeAddress());
        String viaNodePort = "http://" + cluster.externalAddress(nodePort) + "/whoami";
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(get(viaNodePort)).isEqualTo("web-1 " + NS));

        // The load balancer gets an address of its own, forwarded to the selected pods.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                cluster.externalAddress(client.services().inNamespace(NS).withName("web-lb").get())).startsWith("127."));
        String viaBalancer = "http://" + cluster.externalAddress(client.services().inNamespace(NS).withName("web-lb").get())
                + "/whoami";
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(get(viaBalancer)).matches("web-[0-2] " + NS));

        // The node port follows the pod when it is replaced.
        cluster.deletePod(NS, "web-1");
        await().atMost(PATIENCE).untilAsserted(() -> {
            Pod now = client.pods().inNamespace(NS).withName("web-1").get();
            assertThat(now).isNotNull();
            assertThat(now.getMetadata().getUid()).isNotEqualTo(web1.getMetadata().getUid());
            assertThat(readyPods("web")).contains("web-1");
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(get(viaNodePort)).isEqualTo("web-1 " + NS));
    }

    // ---------------------------------------------------------------- helpers

    private static ConfigMap workloadConfig(String message) throws IOException {
        byte[] classFile;
        try (InputStream in = TinyHttpServer.class.getClassLoader().getResourceAsStream(CLASS_PATH)) {
            classFile = in.readAllBytes();
        }
        return new ConfigMapBuilder().withNewMetadata().withName("web-config").endMetadata()
                .addToData("message", message)
                .addToBinaryData("TinyHttpServer.class", Base64.getEncoder().encodeToString(classFile))
                .build();
    }

    private static StatefulSet statefulSet(String name, int replicas, String updateStrategy, String version) {
        List<EnvVar> env = List.of(
                new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                        .endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("VERSION").withValue(version).build(),
                new EnvVarBuilder().withName("DATA_DIR").withValue("/data").build(),
                new EnvVarBuilder().withName("READY_AFTER_MS").withValue("500").build(),
                new EnvVarBuilder().withName("SHUTDOWN_DELAY_MS").withValue("2000").build());
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName("web")
                .withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType(updateStrategy).endUpdateStrategy()
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).addToLabels("app.kubernetes.io/part-of", "web").endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(10L)
                .withNewSecurityContext().withRunAsUser(1001L).withFsGroup(1001L).endSecurityContext()
                .addNewContainer()
                .withName("web")
                .withImage(E2eEnvironment.BASE_IMAGE)
                .withCommand("java", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", "/app", TinyHttpServer.class.getName())
                .withEnv(env)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewResources().addToLimits("memory", new Quantity("192Mi")).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(1).withTimeoutSeconds(3).withFailureThreshold(3).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(8080)).endHttpGet()
                .withInitialDelaySeconds(5).withPeriodSeconds(2).withFailureThreshold(5).endLivenessProbe()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL")
                .endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("code").withMountPath("/app").endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath("/etc/web").endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .addNewVolumeMount().withName("podinfo").withMountPath("/etc/podinfo").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("code").withNewConfigMap().withName("web-config")
                .addNewItem().withKey("TinyHttpServer.class").withPath(CLASS_PATH).endItem().endConfigMap().endVolume()
                .addNewVolume().withName("config").withNewConfigMap().withName("web-config")
                .addNewItem().withKey("message").withPath("message").endItem().endConfigMap().endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("podinfo").withNewDownwardAPI()
                .addNewItem().withPath("name").withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endItem()
                .addNewItem().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem()
                .endDownwardAPI().endVolume()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("10Mi"))
                .endResources().endSpec().endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    /** Replaces the pod template, retrying when the StatefulSet controller wrote its status in between (409). */
    private static void changeTemplate(String name, StatefulSet changed) {
        await().atMost(PATIENCE).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> client.apps().statefulSets().inNamespace(NS).withName(name).edit(s -> {
                    s.getSpec().setTemplate(changed.getSpec().getTemplate());
                    return s;
                }) != null);
    }

    private static List<String> readyPods(String app) {
        return client.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && isReady(p))
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private static Map<String, String> uids(String app) {
        return client.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .collect(java.util.stream.Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
