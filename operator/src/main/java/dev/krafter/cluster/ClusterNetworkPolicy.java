package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.NetworkPoliciesSpec;
import dev.krafter.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicy of a KafkaCluster's node pods (brokers and controllers): the controller port only from the
 * cluster's own nodes, the replication port (inter-broker traffic, and the operator's Admin client) only from those
 * nodes and the operator's pods; client listener ports from their {@code networkPolicyPeers}, or any source when a
 * listener names none; metrics and probes from any source. Once a policy selects a
 * pod, every other port of it is closed, so this lists every port the pods listen on.
 */
public final class ClusterNetworkPolicy {
    /** Namespace label every namespace carries (Kubernetes sets it), so the operator's namespace needs no label of ours. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /** Where the operator's pods are and how they are labelled (from the operator's config). */
    public record OperatorPods(String namespace, Map<String, String> labels) {
        public static OperatorPods of(OperatorConfig config) {
            return new OperatorPods(config.operatorNamespace(), config.operatorPodLabels());
        }
    }

    private ClusterNetworkPolicy() {}

    /** The API server refused the desired policy: a listener's networkPolicyPeers are not valid peers. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** True unless the cluster turned its NetworkPolicy off (clusters stored before the field have it on). */
    public static boolean enabled(KafkaCluster cluster) {
        NetworkPoliciesSpec spec = cluster.getSpec().getNetworkPolicies();
        return spec == null || spec.isEnabled();
    }

    public static NetworkPolicy desired(KafkaCluster cluster, ClusterTopology topology, OperatorPods operator) {
        String name = topology.cluster();
        NetworkPolicyPeer clusterNodes = new NetworkPolicyPeerBuilder()
                .withPodSelector(new LabelSelectorBuilder()
                        .withMatchLabels(ClusterLabels.clusterSelector(name))
                        .build())
                .build();
        NetworkPolicyPeer operatorPods = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder()
                        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, operator.namespace()))
                        .build())
                .withPodSelector(new LabelSelectorBuilder()
                        .withMatchLabels(operator.labels())
                        .build())
                .build();
        List<NetworkPolicyPort> openPorts = new ArrayList<>();
        List<NetworkPolicyIngressRule> listenerRules = new ArrayList<>();
        for (ListenerSpec listener : topology.listeners()) {
            List<NetworkPolicyPeer> peers = listener.getNetworkPolicyPeers();
            if (peers == null || peers.isEmpty()) {
                openPorts.add(port(listener.getPort()));
            } else {
                listenerRules.add(new NetworkPolicyIngressRuleBuilder()
                        .withFrom(peers)
                        .withPorts(port(listener.getPort()))
                        .build());
            }
        }
        if (cluster.getSpec().getMetrics() == null
                || cluster.getSpec().getMetrics().isEnabled()) {
            openPorts.add(port(ClusterNames.METRICS_PORT));
        }
        // The kubelet's probes come from the node; not every network plugin lets node traffic pass a policy.
        openPorts.add(port(ClusterNames.PROBE_PORT));
        List<NetworkPolicyIngressRule> rules = new ArrayList<>(List.of(
                new NetworkPolicyIngressRuleBuilder()
                        .withFrom(clusterNodes)
                        .withPorts(port(ClusterNames.CONTROLLER_PORT))
                        .build(),
                new NetworkPolicyIngressRuleBuilder()
                        .withFrom(clusterNodes, operatorPods)
                        .withPorts(port(ClusterNames.REPLICATION_PORT))
                        .build(),
                new NetworkPolicyIngressRuleBuilder().withPorts(openPorts).build()));
        rules.addAll(listenerRules);
        return new NetworkPolicyBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(ClusterNames.networkPolicy(name))
                        .withNamespace(cluster.getMetadata().getNamespace())
                        .withLabels(ClusterLabels.common(name))
                        .withOwnerReferences(ClusterObjects.owner(cluster))
                        .build())
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder()
                        .withMatchLabels(ClusterLabels.clusterSelector(name))
                        .build())
                .withPolicyTypes("Ingress")
                .withIngress(rules)
                .endSpec()
                .build();
    }

    private static NetworkPolicyPort port(int port) {
        return new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(port))
                .build();
    }
}
