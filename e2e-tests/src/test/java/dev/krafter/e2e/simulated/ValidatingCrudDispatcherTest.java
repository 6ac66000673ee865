package dev.krafter.e2e.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krafter.api.v1alpha1.BrokersStatus;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.e2e.cluster.Apply;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API-server behaviours the simulated cluster adds to the fabric8 CRUD mock. */
class ValidatingCrudDispatcherTest {
    private static final String NS = "ns";
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ValidatingCrudDispatcher(),
                false);
        server.init();
        client = server.createClient();
        OperatorTestEnvironment.registerCrds(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void deletingAPodMarksItTerminatingUntilTheNodeAgentLetsGo() {
        Pod pod = client.pods().inNamespace(NS).resource(pod("p")).create();
        client.pods().inNamespace(NS).withName("p").editStatus(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
            return p;
        });
        assertThat(client.pods().inNamespace(NS).withName("p").get().getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
        client.pods().inNamespace(NS).withName("p").delete();

        Pod terminating = client.pods().inNamespace(NS).withName("p").get();
        assertThat(terminating.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
        assertThat(terminating.getMetadata().getFinalizers()).contains(ValidatingCrudDispatcher.TERMINATING_FINALIZER);

        // Deleting again changes nothing; removing the agent's finalizer lets the API server delete it.
        client.pods().inNamespace(NS).withName("p").delete();
        assertThat(client.pods().inNamespace(NS).withName("p").get().getMetadata().getDeletionTimestamp())
                .isEqualTo(terminating.getMetadata().getDeletionTimestamp());
        client.pods().inNamespace(NS).withName("p").edit(p -> {
            p.getMetadata().getFinalizers().remove(ValidatingCrudDispatcher.TERMINATING_FINALIZER);
            return p;
        });
        assertThat(client.pods().inNamespace(NS).withName("p").get()).isNull();
    }

    @Test
    void aZeroGracePeriodDeletesAtOnce() {
        client.pods().inNamespace(NS).resource(pod("q")).create();
        client.pods().inNamespace(NS).withName("q").withGracePeriod(0).delete();
        assertThat(client.pods().inNamespace(NS).withName("q").get()).isNull();
    }

    @Test
    void invalidCustomResourcesAreRefusedOnCreateReplaceAndPatch() {
        String valid = """
                apiVersion: krafter.dev/v1alpha1
                kind: KafkaCluster
                metadata:
                  name: c
                spec:
                  brokers:
                    replicas: 3
                """;
        assertThatThrownBy(() -> Apply.yaml(client, valid.replace("replicas: 3", "replica: 3"), NS))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("KafkaCluster");
                    assertThat(e.getMessage()).contains("KafkaCluster.krafter.dev \"c\" is invalid: spec.brokers: unknown field \"replica\"");
                });
        Apply.yaml(client, valid, NS);
        assertThatThrownBy(() -> Apply.yaml(client, valid.replace("replicas: 3", "replicas: 0"), NS))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage())
                        .contains("spec.brokers.replicas in body should be greater than or equal to 1"));
        assertThatThrownBy(() -> client.resources(KafkaCluster.class).inNamespace(NS).withName("c").edit(c -> {
            c.getSpec().getBrokers().setReplicas(-2);
            return c;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(client.resources(KafkaCluster.class).inNamespace(NS).withName("c").get().getSpec().getBrokers().getReplicas())
                .isEqualTo(3);
        // A valid change goes through.
        client.resources(KafkaCluster.class).inNamespace(NS).withName("c").edit(c -> {
            c.getSpec().getBrokers().setReplicas(4);
            return c;
        });
        assertThat(client.resources(KafkaCluster.class).inNamespace(NS).withName("c").get().getSpec().getBrokers().getReplicas())
                .isEqualTo(4);
    }

    @Test
    void theScaleSubresourceReadsAndSetsTheBrokerReplicasAsKubectlScaleDoes() {
        Apply.yaml(client, """
                apiVersion: krafter.dev/v1alpha1
                kind: KafkaCluster
                metadata:
                  name: s
                spec:
                  brokers:
                    replicas: 3
                """, NS);
        var cluster = client.resources(KafkaCluster.class).inNamespace(NS).withName("s");
        cluster.editStatus(c -> {
            c.setStatus(new KafkaClusterStatus());
            c.getStatus().setBrokers(new BrokersStatus());
            c.getStatus().getBrokers().setReady(2);
            c.getStatus().getBrokers().setSelector("krafter.dev/cluster=s,krafter.dev/broker=true");
            return c;
        });
        long generation = cluster.get().getMetadata().getGeneration();

        Scale scale = cluster.scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scale.getStatus().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getSelector()).isEqualTo("krafter.dev/cluster=s,krafter.dev/broker=true");

        cluster.scale(5);
        assertThat(cluster.get().getSpec().getBrokers().getReplicas()).isEqualTo(5);
        assertThat(cluster.get().getMetadata().getGeneration()).as("a spec change").isGreaterThan(generation);
        assertThat(cluster.get().getStatus().getBrokers().getReady()).as("status kept").isEqualTo(2);

        assertThatThrownBy(() -> cluster.scale(0)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getMessage()).contains("spec.brokers.replicas in body should be greater than or equal to 1");
        });
        assertThat(cluster.get().getSpec().getBrokers().getReplicas()).isEqualTo(5);
    }

    @Test
    void replacingAStatefulSetKeepsTheStatusItsControllerWrote() {
        StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build();
        client.apps().statefulSets().inNamespace(NS).resource(set).create();
        client.apps().statefulSets().inNamespace(NS).withName("web").editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(3).withAvailableReplicas(3).build());
            return s;
        });

        StatefulSet replacement = new StatefulSetBuilder(set).editSpec().withReplicas(4).endSpec().build();
        replacement.getMetadata().setResourceVersion(
                client.apps().statefulSets().inNamespace(NS).withName("web").get().getMetadata().getResourceVersion());
        client.apps().statefulSets().inNamespace(NS).resource(replacement).update();

        StatefulSet stored = client.apps().statefulSets().inNamespace(NS).withName("web").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(4);
        assertThat(stored.getStatus().getReadyReplicas()).as("status kept across the replace").isEqualTo(3);
        // The controller's next status write, computed against what it read before the replace, still applies.
        client.apps().statefulSets().inNamespace(NS).withName("web").editStatus(s -> {
            s.getStatus().setReadyReplicas(2);
            return s;
        });
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("web").get().getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void nodePortsAreAllocatedOnCreateKeptOnReplaceAndNeverHandedOutTwice() {
        Service first = client.services().inNamespace(NS).resource(NodePortAllocatorTest.service("NodePort", null, null)).create();
        assertThat(first.getSpec().getPorts()).extracting(ServicePort::getNodePort).containsExactly(30000, 30001);

        Service replacement = NodePortAllocatorTest.service("LoadBalancer", null, null);
        replacement.getMetadata().setResourceVersion(first.getMetadata().getResourceVersion());
        Service replaced = client.services().inNamespace(NS).resource(replacement).update();
        assertThat(replaced.getSpec().getPorts()).extracting(ServicePort::getNodePort).containsExactly(30000, 30001);

        Service second = NodePortAllocatorTest.service("NodePort", null, null);
        second.getMetadata().setName("t");
        assertThat(client.services().inNamespace(NS).resource(second).create().getSpec().getPorts())
                .extracting(ServicePort::getNodePort).containsExactly(30002, 30003);
        Service clash = NodePortAllocatorTest.service("NodePort", 30001, null);
        clash.getMetadata().setName("u");
        assertThatThrownBy(() -> client.services().inNamespace(NS).resource(clash).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("Service \"u\" is invalid: spec.ports[0].nodePort: Invalid value: 30001:"
                            + " provided port is already allocated");
                });
        // The load balancer controller writes the status subresource; the node ports stay.
        client.services().inNamespace(NS).withName("s").editStatus(s -> {
            s.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp("127.0.9.1").endIngress()
                    .endLoadBalancer().build());
            return s;
        });
        Service balanced = client.services().inNamespace(NS).withName("s").get();
        assertThat(balanced.getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("127.0.9.1");
        assertThat(balanced.getSpec().getPorts()).extracting(ServicePort::getNodePort).containsExactly(30000, 30001);
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withTerminationGracePeriodSeconds(7L).addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .build();
    }
}
