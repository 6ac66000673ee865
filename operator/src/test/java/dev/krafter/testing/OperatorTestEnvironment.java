package dev.krafter.testing;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.app.KrafterOperator;
import dev.krafter.events.EventRecorder;
import dev.krafter.kafka.ClusterSessions;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The real Krafter operator (same wiring as production) against a real kube-apiserver + etcd ({@link KubeApiServer},
 * one per test JVM) with the generated CRDs installed. Kafka is reached through {@code bootstrap}, usually a real
 * in-JVM KRaft cluster. There is no node: no pod ever runs, so a KafkaCluster never becomes Ready here (the e2e
 * suite covers what needs pods).
 *
 * <p>Test classes share the API server and keep apart by namespace ({@link #createNamespace}). Closing the
 * environment stops the operator and removes every Krafter custom resource (finalizers included), so the next test
 * class's operator starts from an empty slate; children stay (no garbage collector runs) but nothing owns them.
 */
public final class OperatorTestEnvironment implements AutoCloseable {
    public static final List<String> CRD_FILES = List.of(
            "kafkaclusters.krafter.dev-v1.yml",
            "topics.krafter.dev-v1.yml",
            "consumergroups.krafter.dev-v1.yml",
            "kafkausers.krafter.dev-v1.yml");

    private final KubeApiServer server;
    private final KubernetesClient client;
    private final KafkaAdmins admins;
    private final PrometheusMeterRegistry meters;
    private final Operator operator;

    private OperatorTestEnvironment(
            OperatorConfig config,
            Function<KafkaCluster, String> bootstrap,
            Consumer<OperatorTestEnvironment> beforeOperatorStarts) {
        this(config, bootstrap, beforeOperatorStarts, Clock.systemUTC());
    }

    private OperatorTestEnvironment(
            OperatorConfig config,
            Function<KafkaCluster, String> bootstrap,
            Consumer<OperatorTestEnvironment> beforeOperatorStarts,
            Clock clock) {
        server = KubeApiServer.shared();
        client = server.newClient();
        removeCustomResources(client);
        admins = new ClusterSessions(bootstrap, Duration.ofSeconds(15));
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        operator = KrafterOperator.create(new OperatorDependencies(
                client,
                admins,
                new EventRecorder(client, Clock.systemUTC(), config.eventRepeatInterval()),
                meters,
                clock,
                config));
        beforeOperatorStarts.accept(this);
        operator.start();
    }

    /** Starts the operator; every KafkaCluster is reached at {@code bootstrapServers}. */
    public static OperatorTestEnvironment start(String bootstrapServers) {
        return start(OperatorConfig.defaults(), cluster -> bootstrapServers);
    }

    public static OperatorTestEnvironment start(OperatorConfig config, Function<KafkaCluster, String> bootstrap) {
        return new OperatorTestEnvironment(config, bootstrap, env -> {});
    }

    /** Starts the operator with {@code clock} as its time (certificate validity, operation start times). */
    public static OperatorTestEnvironment start(OperatorConfig config, String bootstrapServers, Clock clock) {
        return new OperatorTestEnvironment(config, cluster -> bootstrapServers, env -> {}, clock);
    }

    /**
     * Starts the operator after {@code beforeOperatorStarts} ran: what it stores is what an earlier operator version
     * left behind (the upgrade tests).
     */
    public static OperatorTestEnvironment start(
            OperatorConfig config, String bootstrapServers, Consumer<OperatorTestEnvironment> beforeOperatorStarts) {
        return new OperatorTestEnvironment(config, cluster -> bootstrapServers, beforeOperatorStarts);
    }

    /**
     * Makes sure the API server can run (skips or fails the calling test as {@link KubeApiServer#binDir} says); call it
     * first in a {@code @BeforeAll} that starts expensive things (Kafka) before the environment.
     */
    public static void requireApiServer() {
        KubeApiServer.shared();
    }

    /** The generated CRD {@code file} from the test classpath. */
    static CustomResourceDefinition loadCrd(KubernetesClient client, String file) {
        try (InputStream in = OperatorTestEnvironment.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
            if (in == null) {
                throw new IllegalStateException("generated CRD " + file + " is not on the test classpath");
            }
            return client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(in)
                    .item();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh namespace named {@code prefix-<random>}. */
    public String createNamespace(String prefix) {
        return server.createNamespace(client, prefix);
    }

    public KubernetesClient client() {
        return client;
    }

    public KubeApiServer server() {
        return server;
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
        try {
            operator.stop();
            removeCustomResources(client);
        } finally {
            admins.close();
            client.close();
        }
    }

    /** Deletes every Krafter custom resource in every namespace, dropping finalizers first. */
    public static void removeCustomResources(KubernetesClient client) {
        for (Class<? extends CustomResource<?, ?>> kind : List.<Class<? extends CustomResource<?, ?>>>of(
                Topic.class, ConsumerGroup.class, KafkaUser.class, KafkaCluster.class)) {
            for (HasMetadata resource :
                    client.resources(kind).inAnyNamespace().list().getItems()) {
                try {
                    if (resource.getMetadata().getFinalizers() != null
                            && !resource.getMetadata().getFinalizers().isEmpty()) {
                        client.resource(resource)
                                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
                    }
                    client.resource(resource).delete();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
    }
}
