package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The children the operator owns, watched: one deleted or edited by hand is put back at once, from the watch event
 * (the resync is set to ten minutes here, and an idle cluster without pods asks for no earlier look), and one the spec
 * no longer wants is deleted, while an object the operator does not own is left alone, labels or not. No pod runs
 * (there is no node), so no Kafka is needed: the operator asks Kafka only once a broker pod is Ready.
 */
class OwnedChildrenOnOperatorIT {
    /** Far longer than any wait here: a child that comes back came back from an event. */
    private static final Duration RESYNC = Duration.ofMinutes(10);

    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        OperatorTestEnvironment.requireApiServer();
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults()
                        .withClusterResyncPeriod(RESYNC)
                        .withPodProblemStallAfter(Duration.ofMinutes(30)),
                cluster -> "127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @AfterEach
    void deleteClusters() {
        client().resources(KafkaCluster.class).inAnyNamespace().delete();
    }

    private static KubernetesClient client() {
        return env.client();
    }

    private static void create(String namespace, Consumer<KafkaCluster> customize) {
        client().resource(ClusterFixtures.operatorTestCluster(namespace, customize))
                .create();
    }

    /** Waits until the operator made the children (the PodDisruptionBudget is the last it applies). */
    private static void awaitChildren(String namespace) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(client().apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName("kafka-broker")
                            .get())
                    .isNotNull();
            assertThat(pdb(namespace).get()).isNotNull();
        });
    }

    private static Resource<Service> service(String namespace, String name) {
        return client().services().inNamespace(namespace).withName(name);
    }

    private static Resource<ConfigMap> brokerConfig(String namespace) {
        return client().configMaps().inNamespace(namespace).withName(ClusterNames.brokerConfig("kafka"));
    }

    private static Resource<PodDisruptionBudget> pdb(String namespace) {
        return client().policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName(ClusterNames.podDisruptionBudget("kafka"));
    }

    private static Resource<ServiceAccount> serviceAccount(String namespace) {
        return client().serviceAccounts().inNamespace(namespace).withName(ClusterNames.serviceAccount("kafka"));
    }

    @Test
    void ownedChildrenDeletedByHandComeBackFromTheWatch() {
        String ns = env.createNamespace("children-deleted");
        create(ns, c -> {});
        awaitChildren(ns);

        List<Resource<? extends HasMetadata>> children =
                List.of(service(ns, ClusterNames.bootstrap("kafka")), brokerConfig(ns), pdb(ns), serviceAccount(ns));
        for (Resource<? extends HasMetadata> child : children) {
            HasMetadata before = child.get();
            long start = System.nanoTime();
            child.delete();
            await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                HasMetadata now = child.get();
                assertThat(now)
                        .as(
                                "%s %s put back",
                                before.getKind(), before.getMetadata().getName())
                        .isNotNull();
                assertThat(now.getMetadata().getUid())
                        .isNotEqualTo(before.getMetadata().getUid());
            });
            System.out.printf(
                    "[krafter] %s %s deleted by hand was back after %d ms%n",
                    before.getKind(),
                    before.getMetadata().getName(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }

    @Test
    void ownedChildrenEditedByHandAreRestored() {
        String ns = env.createNamespace("children-edited");
        create(ns, c -> {});
        awaitChildren(ns);
        Resource<Service> bootstrap = service(ns, ClusterNames.bootstrap("kafka"));
        int port = bootstrap.get().getSpec().getPorts().get(0).getPort();

        TestResources.editRetryingConflicts(
                client(),
                Service.class,
                ns,
                ClusterNames.bootstrap("kafka"),
                s -> s.getSpec().getPorts().get(0).setPort(port + 10000));
        TestResources.editRetryingConflicts(
                client(),
                ConfigMap.class,
                ns,
                ClusterNames.brokerConfig("kafka"),
                c -> c.getMetadata().getLabels().remove(ClusterLabels.CLUSTER));

        await().atMost(PROMPTLY).untilAsserted(() -> {
            assertThat(bootstrap.get().getSpec().getPorts().get(0).getPort())
                    .as("port")
                    .isEqualTo(port);
            assertThat(brokerConfig(ns).get().getMetadata().getLabels()).containsEntry(ClusterLabels.CLUSTER, "kafka");
        });
    }

    @Test
    void theServicesOfARemovedListenerAreDeletedAndAServiceTheOperatorDoesNotOwnIsLeftAlone() {
        String ns = env.createNamespace("children-pruned");
        create(
                ns,
                c -> c.getSpec()
                        .setListeners(new ArrayList<>(List.of(
                                new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL),
                                new ListenerSpec("ext", 9094, ListenerSpec.Type.NODEPORT)))));
        awaitChildren(ns);
        List<String> external = new ArrayList<>(List.of(ClusterNames.externalBootstrap("kafka", "ext")));
        IntStream.range(0, 3).forEach(i -> external.add(ClusterNames.externalBroker("kafka", "ext", i)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> external.forEach(
                        name -> assertThat(service(ns, name).get()).as(name).isNotNull()));
        // The user's own Service with the cluster's labels (copied from one of the operator's), without its owner.
        Map<String, String> labels = service(ns, ClusterNames.externalBootstrap("kafka", "ext"))
                .get()
                .getMetadata()
                .getLabels();
        client().resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("kafka-ext-mine")
                        .withNamespace(ns)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("ext")
                        .withPort(9094)
                        .endPort()
                        .endSpec()
                        .build())
                .create();

        TestResources.editRetryingConflicts(
                client(),
                KafkaCluster.class,
                ns,
                "kafka",
                c -> c.getSpec()
                        .setListeners(
                                new ArrayList<>(List.of(new ListenerSpec("plain", 9092, ListenerSpec.Type.INTERNAL)))));

        await().atMost(PROMPTLY)
                .untilAsserted(() ->
                        external.forEach(name -> assertThat(service(ns, name).get())
                                .as(name + " deleted")
                                .isNull()));
        assertThat(service(ns, "kafka-ext-mine").get()).as("the user's Service").isNotNull();
        assertThat(service(ns, ClusterNames.bootstrap("kafka")).get()).isNotNull();
        assertThat(service(ns, ClusterNames.headless("kafka")).get()).isNotNull();
    }
}
