package dev.krafter.app;

import dev.krafter.api.v1alpha1.ReadableSpec;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.KafkaClusterReconciler;
import dev.krafter.cluster.OperatorCertificate;
import dev.krafter.events.EventRecorder;
import dev.krafter.group.ConsumerGroupReconciler;
import dev.krafter.kafka.ClusterSessions;
import dev.krafter.kafka.KafkaAdmins;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.topic.TopicReconciler;
import dev.krafter.user.KafkaUserReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: wires the reconcilers, the Kafka admin seam, metrics and the HTTP endpoints, then runs. */
public final class KrafterOperator {
    private static final Logger LOG = LoggerFactory.getLogger(KrafterOperator.class);

    /**
     * Failed reconciles are retried for as long as they fail, with backoff from 2 s up to 2 min, as Kubernetes
     * controllers do: a Kafka cluster that is still starting or briefly unreachable must not leave resources behind
     * after a fixed number of attempts.
     */
    static final GenericRetry RETRY = new GenericRetry()
            .setInitialInterval(2000)
            .setIntervalMultiplier(2)
            .setMaxInterval(120_000)
            .withoutMaxAttempts();

    private KrafterOperator() {}

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        KafkaAdmins admins = new ClusterSessions(
                ClusterNames::adminBootstrap, new OperatorCertificate(client)::adminSecurity, config.adminTimeout());
        OperatorDependencies deps = new OperatorDependencies(
                client,
                admins,
                new EventRecorder(client, Clock.systemUTC(), config.eventRepeatInterval()),
                registry,
                Clock.systemUTC(),
                config);
        Operator operator = create(deps);
        HttpEndpoints http = HttpEndpoints.start(config.httpPort(), operator, registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("Stopping Krafter operator");
                            operator.stop();
                            admins.close();
                            http.close();
                            stopped.countDown();
                        },
                        "krafter-shutdown"));
        operator.start();
        LOG.info(
                "Krafter operator started: namespaces {}, leader election {}, HTTP port {}",
                config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
                config.leaderElection(),
                http.port());
        stopped.await();
    }

    /** The operator with every reconciler registered; not started. Tests use the same wiring as production. */
    public static Operator create(OperatorDependencies deps) {
        OperatorConfig config = deps.config();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(deps.client())
                    .withConcurrentReconciliationThreads(config.reconcileThreads())
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(deps.meters())
                            .collectingMetricsPerResource()
                            .build())
                    .withCloseClientOnStop(false)
                    // JOSDK's clone (by serialization), keeping the mark of a spec the model cannot hold.
                    .withResourceCloner(new Cloner() {
                        @Override
                        public <R extends HasMetadata> R clone(R resource) {
                            return ReadableSpec.keepUnreadable(
                                    resource,
                                    deps.client().getKubernetesSerialization().clone(resource));
                        }
                    });
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace()));
            }
        });
        for (Reconciler<?> reconciler : reconcilers(deps)) {
            operator.register(reconciler, override -> {
                override.withRetry(RETRY);
                if (!config.watchNamespaces().isEmpty()) {
                    override.settingNamespaces(new HashSet<>(config.watchNamespaces()));
                }
            });
        }
        return operator;
    }

    static List<Reconciler<?>> reconcilers(OperatorDependencies deps) {
        return List.of(
                new KafkaClusterReconciler(deps),
                new TopicReconciler(deps),
                new ConsumerGroupReconciler(deps),
                new KafkaUserReconciler(deps));
    }
}
