package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.NetworkPoliciesSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * S18 NetworkPolicies, enforced: a 3-node cluster whose pods all run on the first node (the local cluster's enforcer,
 * kube-router's firewall, protects that node's pods). It shows:
 * <ol>
 *   <li>with the cluster's NetworkPolicy in place from the start, the nodes form their quorum and replicate, and the
 *       operator reaches them on 9091: the cluster and a Topic of replication factor 3 become Ready;</li>
 *   <li>a pod of no cluster (an "outsider", in the same namespace, on the first node and on another node) is refused on
 *       9091 and 9090 of a broker pod and reaches its client listener 9092;</li>
 *   <li>with {@code spec.networkPolicies.enabled: false} the policy goes, and the same outsider reaches 9091: the
 *       refusal was the policy's doing.</li>
 * </ol>
 * Runs only when {@value E2eEnvironment#NETWORK_POLICIES} is set (then {@code cluster.sh up} starts the enforcer):
 * a cluster without an enforcer ignores NetworkPolicies, so there would be nothing to show. Skipped otherwise, under
 * CI too.
 */
class S18NetworkPoliciesIT {
    static final String NS = "s18";
    static final String NAME = "np";
    static final String TOPIC = "s18-orders";
    /** The node whose pods the local cluster's enforcer protects. */
    static final String ENFORCED_NODE = "krafter-node";

    @Test
    void onlyTheClustersNodesAndTheOperatorReachTheReplicationPortAndClientsStillReachTheirListener() {
        // Run on demand only (excluded from the suite in the pom): asked for without an enforcer, it fails.
        assertThat(E2eEnvironment.networkPolicyEnforcer())
                .as("a NetworkPolicy enforcer: set " + E2eEnvironment.NETWORK_POLICIES
                        + "=kube-router (local cluster) to run S18")
                .isPresent();
        TestCluster cluster = ScenarioClusters.cluster();
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        PodTemplate template = new PodTemplate();
        template.setNodeSelector(Map.of("kubernetes.io/hostname", ENFORCED_NODE));
        resource.getSpec().getBrokers().setTemplate(template);
        List<String> outsiders = new ArrayList<>();
        try {
            ScenarioSupport.createFreshReadyCluster(cluster, resource);
            NetworkPolicy policy = cluster.get(NetworkPolicy.class, NS, ClusterNames.networkPolicy(NAME))
                    .orElseThrow(() -> new AssertionError("no NetworkPolicy " + ClusterNames.networkPolicy(NAME)));
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("krafter.dev/cluster", NAME);
            cluster.apply(ScenarioSupport.topic(TOPIC, NAME, 3, 3), NS);
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> cluster.get(Topic.class, NS, TOPIC)
                            .map(ScenarioSupport::isReadyAtGeneration)
                            .orElse(false));

            String broker = brokerIp(cluster);
            for (String node : outsiderNodes(cluster)) {
                String outsider = startOutsider(cluster, node);
                outsiders.add(outsider);
                assertThat(connects(cluster, outsider, broker, ClusterNames.REPLICATION_PORT))
                        .as("%s (on %s) reaches the replication port %s:9091", outsider, node, broker)
                        .isFalse();
                assertThat(connects(cluster, outsider, broker, ClusterNames.CONTROLLER_PORT))
                        .as("%s (on %s) reaches the controller port %s:9090", outsider, node, broker)
                        .isFalse();
                assertThat(connects(cluster, outsider, broker, ClusterNames.DEFAULT_CLIENT_PORT))
                        .as("%s (on %s) reaches the client listener %s:9092", outsider, node, broker)
                        .isTrue();
            }

            cluster.edit(KafkaCluster.class, NS, NAME, c -> {
                NetworkPoliciesSpec off = new NetworkPoliciesSpec();
                off.setEnabled(false);
                c.getSpec().setNetworkPolicies(off);
                return c;
            });
            await().atMost(cluster.patience())
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.get(NetworkPolicy.class, NS, ClusterNames.networkPolicy(NAME))
                            .isEmpty());
            String outsider = outsiders.get(0);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2))
                    .alias(outsider + " reaches " + broker + ":9091 once the policy is gone")
                    .until(() -> connects(cluster, outsider, broker, ClusterNames.REPLICATION_PORT));
        } finally {
            outsiders.forEach(pod -> cluster.client()
                    .pods()
                    .inNamespace(NS)
                    .withName(pod)
                    .withGracePeriod(0)
                    .delete());
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    private static String brokerIp(TestCluster cluster) {
        Pod pod = cluster.get(Pod.class, NS, ClusterNames.podName(ClusterNames.brokers(NAME), 0))
                .orElseThrow();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(ENFORCED_NODE);
        return pod.getStatus().getPodIP();
    }

    /** The enforced node, and another node when there is one (its traffic is routed through the host, not bridged). */
    private static List<String> outsiderNodes(TestCluster cluster) {
        List<String> nodes = new ArrayList<>(List.of(ENFORCED_NODE));
        cluster.client().nodes().list().getItems().stream()
                .map(Node::getMetadata)
                .map(m -> m.getName())
                .filter(n -> !n.equals(ENFORCED_NODE))
                .sorted()
                .findFirst()
                .ifPresent(nodes::add);
        return nodes;
    }

    /** A pod of no cluster on {@code node}: the broker image (it has bash), sleeping, restricted like every test pod. */
    private static String startOutsider(TestCluster cluster, String node) {
        String name = "outsider-" + node;
        cluster.apply(
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of("app", "s18-outsider"))
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .withTerminationGracePeriodSeconds(0L)
                        .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(1001L)
                        .withNewSeccompProfile()
                        .withType("RuntimeDefault")
                        .endSeccompProfile()
                        .endSecurityContext()
                        .addNewContainer()
                        .withName("shell")
                        .withImage(E2eEnvironment.KAFKA_IMAGE)
                        .withImagePullPolicy("Never")
                        .withCommand("sleep", "3600")
                        .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .withDrop("ALL")
                        .endCapabilities()
                        .endSecurityContext()
                        .endContainer()
                        .endSpec()
                        .build(),
                NS);
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.get(Pod.class, NS, name)
                        .map(p -> p.getStatus() != null
                                && "Running".equals(p.getStatus().getPhase()))
                        .orElse(false));
        return name;
    }

    /** Whether a TCP connection from the pod to {@code ip:port} opens within 5 s (bash's /dev/tcp). */
    private static boolean connects(TestCluster cluster, String pod, String ip, int port) {
        ExecResult result = cluster.exec(
                NS,
                pod,
                "bash",
                "-c",
                "timeout 5 bash -c 'exec 3<>/dev/tcp/" + ip + "/" + port + "' && echo connected");
        return result.exitCode() == 0 && result.stdout().contains("connected");
    }
}
