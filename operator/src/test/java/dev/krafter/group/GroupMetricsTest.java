package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import dev.krafter.api.v1alpha1.LagPolicy;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupMetricsTest {
    private static LagReport report(String... topics) {
        List<PartitionObservation> partitions = java.util.Arrays.stream(topics)
                .map(t -> new PartitionObservation(new TopicPartition(t, 0), 10, 0, 25, true))
                .toList();
        return LagReport.of(
                new GroupView(
                        new GroupSnapshot("orders-app", Instant.EPOCH, true, "Stable", 3, partitions, null),
                        Map.of(),
                        Map.of(new TopicPartition("orders", 0), 12.5)),
                new LagPolicy());
    }

    @Test
    void exportsGroupAndTopicSeriesAndRemovesThemWithTheResource() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GroupMetrics metrics = new GroupMetrics(registry, false);
        ResourceID id = new ResourceID("orders-app", "shop");
        metrics.update(
                id,
                "demo",
                "orders-app",
                LagStatus.WARNING,
                3,
                report("orders", "payments"),
                Instant.parse("2026-03-01T12:00:00.500Z"));
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains(
                        "krafter_consumergroup_lag{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\",topic=\"orders\"} 15.0")
                .contains(
                        "krafter_consumergroup_lag{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\",topic=\"payments\"} 15.0")
                .contains(
                        "krafter_consumergroup_lag_seconds{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\",topic=\"orders\"} 12.5")
                .contains(
                        "krafter_consumergroup_total_lag{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\"} 30.0")
                .contains(
                        "krafter_consumergroup_lag_status{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\"} 2.0")
                .contains("krafter_consumergroup_members{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\"} 3.0")
                .contains(
                        "krafter_consumergroup_messages_lost{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\"} 0.0")
                .contains(
                        "krafter_consumergroup_last_observed_timestamp_seconds{cluster=\"demo\",group=\"orders-app\",namespace=\"shop\"} 1.7723664005E9")
                .doesNotContain("krafter_consumergroup_partition_lag");

        metrics.update(id, "demo", "orders-app", LagStatus.OK, 3, report("orders"), Instant.EPOCH);
        assertThat(registry.scrape()).doesNotContain("topic=\"payments\"");

        metrics.remove(id);
        assertThat(registry.scrape()).doesNotContain("krafter_consumergroup");
    }

    @Test
    void perPartitionSeriesOnlyWhenEnabled() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new GroupMetrics(registry, true)
                .update(new ResourceID("g", "ns"), "demo", "g", LagStatus.OK, 1, report("orders"), Instant.EPOCH);
        assertThat(registry.scrape())
                .contains(
                        "krafter_consumergroup_partition_lag{cluster=\"demo\",group=\"g\",namespace=\"ns\",partition=\"0\",topic=\"orders\"} 15.0");
    }
}
