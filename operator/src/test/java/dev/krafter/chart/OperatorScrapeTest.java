package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.testing.OperatorTestEnvironment;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The java-operator-sdk metric names the dashboards use are really exported by the running operator (same wiring as
 * production, on a real kube-apiserver), with the labels the dashboards group by.
 */
class OperatorScrapeTest {
    @Test
    void josdkMetricsTheDashboardsUseAreInTheOperatorsScrape() throws Exception {
        Path examples = ChartFiles.repositoryRoot().resolve("examples");
        try (OperatorTestEnvironment env = OperatorTestEnvironment.start("127.0.0.1:1")) {
            KafkaCluster cluster = load(env, examples.resolve("kafkacluster-minimal.yaml"), KafkaCluster.class);
            Topic topic = load(env, examples.resolve("topic.yaml"), Topic.class);
            String namespace = env.createNamespace("scrape");
            env.client().resource(cluster).inNamespace(namespace).create();
            env.client().resource(topic).inNamespace(namespace).create();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(env.client()
                                    .resources(Topic.class)
                                    .inNamespace(namespace)
                                    .withName(topic.getMetadata().getName())
                                    .get()
                                    .getStatus())
                            .isNotNull()
                            .extracting(s -> s.getObservedGeneration())
                            .isNotNull());

            Map<String, List<String>> series = Arrays.stream(
                            env.meters().scrape().split("\n"))
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .collect(Collectors.groupingBy(l -> l.replaceAll("[{ ].*", "")));
            Set<String> josdk = MetricNamesTest.listedMetrics().entrySet().stream()
                    .filter(e -> e.getValue().equals("operator-josdk"))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(josdk).isNotEmpty();
            assertThat(series.keySet()).containsAll(josdk);
            // Krafter's own reconcile metrics are exported for every reconciled kind.
            assertThat(series.get("krafter_reconcile_duration_seconds_count"))
                    .anyMatch(l -> l.contains("kind=\"KafkaCluster\""))
                    .anyMatch(l -> l.contains("kind=\"Topic\""));
            // The cluster-health dashboard groups operator_sdk_reconciliations_started_total by kind.
            assertThat(series.get("operator_sdk_reconciliations_started_total"))
                    .anyMatch(l -> l.contains("kind=\"KafkaCluster\""))
                    .anyMatch(l -> l.contains("kind=\"Topic\""));
        }
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T load(
            OperatorTestEnvironment env, Path file, Class<T> type) throws Exception {
        try (InputStream in = new FileInputStream(file.toFile())) {
            return env.client().getKubernetesSerialization().unmarshal(in, type);
        }
    }
}
