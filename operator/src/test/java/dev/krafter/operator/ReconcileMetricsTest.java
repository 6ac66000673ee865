package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krafter.api.v1alpha1.Topic;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
    private final MockClock clock = new MockClock();
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    private final ReconcileMetrics metrics = new ReconcileMetrics(registry);

    @Test
    void timesReconcilesPerKindAndCountsFailuresByRootCause() throws Exception {
        String result = metrics.timed("Topic", () -> {
            clock.add(Duration.ofMillis(1500));
            return "done";
        });
        assertThat(result).isEqualTo("done");
        KafkaException failure = new KafkaException("describe failed", new TimeoutException("timed out"));
        assertThatThrownBy(() -> metrics.timed("Topic", () -> {
                    clock.add(Duration.ofMillis(500));
                    throw failure;
                }))
                .isSameAs(failure);
        metrics.error("KafkaCluster", "KafkaUnreachable");

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("krafter_reconcile_duration_seconds_count{kind=\"Topic\"} 2")
                .contains("krafter_reconcile_duration_seconds_sum{kind=\"Topic\"} 2.0")
                .contains("krafter_reconcile_duration_seconds_bucket{kind=\"Topic\",le=\"1.0\"} 1")
                .contains("krafter_reconcile_duration_seconds_bucket{kind=\"Topic\",le=\"2.0\"} 2")
                .contains("krafter_reconcile_errors_total{kind=\"Topic\",reason=\"TimeoutException\"} 1.0")
                .contains("krafter_reconcile_errors_total{kind=\"KafkaCluster\",reason=\"KafkaUnreachable\"} 1.0");
    }

    @Test
    void everyReconcileMetricTheChartUsesIsExported() throws Exception {
        metrics.timed("Topic", () -> null);
        metrics.error("Topic", "KafkaError");
        String scrape = registry.scrape();
        List<String> exported = Arrays.stream(scrape.split("\n"))
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.replaceAll("[{ ].*", ""))
                .distinct()
                .toList();

        Path names = Path.of("..", "helm-chart", "krafter", "metric-names.txt");
        List<String> used = Files.readAllLines(names).stream()
                .filter(l -> l.startsWith("krafter_reconcile_"))
                .map(l -> l.split("\\s+")[0])
                .toList();
        assertThat(used).isNotEmpty();
        assertThat(exported).containsAll(used);
    }

    @Test
    void kindIsTheResourceKind() throws Exception {
        assertThat(ReconcileMetrics.kind(new Topic())).isEqualTo("Topic");
    }
}
