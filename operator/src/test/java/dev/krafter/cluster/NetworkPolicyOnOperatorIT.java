package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.NetworkPoliciesSpec;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy of a KafkaCluster on the real operator and a real kube-apiserver (which validates it; nothing
 * enforces it here, see the e2e scenario for that): created with the cluster, re-created when deleted, removed when
 * the cluster turns it off. No broker runs; the operator gets to its objects without Kafka.
 */
class NetworkPolicyOnOperatorIT {
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        OperatorConfig config = OperatorConfig.defaults()
                .withClusterResyncPeriod(Duration.ofSeconds(1))
                .with(OperatorConfig.Setting.LEASE_NAMESPACE, "krafter-system")
                .with(
                        OperatorConfig.Setting.OPERATOR_POD_LABELS,
                        "app.kubernetes.io/name=krafter,app.kubernetes.io/instance=ops");
        env = OperatorTestEnvironment.start(config, cluster -> "127.0.0.1:1");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static KubernetesClient client() {
        return env.client();
    }

    @Test
    void theClusterGetsItsPolicyBackWhenDeletedAndLosesItWhenTurnedOff() {
        String ns = env.createNamespace("netpol");
        KafkaCluster cluster = ClusterFixtures.operatorTestCluster(
                ns,
                c -> c.getSpec()
                        .setListeners(List.of(
                                ClusterFixtures.listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                                ClusterFixtures.listener("ext", 9094, ListenerSpec.Type.NODEPORT))));
        KafkaCluster stored = client().resource(cluster).create();

        NetworkPolicy policy = awaitPolicy(ns);
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("KafkaCluster");
            assertThat(owner.getUid()).isEqualTo(stored.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(policy.getMetadata().getLabels()).containsEntry("krafter.dev/cluster", "kafka");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("krafter.dev/cluster", "kafka"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(ports(rules.get(0))).containsExactly(9090);
        assertThat(rules.get(0).getFrom())
                .extracting(p -> p.getPodSelector().getMatchLabels())
                .containsExactly(Map.of("krafter.dev/cluster", "kafka"));
        assertThat(ports(rules.get(1))).containsExactly(9091);
        NetworkPolicyPeer operator = rules.get(1).getFrom().get(1);
        assertThat(operator.getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "krafter-system"));
        assertThat(operator.getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "krafter", "app.kubernetes.io/instance", "ops"));
        assertThat(ports(rules.get(2))).containsExactly(9092, 9094, ClusterNames.METRICS_PORT, ClusterNames.PROBE_PORT);
        assertThat(rules.get(2).getFrom()).isEmpty();

        client().resource(policy).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            NetworkPolicy again = policyOf(ns);
            return again != null
                    && !again.getMetadata().getUid().equals(policy.getMetadata().getUid());
        });

        TestResources.editRetryingConflicts(client(), KafkaCluster.class, ns, "kafka", c -> {
            NetworkPoliciesSpec off = new NetworkPoliciesSpec();
            off.setEnabled(false);
            c.getSpec().setNetworkPolicies(off);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> policyOf(ns) == null);
        // Still gone a few reconciles later: nothing re-creates it.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> policyOf(ns) == null);
    }

    @Test
    void peersTheApiServerRefusesStallTheClusterWithItsMessageAndNothingIsBuiltUntilTheyAreCorrected() {
        String ns = env.createNamespace("netpol-bad");
        ListenerSpec plain = ClusterFixtures.listener("plain", 9092, ListenerSpec.Type.INTERNAL);
        plain.setNetworkPolicyPeers(List.of(new NetworkPolicyPeerBuilder()
                .withNewIpBlock()
                .withCidr("10.0.0.0/33")
                .endIpBlock()
                .build()));
        client().resource(
                        ClusterFixtures.operatorTestCluster(ns, c -> c.getSpec().setListeners(List.of(plain))))
                .create();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            KafkaCluster stored = client().resources(KafkaCluster.class)
                    .inNamespace(ns)
                    .withName("kafka")
                    .get();
            Condition stalled = Conditions.find(stored.getStatus().getConditions(), Conditions.STALLED)
                    .orElseThrow();
            assertThat(stalled.getStatus()).isEqualTo("True");
            assertThat(stalled.getReason()).isEqualTo(Reasons.INVALID_SPEC);
            assertThat(stalled.getMessage())
                    .contains("the API server refuses the cluster's NetworkPolicy")
                    .contains("10.0.0.0/33")
                    .contains("correct spec.listeners[].networkPolicyPeers");
        });
        assertThat(policyOf(ns)).isNull();
        assertThat(client().apps().statefulSets().inNamespace(ns).list().getItems())
                .isEmpty();

        TestResources.editRetryingConflicts(client(), KafkaCluster.class, ns, "kafka", c -> {
            c.getSpec()
                    .getListeners()
                    .get(0)
                    .setNetworkPolicyPeers(List.of(new NetworkPolicyPeerBuilder()
                            .withNewIpBlock()
                            .withCidr("10.0.0.0/16")
                            .endIpBlock()
                            .build()));
        });
        NetworkPolicy policy = awaitPolicy(ns);
        assertThat(policy.getSpec().getIngress().get(3).getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.0.0.0/16"));
        assertThat(ports(policy.getSpec().getIngress().get(3))).containsExactly(9092);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client().apps()
                                .statefulSets()
                                .inNamespace(ns)
                                .withName("kafka-broker")
                                .get()
                        != null);
    }

    private static NetworkPolicy awaitPolicy(String ns) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> policyOf(ns), p -> p != null);
    }

    private static NetworkPolicy policyOf(String ns) {
        return client().network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withName("kafka-kafka")
                .get();
    }

    private static List<Integer> ports(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList();
    }
}
