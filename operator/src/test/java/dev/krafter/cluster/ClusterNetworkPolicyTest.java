package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.MetricsSpec;
import dev.krafter.api.v1alpha1.NetworkPoliciesSpec;
import dev.krafter.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNetworkPolicyTest {
    private static final ClusterNetworkPolicy.OperatorPods OPERATOR = new ClusterNetworkPolicy.OperatorPods(
            "krafter-system", Map.of("app.kubernetes.io/name", "krafter", "app.kubernetes.io/component", "operator"));

    /** A pod that sends traffic: its namespace and labels. */
    record Source(String namespace, Map<String, String> labels) {}

    private static final Source BROKER = new Source("ns", ClusterLabels.pool("demo", ClusterLabels.POOL_BROKER, true));
    private static final Source CONTROLLER =
            new Source("ns", ClusterLabels.pool("demo", ClusterLabels.POOL_CONTROLLER, false));
    private static final Source OPERATOR_POD = new Source(
            "krafter-system",
            Map.of(
                    "app.kubernetes.io/name",
                    "krafter",
                    "app.kubernetes.io/instance",
                    "krafter",
                    "app.kubernetes.io/component",
                    "operator",
                    "pod-template-hash",
                    "abc"));
    private static final Source OTHER_CLUSTER =
            new Source("ns", ClusterLabels.pool("other", ClusterLabels.POOL_BROKER, true));
    private static final Source CLIENT_APP = new Source("ns", Map.of("app", "orders"));
    private static final Source OPERATOR_LOOKALIKE = new Source("team-a", OPERATOR_POD.labels());

    private static KafkaCluster demo() {
        KafkaCluster resource = cluster("demo", 3, Mode.DEDICATED, 3);
        resource.getSpec()
                .setListeners(List.of(
                        listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                        listener("ext", 9094, ListenerSpec.Type.NODEPORT)));
        return resource;
    }

    private static NetworkPolicy policy(KafkaCluster resource) {
        return ClusterNetworkPolicy.desired(resource, ClusterTopology.of(resource), OPERATOR);
    }

    @Test
    void onlyTheClustersNodesReachTheControllerPortAndOnlyTheyAndTheOperatorTheReplicationPort() {
        NetworkPolicy policy = policy(demo());
        assertThat(reaches(policy, BROKER, 9090)).isTrue();
        assertThat(reaches(policy, CONTROLLER, 9090)).isTrue();
        assertThat(reaches(policy, OPERATOR_POD, 9090)).isFalse();
        assertThat(reaches(policy, OTHER_CLUSTER, 9090)).isFalse();
        assertThat(reaches(policy, CLIENT_APP, 9090)).isFalse();

        assertThat(reaches(policy, BROKER, 9091)).isTrue();
        assertThat(reaches(policy, CONTROLLER, 9091)).isTrue();
        assertThat(reaches(policy, OPERATOR_POD, 9091)).isTrue();
        assertThat(reaches(policy, OTHER_CLUSTER, 9091)).isFalse();
        assertThat(reaches(policy, CLIENT_APP, 9091)).isFalse();
        assertThat(reaches(policy, OPERATOR_LOOKALIKE, 9091))
                .as("operator labels in another namespace")
                .isFalse();
    }

    @Test
    void clientListenersMetricsAndProbesStayOpenToAnySourceAndNothingElseIs() {
        NetworkPolicy policy = policy(demo());
        for (Source source : List.of(BROKER, OPERATOR_POD, OTHER_CLUSTER, CLIENT_APP, OPERATOR_LOOKALIKE)) {
            assertThat(reaches(policy, source, 9092)).isTrue();
            assertThat(reaches(policy, source, 9094)).isTrue();
            assertThat(reaches(policy, source, ClusterNames.METRICS_PORT)).isTrue();
            assertThat(reaches(policy, source, ClusterNames.PROBE_PORT)).isTrue();
            assertThat(reaches(policy, source, 9093)).isFalse();
        }
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("krafter.dev/cluster", "demo"));
    }

    @Test
    void aListenerWithPeersIsReachableOnlyFromThemAndTheOthersStayOpen() {
        KafkaCluster resource = demo();
        resource.getSpec()
                .getListeners()
                .get(0)
                .setNetworkPolicyPeers(List.of(new NetworkPolicyPeerBuilder()
                        .withNewPodSelector()
                        .withMatchLabels(Map.of("app", "orders"))
                        .endPodSelector()
                        .build()));
        NetworkPolicy policy = policy(resource);
        assertThat(reaches(policy, CLIENT_APP, 9092)).isTrue();
        assertThat(reaches(policy, OTHER_CLUSTER, 9092)).isFalse();
        assertThat(reaches(policy, new Source("team-a", Map.of("app", "orders")), 9092))
                .as("same labels elsewhere")
                .isFalse();
        assertThat(reaches(policy, OTHER_CLUSTER, 9094))
                .as("the listener without peers")
                .isTrue();
        assertThat(reaches(policy, CLIENT_APP, 9091)).isFalse();
        assertThat(reaches(policy, OPERATOR_POD, 9091)).isTrue();
    }

    @Test
    void theMetricsPortIsClosedWhenTheClusterServesNoMetrics() {
        KafkaCluster resource = demo();
        MetricsSpec metrics = new MetricsSpec();
        metrics.setEnabled(false);
        resource.getSpec().setMetrics(metrics);
        assertThat(reaches(policy(resource), CLIENT_APP, ClusterNames.METRICS_PORT))
                .isFalse();
        assertThat(reaches(policy(resource), CLIENT_APP, 9092)).isTrue();
    }

    @Test
    void theOperatorIsFoundByTheLabelsAndNamespaceItIsConfiguredWith() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
                "POD_NAMESPACE",
                "platform",
                "KRAFTER_OPERATOR_POD_LABELS",
                "app.kubernetes.io/name=krafter,app.kubernetes.io/instance=kafka-ops"));
        ClusterNetworkPolicy.OperatorPods operator = ClusterNetworkPolicy.OperatorPods.of(config);
        NetworkPolicy policy = ClusterNetworkPolicy.desired(demo(), ClusterTopology.of(demo()), operator);
        Source ours = new Source(
                "platform",
                Map.of(
                        "app.kubernetes.io/name",
                        "krafter",
                        "app.kubernetes.io/instance",
                        "kafka-ops",
                        "app.kubernetes.io/component",
                        "operator"));
        Source anotherRelease = new Source(
                "platform",
                Map.of(
                        "app.kubernetes.io/name",
                        "krafter",
                        "app.kubernetes.io/instance",
                        "krafter",
                        "app.kubernetes.io/component",
                        "operator"));
        assertThat(reaches(policy, ours, 9091)).isTrue();
        assertThat(reaches(policy, anotherRelease, 9091)).isFalse();
    }

    @Test
    void ownedByTheClusterAndLabelledLikeItsOtherChildren() {
        NetworkPolicy policy = policy(demo());
        assertThat(policy.getMetadata().getName()).isEqualTo("demo-kafka");
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(policy.getMetadata().getOwnerReferences()).containsExactly(ClusterObjects.owner(demo()));
        assertThat(policy.getMetadata().getLabels())
                .isEqualTo(ClusterLabels.common("demo"))
                .doesNotContainKey("app.kubernetes.io/instance");
    }

    @Test
    void onUnlessTheClusterTurnsItOffAndOnForClustersStoredBeforeTheField() {
        KafkaCluster stored = Serialization.unmarshal("""
                apiVersion: krafter.dev/v1alpha1
                kind: KafkaCluster
                metadata: {name: old, namespace: ns}
                spec: {brokers: {replicas: 3}}
                """, KafkaCluster.class);
        assertThat(ClusterNetworkPolicy.enabled(stored)).isTrue();
        KafkaCluster off = demo();
        NetworkPoliciesSpec spec = new NetworkPoliciesSpec();
        spec.setEnabled(false);
        off.getSpec().setNetworkPolicies(spec);
        assertThat(ClusterNetworkPolicy.enabled(off)).isFalse();
    }

    /**
     * Whether a pod may open a TCP connection to {@code port} of the cluster's pods, by the NetworkPolicy rules: one
     * ingress rule must match both the port (no ports: all) and the source (no from: any); a peer with a namespace
     * selector matches pods of the namespaces it selects (by their kubernetes.io/metadata.name label here), one
     * without matches the policy's own namespace.
     */
    static boolean reaches(NetworkPolicy policy, Source source, int port) {
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            boolean portMatches = rule.getPorts().isEmpty()
                    || rule.getPorts().stream()
                            .anyMatch(p -> "TCP".equals(p.getProtocol())
                                    && p.getPort().getIntVal() == port
                                    && p.getEndPort() == null);
            boolean sourceMatches = rule.getFrom().isEmpty()
                    || rule.getFrom().stream()
                            .anyMatch(peer ->
                                    matches(peer, source, policy.getMetadata().getNamespace()));
            if (portMatches && sourceMatches) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(NetworkPolicyPeer peer, Source source, String policyNamespace) {
        assertThat(peer.getIpBlock()).isNull();
        boolean namespace = peer.getNamespaceSelector() == null
                ? source.namespace().equals(policyNamespace)
                : selects(
                        peer.getNamespaceSelector(),
                        Map.of(ClusterNetworkPolicy.NAMESPACE_NAME_LABEL, source.namespace()));
        return namespace && (peer.getPodSelector() == null || selects(peer.getPodSelector(), source.labels()));
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions())
                .as("only matchLabels are evaluated here")
                .isEmpty();
        return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
