package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.app.KrafterOperator;
import dev.krafter.events.EventRecorder;
import dev.krafter.kafka.ClusterSessions;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.testing.KubeApiServer;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upgrade on a real kube-apiserver: a ConsumerGroup stored under the old schema (integers without a maximum) with
 * a value the Java model cannot hold, then the new CRD installed (Kubernetes ratchets validation: the stored object
 * stays), then the operator started. The object is reported on itself (Stalled naming the field and what to change,
 * an Event) and every other resource keeps reconciling; the new schema refuses such a value on new objects.
 */
class StoredBeforeUpgradeIT {
    private static final String CRD = "consumergroups.krafter.dev-v1.yml";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KubernetesClient client;
    private static String ns;
    private static ClusterSessions admins;
    private static Operator operator;

    @BeforeAll
    static void start() {
        KubeApiServer server = KubeApiServer.shared();
        client = server.newClient();
        OperatorTestEnvironment.removeCustomResources(client);
        ns = server.createNamespace(client, "upgrade");
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (admins != null) {
            admins.close();
        }
        if (client != null) {
            install(newCrd());
            OperatorTestEnvironment.removeCustomResources(client);
            client.close();
        }
    }

    @Test
    void anObjectStoredUnderTheOldSchemaIsReportedOnItselfAndTheOthersKeepReconciling() {
        install(withoutMaximums(newCrd()));
        await().atMost(WAIT)
                .ignoreExceptions()
                .untilAsserted(() -> groups().inNamespace(ns)
                        .resource(group("stored-bad", 3_000_000_000L))
                        .create());
        groups().inNamespace(ns).resource(group("stored-good", 60L)).create();

        install(newCrd());
        // New objects cannot carry the value any more.
        await().atMost(WAIT)
                .untilAsserted(() -> assertThatThrownBy(() -> groups().inNamespace(ns)
                                .resource(group("new-bad", 3_000_000_000L))
                                .create())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(422);
                            assertThat(e.getMessage()).contains("spec.autoscale.cooldownSeconds");
                        }));
        assertThat(stored("stored-bad").get()).isNotNull();

        admins = new ClusterSessions(cluster -> "127.0.0.1:1", Duration.ofSeconds(5));
        operator = KrafterOperator.create(new OperatorDependencies(
                client,
                admins,
                new EventRecorder(client, Clock.systemUTC()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(),
                OperatorConfig.defaults()));
        operator.start();

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> stalled = condition("stored-bad", "Stalled");
            assertThat(stalled).containsEntry("status", "True").containsEntry("reason", "InvalidSpec");
            assertThat((String) stalled.get("message"))
                    .startsWith("spec.autoscale.cooldownSeconds: 3000000000 is out of"
                            + " range: the largest value is 2147483647; the operator cannot read this spec");
            assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("stored-bad");
                assertThat(e.getReason()).isEqualTo("InvalidSpec");
            });
            // The readable one is reconciled: its cluster does not exist.
            assertThat(condition("stored-good", "Reconciling")).containsEntry("reason", "ClusterNotFound");
        });
        // And resources created after it too.
        groups().inNamespace(ns).resource(group("later-good", 60L)).create();
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(condition("later-good", "Reconciling")).containsEntry("reason", "ClusterNotFound"));
        // The stored object is left as it was: the operator never writes spec.
        assertThat(((Map<?, ?>) ((Map<?, ?>) stored("stored-bad")
                                        .get()
                                        .getAdditionalProperties()
                                        .get("spec"))
                                .get("autoscale"))
                        .get("cooldownSeconds"))
                .isEqualTo(3_000_000_000L);
    }

    private static MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            groups() {
        return client.genericKubernetesResources("krafter.dev/v1alpha1", "ConsumerGroup");
    }

    private static Resource<GenericKubernetesResource> stored(String name) {
        return groups().inNamespace(ns).withName(name);
    }

    private static GenericKubernetesResource group(String name, long cooldownSeconds) {
        GenericKubernetesResource group = new GenericKubernetesResource();
        group.setApiVersion("krafter.dev/v1alpha1");
        group.setKind("ConsumerGroup");
        group.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(ns)
                .build());
        group.setAdditionalProperty(
                "spec",
                Map.of(
                        "clusterRef",
                        Map.of("name", "missing"),
                        "autoscale",
                        Map.of(
                                "targetRef",
                                Map.of("kind", "Deployment", "name", "worker"),
                                "maxReplicas",
                                3,
                                "lagPerReplica",
                                100,
                                "cooldownSeconds",
                                cooldownSeconds)));
        return group;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(String name, String type) {
        GenericKubernetesResource group = client.genericKubernetesResources("krafter.dev/v1alpha1", "ConsumerGroup")
                .inNamespace(ns)
                .withName(name)
                .get();
        Map<String, Object> status =
                (Map<String, Object>) group.getAdditionalProperties().get("status");
        assertThat(status).as(name + " status").isNotNull();
        return ((List<Map<String, Object>>) status.get("conditions"))
                .stream()
                        .filter(c -> type.equals(c.get("type")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(name + " has no " + type + " condition"));
    }

    private static CustomResourceDefinition newCrd() {
        try (InputStream in = StoredBeforeUpgradeIT.class.getResourceAsStream("/META-INF/fabric8/" + CRD)) {
            return client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(in)
                    .item();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CRD as it was before integers got their maximums. */
    private static CustomResourceDefinition withoutMaximums(CustomResourceDefinition crd) {
        crd.getSpec().getVersions().forEach(v -> strip(v.getSchema().getOpenAPIV3Schema()));
        return crd;
    }

    private static void strip(JSONSchemaProps props) {
        if (props == null) {
            return;
        }
        if ("integer".equals(props.getType())) {
            props.setMaximum(null);
        }
        if (props.getProperties() != null) {
            props.getProperties().values().forEach(StoredBeforeUpgradeIT::strip);
        }
        if (props.getItems() != null) {
            strip(props.getItems().getSchema());
        }
        if (props.getAdditionalProperties() != null) {
            strip(props.getAdditionalProperties().getSchema());
        }
    }

    private static void install(CustomResourceDefinition crd) {
        crd.getMetadata().setResourceVersion(null);
        KubeApiServer.installCrd(client, crd);
    }
}
