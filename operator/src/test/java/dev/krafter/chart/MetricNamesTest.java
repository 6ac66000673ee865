package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and alerts are valid, and use only metric names listed in {@code helm-chart/krafter/metric-names.txt}
 * (which a scrape test checks against the running operator and broker). The list holds no name nothing uses.
 */
class MetricNamesTest {
    static final Set<String> SOURCES = Set.of("broker", "operator-josdk", "operator-krafter");
    private static final Set<String> PROMQL_KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "atan2",
            "start",
            "end");
    private static final Pattern LABEL_VALUES = Pattern.compile(
            "^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?\\s*,\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void dashboardsAndAlertsUseOnlyListedMetricsAndTheListHasNoUnusedName() throws IOException {
        Map<String, String> listed = listedMetrics();
        Map<String, Set<String>> used = new TreeMap<>();
        for (Path dashboard : dashboards()) {
            for (String query : dashboardQueries(ChartFiles.JSON.readTree(dashboard.toFile()))) {
                metricsIn(query)
                        .forEach(m -> used.computeIfAbsent(m, k -> new TreeSet<>())
                                .add(dashboard.getFileName().toString()));
            }
        }
        for (String expr : alertExpressions()) {
            metricsIn(expr)
                    .forEach(m -> used.computeIfAbsent(m, k -> new TreeSet<>()).add("rules/alerts.yaml"));
        }

        Map<String, Set<String>> unlisted = new TreeMap<>(used);
        unlisted.keySet().removeAll(listed.keySet());
        assertThat(unlisted)
                .as("metrics used by dashboards/alerts but missing from metric-names.txt")
                .isEmpty();
        Set<String> unused = new TreeSet<>(listed.keySet());
        unused.removeAll(used.keySet());
        assertThat(unused)
                .as("metric-names.txt lists names no dashboard or alert uses")
                .isEmpty();
    }

    @Test
    void metricNamesFileIsWellFormed() {
        Map<String, String> listed = listedMetrics();
        assertThat(listed).isNotEmpty();
        listed.forEach((name, source) -> {
            assertThat(name).matches("[a-z_:][a-z0-9_:]*");
            assertThat(SOURCES).as("source of %s", name).contains(source);
        });
        assertThat(listed.entrySet())
                .filteredOn(e -> e.getValue().equals("broker"))
                .allMatch(e -> e.getKey().startsWith("kafka_"));
        assertThat(listed.entrySet())
                .filteredOn(e -> e.getValue().equals("operator-krafter"))
                .allMatch(e -> e.getKey().startsWith("krafter_"));
        assertThat(listed.entrySet())
                .filteredOn(e -> e.getValue().equals("operator-josdk"))
                .allMatch(e -> e.getKey().startsWith("operator_sdk_"));
    }

    @Test
    void dashboardsAreValidGrafanaJson() throws IOException {
        List<Path> files = dashboards();
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains("cluster-health.json", "topic-throughput.json", "consumer-lag.json");
        Set<String> uids = new HashSet<>();
        for (Path file : files) {
            JsonNode dashboard = ChartFiles.JSON.readTree(file.toFile());
            assertThat(dashboard.path("title").asText()).as("%s title", file).isNotBlank();
            assertThat(uids.add(dashboard.path("uid").asText()))
                    .as("unique uid in %s", file)
                    .isTrue();
            assertThat(dashboard.path("uid").asText().length())
                    .as("Grafana uid length")
                    .isBetween(1, 40);
            Set<String> variables = new HashSet<>(List.of("__rate_interval", "__interval", "__range"));
            dashboard
                    .at("/templating/list")
                    .forEach(v -> variables.add(v.path("name").asText()));
            assertThat(variables).contains("datasource");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels(dashboard)) {
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("unique panel id in %s", file)
                        .isTrue();
                assertThat(panel.path("title").asText()).isNotBlank();
                assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
                assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    assertThat(expr)
                            .as("panel %s", panel.path("title").asText())
                            .isNotBlank();
                    assertBalanced(expr);
                    Matcher variable = Pattern.compile("\\$\\{?(\\w+)").matcher(expr);
                    while (variable.find()) {
                        assertThat(variables)
                                .as("variable used in %s: %s", file.getFileName(), expr)
                                .contains(variable.group(1));
                    }
                }
            }
            assertThat(ids).as("%s has panels", file).isNotEmpty();
        }
    }

    @Test
    void alertsAreValidRules() throws IOException {
        JsonNode rules = ChartFiles.YAML.readTree(
                ChartFiles.chart().resolve("rules/alerts.yaml").toFile());
        Set<String> names = new HashSet<>();
        for (JsonNode group : rules.path("groups")) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertThat(alert).matches("[A-Z][A-Za-z]+");
                assertThat(names.add(alert)).as("unique alert %s", alert).isTrue();
                assertBalanced(rule.path("expr").asText());
                assertThat(rule.at("/labels/severity").asText()).isIn("warning", "critical");
                assertThat(rule.at("/annotations/summary").asText()).isNotBlank();
                assertThat(rule.at("/annotations/description").asText()).isNotBlank();
            }
        }
        assertThat(names)
                .contains(
                        "KafkaUnderReplicatedPartitions",
                        "KafkaOfflinePartitions",
                        "KafkaUnderMinIsrPartitions",
                        "KafkaConsumerGroupLagNotOk",
                        "KafkaConsumerGroupMessagesLost");
    }

    @Test
    void metricExtractionFindsMetricsNotFunctionsLabelsOrVariables() {
        assertThat(metricsIn("sum by (namespace, kafka_cluster) (rate(kafka_a_total{topic=~\"$topic\", x=\"y z\"}"
                        + "[$__rate_interval])) / on (pod) group_left kafka_b > bool 0 or vector(0)"))
                .containsExactlyInAnyOrder("kafka_a_total", "kafka_b");
        assertThat(metricsIn("label_values(krafter_consumergroup_lag{namespace=~\"$namespace\"}, group)"))
                .containsExactly("krafter_consumergroup_lag");
        assertThat(metricsIn("max without (status) (x_y offset 5m) unless count(z)"))
                .containsExactlyInAnyOrder("x_y", "z");
    }

    /** Metric names in a PromQL expression or a Grafana label_values() query. */
    static Set<String> metricsIn(String query) {
        Set<String> metrics = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            metrics.add(labelValues.group(1));
            return metrics;
        }
        String stripped = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\S+", " ")
                .replaceAll("\\$\\{?\\w+\\}?", " ");
        Matcher token = IDENTIFIER.matcher(stripped);
        while (token.find()) {
            String name = token.group();
            boolean isCall = stripped.substring(token.end()).matches("(?s)\\s*\\(.*");
            boolean isNumberPart = token.start() > 0 && Character.isDigit(stripped.charAt(token.start() - 1));
            if (!isCall && !isNumberPart && !PROMQL_KEYWORDS.contains(name.toLowerCase())) {
                metrics.add(name);
            }
        }
        return metrics;
    }

    /** name → source, from metric-names.txt. */
    static Map<String, String> listedMetrics() {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line :
                ChartFiles.read(ChartFiles.chart().resolve("metric-names.txt")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            assertThat(fields).as("'%s' is <name> <source>", line).hasSize(2);
            assertThat(listed.put(fields[0], fields[1]))
                    .as("%s listed twice", fields[0])
                    .isNull();
        }
        return listed;
    }

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(ChartFiles.chart().resolve("dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                queries.add(
                        query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return queries;
    }

    static List<String> alertExpressions() throws IOException {
        JsonNode rules = ChartFiles.YAML.readTree(
                ChartFiles.chart().resolve("rules/alerts.yaml").toFile());
        return rules.path("groups").findValuesAsText("expr");
    }

    /** Panels, including those nested in collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static void assertBalanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            assertThat(depth).as("brackets in %s", expr).isNotNegative();
        }
        assertThat(depth).as("brackets in %s", expr).isZero();
    }
}
