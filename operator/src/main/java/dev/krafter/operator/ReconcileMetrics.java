package dev.krafter.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Krafter's own reconcile metrics, next to JOSDK's {@code operator_sdk_*}: how long reconciles take and why they fail,
 * per kind. In Prometheus: {@code krafter_reconcile_duration_seconds{kind}} (count, sum, max and buckets) and
 * {@code krafter_reconcile_errors_total{kind,reason}}. The dashboards and alerts of the Helm chart use these names.
 * The reason is a bounded set (a condition reason or an exception class name), never a message.
 */
public final class ReconcileMetrics {
    public static final String DURATION = "krafter.reconcile.duration";
    public static final String ERRORS = "krafter.reconcile.errors";
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs one reconcile of {@code kind}, timing it; an exception is counted as an error and rethrown. */
    public <T> T timed(String kind, Callable<T> reconcile) throws Exception {
        Timer.Sample sample = Timer.start(registry);
        try {
            return reconcile.call();
        } catch (Exception | Error e) {
            error(kind, e);
            throw e;
        } finally {
            sample.stop(timer(kind));
        }
    }

    /** Counts a failed reconcile; the reason is the innermost exception's class name (bounded, unlike messages). */
    public void error(String kind, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        error(kind, root.getClass().getSimpleName());
    }

    /** Counts a failed reconcile with a condition reason, for example KafkaUnreachable. */
    public void error(String kind, String reason) {
        Counter.builder(ERRORS)
                .description("Reconciles that failed, by kind and reason")
                .tag("kind", kind)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** The kind label of a resource: its Kubernetes kind, for example KafkaCluster. */
    public static String kind(HasMetadata resource) {
        String kind = resource.getKind();
        return kind == null || kind.isBlank() ? resource.getClass().getSimpleName() : kind;
    }

    private Timer timer(String kind) {
        return Timer.builder(DURATION)
                .description("Time of one reconcile, by kind")
                .tag("kind", kind)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
