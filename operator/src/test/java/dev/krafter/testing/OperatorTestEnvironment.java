package dev.krafter.testing;

import dev.krafter.events.EventRecorder;
import dev.krafter.kafka.BootstrapAdmins;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.KrafterOperator;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The real Krafter operator (same wiring as production) against the fabric8 mock API server in CRUD mode, with the
 * generated CRDs registered so the status subresource behaves as on a real API server. The mock server stands in for
 * Kubernetes only because no API server can run in the test environment. Kafka is reached through {@code bootstrap},
 * usually a real in-JVM KRaft cluster.
 */
public final class OperatorTestEnvironment implements AutoCloseable {
    /** The mock server logs every request at INFO (java.util.logging); tests need only its warnings. Held strongly. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    public static final List<String> CRD_FILES = List.of(
            "kafkaclusters.krafter.dev-v1.yml", "topics.krafter.dev-v1.yml", "consumergroups.krafter.dev-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final KafkaAdmins admins;
    private final PrometheusMeterRegistry meters;
    private final Operator operator;

    private OperatorTestEnvironment(OperatorConfig config, Function<dev.krafter.api.v1alpha1.KafkaCluster, String> bootstrap) {
        server = newCrudServer();
        server.init();
        client = server.createClient();
        registerCrds(client);
        admins = new BootstrapAdmins(bootstrap, Duration.ofSeconds(15));
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator = KrafterOperator.create(new OperatorDependencies(client, admins,
                new EventRecorder(client, Clock.systemUTC()), meters, Clock.systemUTC(), config));
        operator.start();
    }

    /** A fabric8 mock API server in CRUD mode: it stores what it is sent and serves watches, like a real one. */
    public static KubernetesMockServer newCrudServer() {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
                false);
    }

    /** Starts the operator; every KafkaCluster is reached at {@code bootstrapServers}. */
    public static OperatorTestEnvironment start(String bootstrapServers) {
        return start(OperatorConfig.defaults(), cluster -> bootstrapServers);
    }

    public static OperatorTestEnvironment start(OperatorConfig config,
            Function<dev.krafter.api.v1alpha1.KafkaCluster, String> bootstrap) {
        return new OperatorTestEnvironment(config, bootstrap);
    }

    public static void registerCrds(KubernetesClient client) {
        for (String file : CRD_FILES) {
            try (InputStream in = OperatorTestEnvironment.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("generated CRD " + file + " is not on the test classpath");
                }
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public KafkaAdmins admins() {
        return admins;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public Operator operator() {
        return operator;
    }

    @Override
    public void close() {
        operator.stop();
        admins.close();
        client.close();
        server.destroy();
    }
}
