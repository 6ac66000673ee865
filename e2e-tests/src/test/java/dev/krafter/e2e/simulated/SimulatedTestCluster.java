package dev.krafter.e2e.simulated;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.ClusterTopology;
import dev.krafter.e2e.cluster.Apply;
import dev.krafter.e2e.cluster.Docker;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.events.EventRecorder;
import dev.krafter.kafka.BootstrapAdmins;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.KrafterOperator;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster: the fabric8 mock API server in CRUD mode (with schema validation of krafter.dev resources
 * and graceful pod deletion, {@link ValidatingCrudDispatcher}), the CRDs registered, the {@link SimulatedNodeAgent}
 * running pods as Docker containers of the real images, and optionally the real Krafter operator in this JVM, wired
 * as in production (its admin client reaches Kafka at the bootstrap Service's DNS name, resolved through the hosts
 * file the agent writes). NodePort and LoadBalancer Services work from this JVM as from outside a real cluster: the API
 * server double allocates node ports, {@link LoadBalancerControllerTestDouble} gives LoadBalancer Services a loopback
 * address and {@link KubeProxyTestDouble} forwards {@code <node IP>:<nodePort>} and {@code <load balancer IP>:<port>}
 * to the pods.
 */
public final class SimulatedTestCluster implements TestCluster {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedTestCluster.class);

    private final String clusterId;
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KubernetesClient agentClient;
    private final SimulatedNodeAgent agent;
    private final LoadBalancerControllerTestDouble loadBalancers;
    private final KubeProxyTestDouble kubeProxy;
    private final HostsFile hostsFile;
    private final Path workDir;
    private final Thread shutdownHook;
    private KubernetesClient operatorClient;
    private KafkaAdmins operatorAdmins;
    private Operator operator;

    /** The mock web server logs every request at INFO through java.util.logging; kept here so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private SimulatedTestCluster(String clusterId) {
        this.clusterId = clusterId;
        try {
            this.workDir = Files.createTempDirectory("krafter-sim-" + clusterId + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path configured = HostsFile.configured();
        if (configured == null) {
            LOG.warn("The JVM was started without -Djdk.net.hosts.file: cluster DNS names will not resolve in this JVM");
        }
        this.hostsFile = new HostsFile(configured != null ? configured : workDir.resolve("hosts"));
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ValidatingCrudDispatcher(), false);
        server.init();
        // Explicit HTTP clients (both fabric8 implementations are on the classpath, and fabric8 would pick one at
        // random): the JDK one for the test side and the node agent, Vert.x for the operator, as in production.
        this.client = server.createClient(new JdkHttpClientFactory());
        OperatorTestEnvironment.registerCrds(client);
        this.agentClient = server.createClient(new JdkHttpClientFactory());
        this.agent = new SimulatedNodeAgent(agentClient, clusterId, workDir.resolve("pods"), hostsFile);
        this.shutdownHook = new Thread(this::closeQuietly, "simulated-cluster-" + clusterId + "-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        agent.start();
        this.loadBalancers = new LoadBalancerControllerTestDouble(agentClient, clusterId);
        loadBalancers.start();
        this.kubeProxy = new KubeProxyTestDouble(agentClient, agent::nodeIp);
        kubeProxy.start();
    }

    /** Starts a simulated cluster (without the operator). Needs a Docker engine. */
    public static SimulatedTestCluster start() {
        if (!Docker.available()) {
            throw new IllegalStateException("the simulated cluster needs a Docker engine, and none answers `docker version`");
        }
        return new SimulatedTestCluster(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6));
    }

    /** Starts the real operator in this JVM against the mock API server. */
    public synchronized void startOperator(OperatorConfig config) {
        if (operator != null) {
            return;
        }
        operatorClient = server.createClient(new VertxHttpClientFactory());
        operatorAdmins = new BootstrapAdmins(ClusterNames::adminBootstrap, config.adminTimeout());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator = KrafterOperator.create(new OperatorDependencies(operatorClient, operatorAdmins,
                new EventRecorder(operatorClient, Clock.systemUTC()), meters, Clock.systemUTC(), config));
        operator.start();
        LOG.info("Krafter operator started in-process against the simulated cluster {}", clusterId);
    }

    /** Stops the in-process operator (its state is in the API server and in Kafka; a restart picks up from there). */
    public synchronized void stopOperator() {
        if (operator == null) {
            return;
        }
        operator.stop();
        operatorAdmins.close();
        operatorClient.close();
        operator = null;
        LOG.info("Krafter operator stopped");
    }

    public boolean operatorRunning() {
        return operator != null;
    }

    public SimulatedNodeAgent agent() {
        return agent;
    }

    public HostsFile hostsFile() {
        return hostsFile;
    }

    /** The API server's URL, e.g. for a kubeconfig. */
    public String apiServerUrl() {
        return client.getMasterUrl().toString();
    }

    @Override
    public String backend() {
        return "simulated";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public List<HasMetadata> apply(String yaml, String namespace) {
        return Apply.yaml(client, yaml, namespace);
    }

    @Override
    public <T extends HasMetadata> T apply(T resource, String namespace) {
        return Apply.createOrReplace(client, resource, namespace);
    }

    @Override
    public ExecResult exec(String namespace, String pod, String... command) {
        return agent.exec(namespace, pod, command);
    }

    @Override
    public String logTail(String namespace, String pod, int lines) {
        return agent.containerOf(namespace, pod).map(container -> {
            ExecResult logs = Docker.run("logs", "--tail", String.valueOf(lines), container);
            return logs.stdout() + logs.stderr();
        }).orElse("");
    }

    /**
     * Each pod's container address on the Docker network, and what the test JVM's hosts file maps the namespace's
     * pod and Service names to (the {@code .svc.cluster.local} forms left out: they map alike).
     */
    @Override
    public List<String> networkFacts(String namespace) {
        List<String> facts = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            String name = pod.getMetadata().getName();
            agent.containerOf(namespace, name).ifPresent(container -> facts.add("container of " + name + " on "
                    + agent.network() + ": " + agent.containerIp(container)));
        }
        Map<String, List<String>> hosts = new TreeMap<>();
        for (String line : hostsFile.lines()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && (fields[1].contains("." + namespace + ".") || fields[1].endsWith("." + namespace))
                    && !fields[1].endsWith(".cluster.local")) {
                hosts.computeIfAbsent(fields[1], k -> new ArrayList<>()).add(fields[0]);
            }
        }
        if (!hosts.isEmpty()) {
            facts.add("hosts file: " + hosts);
        }
        return facts;
    }

    @Override
    public void deletePod(String namespace, String pod) {
        client.pods().inNamespace(namespace).withName(pod).delete();
    }

    @Override
    public void killContainer(String namespace, String pod) {
        agent.killContainer(namespace, pod);
    }

    /**
     * Internal listeners (and {@code listener == null}): the bootstrap Service's DNS name. NodePort listeners:
     * {@code <node IP>:<nodePort>} of the listener's bootstrap Service; LoadBalancer listeners: its load balancer address
     * and the listener port. Null while the Service has no node port or address yet.
     */
    @Override
    public String bootstrapAddress(String namespace, String kafkaCluster, String listener) {
        KafkaCluster cluster = client.resources(KafkaCluster.class).inNamespace(namespace).withName(kafkaCluster).get();
        List<ListenerSpec> listeners = ClusterTopology.effectiveListeners(cluster == null || cluster.getSpec() == null ? null
                : cluster.getSpec().getListeners());
        ListenerSpec spec = listeners.stream()
                .filter(l -> listener == null ? l.getType() == ListenerSpec.Type.INTERNAL : listener.equals(l.getName()))
                .findFirst().orElse(null);
        if (spec == null || spec.getType() == ListenerSpec.Type.INTERNAL) {
            int port = spec == null ? ClusterNames.DEFAULT_CLIENT_PORT : spec.getPort();
            return ClusterNames.bootstrapHost(kafkaCluster, namespace) + ":" + port;
        }
        Service service = client.services().inNamespace(namespace)
                .withName(ClusterNames.externalBootstrap(kafkaCluster, spec.getName())).get();
        return service == null ? null : externalAddress(service);
    }

    @Override
    public String nodeAddress() {
        return agent.nodeIp();
    }

    @Override
    public void loadImages(String... images) {
        // The simulated cluster runs containers on the local Docker engine: images only need to exist there.
        for (String image : images) {
            if (!Docker.imageExists(image)) {
                throw new IllegalStateException("image " + image + " is not in the local Docker image store");
            }
        }
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void closeQuietly() {
        try {
            stopOperator();
        } catch (RuntimeException e) {
            LOG.warn("stopping the operator failed", e);
        }
        kubeProxy.close();
        loadBalancers.close();
        agent.close();
        agentClient.close();
        client.close();
        server.destroy();
        SimulatedNodeAgent.deleteRecursively(workDir);
    }
}
