package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.podsecurity.RestrictedProfile;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Lints and renders the chart with the real helm binary (default and non-default values) and asserts what a cluster
 * admin relies on: image, security context, probes, the operator's settings, RBAC shape, monitoring objects and CRDs.
 * Skipped when helm is absent (see {@link Helm}).
 */
class ChartRenderTest {
    private static final String RELEASE = "krafter";
    private static final String NAMESPACE = "krafter-system";
    private static final String[] MONITORING_ON = {
        "monitoring.serviceMonitor.enabled=true", "monitoring.podMonitor.enabled=true",
        "monitoring.prometheusRule.enabled=true", "monitoring.dashboards.enabled=true",
        "monitoring.labels.release=kube-prometheus-stack", "monitoring.prometheusRule.for=10m"
    };

    @Test
    void lintPassesWithDefaultAndNonDefaultValues() {
        String chart = ChartFiles.chart().toString();
        assertLint(Helm.run("lint", "--strict", chart));
        assertLint(Helm.run(Stream.concat(
                        Stream.of(
                                "lint",
                                "--strict",
                                chart,
                                "--set",
                                "replicas=2",
                                "--set",
                                "watchNamespaces={team-a,team-b}"),
                        Stream.of(MONITORING_ON).flatMap(v -> Stream.of("--set", v)))
                .toArray(String[]::new)));
    }

    private static void assertLint(Helm.Result result) {
        assertThat(result.ok())
                .as("helm lint:\n%s%s", result.stdout(), result.stderr())
                .isTrue();
        assertThat(result.stdout()).contains("0 chart(s) failed");
    }

    @Test
    void defaultValuesRenderARestrictedSingleReplicaOperatorWatchingAllNamespaces() {
        RenderedChart chart = RenderedChart.of(Helm.template());

        JsonNode deployment = chart.deployment();
        assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText())
                .as("one replica without leader election must never overlap with its successor")
                .isEqualTo("Recreate");

        JsonNode container = chart.operatorContainer();
        assertThat(container.path("image").asText()).isEqualTo("krafter/operator:" + projectVersion());
        assertThat(ChartFiles.read(ChartFiles.chart().resolve("Chart.yaml")))
                .contains("appVersion: \"" + projectVersion() + "\"");
        assertRestricted(deployment.at("/spec/template/spec/securityContext"), container.path("securityContext"));
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/readinessProbe/httpGet/port").asText())
                .isEqualTo(container.at("/ports/0/name").asText());
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/tmp");

        assertThat(fieldRef(container, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
        OperatorConfig config = operatorConfig(container);
        assertThat(config.watchNamespaces()).isEmpty();
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config)
                .usingRecursiveComparison()
                .ignoringFields("operatorPodLabels")
                .as("the chart's defaults are the operator's defaults")
                .isEqualTo(OperatorConfig.defaults());
        // KafkaCluster NetworkPolicies let these labels in: they must be the labels of the pods this chart makes.
        Map<String, String> podLabels = new HashMap<>();
        deployment
                .at("/spec/template/metadata/labels")
                .fields()
                .forEachRemaining(
                        label -> podLabels.put(label.getKey(), label.getValue().asText()));
        assertThat(config.operatorPodLabels())
                .containsEntry("app.kubernetes.io/instance", "krafter")
                .containsAllEntriesOf(OperatorConfig.defaults().operatorPodLabels());
        assertThat(podLabels).containsAllEntriesOf(config.operatorPodLabels());

        String serviceAccount =
                deployment.at("/spec/template/spec/serviceAccountName").asText();
        assertThat(chart.find("ServiceAccount", serviceAccount)).isPresent();
        JsonNode binding = chart.get("ClusterRoleBinding", "krafter");
        assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
        assertThat(chart.find("ClusterRole", binding.at("/roleRef/name").asText()))
                .isPresent();
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(serviceAccount);
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(chart.ofKind("Role"))
                .as("no leader election Lease role with one replica")
                .isEmpty();

        JsonNode service = chart.get("Service", "krafter-metrics");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(deployment.at("/spec/template/metadata/labels").properties())
                .containsAll(deployment.at("/spec/selector/matchLabels").properties());

        assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
        assertThat(chart.ofKind("PodMonitor")).isEmpty();
        assertThat(chart.ofKind("PrometheusRule")).isEmpty();
        assertThat(chart.ofKind("ConfigMap")).isEmpty();
        assertThat(chart.ofKind("CustomResourceDefinition"))
                .as("CRDs only with --include-crds")
                .isEmpty();
    }

    @Test
    void twoReplicasSwitchLeaderElectionOnWithALeaseRoleInTheOperatorNamespace() {
        RenderedChart chart = RenderedChart.of(Helm.template(
                "replicas=2",
                "leaderElection.leaseName=krafter-lease",
                "image.tag=1.2.3",
                "image.repository=registry.example/krafter/operator"));

        assertThat(chart.deployment().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(chart.deployment().at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        // Applied, not defaulted: a later one-replica release (Recreate) must be able to remove them.
        assertThat(chart.deployment()
                        .at("/spec/strategy/rollingUpdate/maxUnavailable")
                        .asInt(-1))
                .as("the leader is kept until its successor is ready")
                .isZero();
        assertThat(chart.operatorContainer().path("image").asText())
                .isEqualTo("registry.example/krafter/operator:1.2.3");
        OperatorConfig config = operatorConfig(chart.operatorContainer());
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseName()).isEqualTo("krafter-lease");

        JsonNode role = chart.get("Role", "krafter-leader-election");
        assertThat(role.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(role.at("/rules/0/apiGroups/0").asText()).isEqualTo("coordination.k8s.io");
        assertThat(texts(role.at("/rules/0/resources"))).containsExactly("leases");
        JsonNode binding = chart.get("RoleBinding", "krafter-leader-election");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo("krafter-leader-election");
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("krafter");

        RenderedChart single = RenderedChart.of(Helm.template("leaderElection.enabled=true"));
        assertThat(operatorConfig(single.operatorContainer()).leaderElection()).isTrue();
        assertThat(single.find("Role", "krafter-leader-election")).isPresent();
    }

    @Test
    void listedNamespacesGetARoleEachAndNothingClusterWide() {
        RenderedChart chart = RenderedChart.of(
                Helm.template("watchNamespaces={team-a,team-b}", "monitoring.podMonitor.enabled=true"));

        assertThat(chart.ofKind("ClusterRole")).isEmpty();
        assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
        for (String namespace : List.of("team-a", "team-b")) {
            JsonNode role = chart.ofKind("Role").stream()
                    .filter(r -> namespace.equals(r.at("/metadata/namespace").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Role in " + namespace));
            assertThat(role.path("rules")).isEqualTo(clusterRoleRules());
            JsonNode binding = chart.ofKind("RoleBinding").stream()
                    .filter(r -> namespace.equals(r.at("/metadata/namespace").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no RoleBinding in " + namespace));
            assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
            assertThat(binding.at("/roleRef/name").asText())
                    .isEqualTo(role.at("/metadata/name").asText());
            assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        }
        assertThat(operatorConfig(chart.operatorContainer()).watchNamespaces()).containsExactly("team-a", "team-b");
        JsonNode podMonitor = chart.ofKind("PodMonitor").get(0);
        assertThat(texts(podMonitor.at("/spec/namespaceSelector/matchNames"))).containsExactly("team-a", "team-b");
    }

    /** The operator pod, whatever the values, meets the restricted Pod Security Standard on a read-only root. */
    @Test
    void theOperatorPodMeetsTheRestrictedPodSecurityStandard() throws Exception {
        for (String[] values :
                List.of(new String[0], new String[] {"replicas=2", "watchNamespaces={team-a,team-b}"}, MONITORING_ON)) {
            JsonNode podSpec =
                    RenderedChart.of(Helm.template(values)).deployment().at("/spec/template/spec");
            assertThat(RestrictedProfile.violations(Serialization.jsonMapper().treeToValue(podSpec, PodSpec.class)))
                    .as("values %s", List.of(values))
                    .isEmpty();
        }
    }

    @Test
    void monitoringRendersMonitorsAlertsAndDashboards() throws Exception {
        RenderedChart chart = RenderedChart.of(Helm.template(MONITORING_ON));

        JsonNode serviceMonitor = chart.get("ServiceMonitor", "krafter");
        JsonNode service = chart.get("Service", "krafter-metrics");
        assertThat(serviceMonitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(service.at("/metadata/labels").properties())
                .containsAll(serviceMonitor.at("/spec/selector/matchLabels").properties());
        assertThat(serviceMonitor.at("/spec/endpoints/0/port").asText())
                .isEqualTo(service.at("/spec/ports/0/name").asText());
        assertThat(serviceMonitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(serviceMonitor.at("/spec/endpoints/0/honorLabels").asBoolean())
                .as("the operator's namespace/name labels name the custom resource; they must not be renamed")
                .isTrue();

        JsonNode podMonitor = chart.get("PodMonitor", "krafter-kafka");
        assertThat(podMonitor.at("/spec/selector/matchExpressions/0/key").asText())
                .isEqualTo("krafter.dev/cluster");
        assertThat(podMonitor.at("/spec/selector/matchExpressions/0/operator").asText())
                .isEqualTo("Exists");
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/targetPort").asInt())
                .isEqualTo(9404);
        assertThat(podMonitor.at("/spec/namespaceSelector/any").asBoolean()).isTrue();
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/relabelings").findValuesAsText("targetLabel"))
                .contains("kafka_cluster", "namespace", "pod");

        JsonNode rule = chart.get("PrometheusRule", "krafter");
        JsonNode source = ChartFiles.YAML.readTree(
                ChartFiles.chart().resolve("rules/alerts.yaml").toFile());
        assertThat(rule.at("/spec/groups").findValuesAsText("alert"))
                .containsExactlyElementsOf(source.path("groups").findValuesAsText("alert"));
        assertThat(rule.at("/spec/groups").findValuesAsText("expr"))
                .containsExactlyElementsOf(source.path("groups").findValuesAsText("expr"));
        assertThat(rule.at("/spec/groups").findValuesAsText("for")).isNotEmpty().allMatch("10m"::equals);
        assertThat(rule.at("/spec/groups").findValues("severity")).isNotEmpty();

        List<JsonNode> dashboards = chart.ofKind("ConfigMap");
        try (Stream<Path> files = Files.list(ChartFiles.chart().resolve("dashboards"))) {
            List<Path> json =
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(dashboards).hasSize(json.size()).hasSizeGreaterThanOrEqualTo(3);
            for (Path file : json) {
                String key = file.getFileName().toString();
                JsonNode configMap = dashboards.stream()
                        .filter(c -> c.path("data").has(key))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no ConfigMap carries " + key));
                assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText())
                        .isEqualTo("1");
                assertThat(ChartFiles.JSON.readTree(
                                configMap.path("data").path(key).asText()))
                        .isEqualTo(ChartFiles.JSON.readTree(file.toFile()));
            }
        }
    }

    @Test
    void theOperatorPodsTakeIngressOnlyOnTheirHttpPort() {
        RenderedChart chart = RenderedChart.of(Helm.template("http.port=9000"));
        JsonNode policy = chart.get("NetworkPolicy", "krafter");
        assertThat(policy.at("/spec/podSelector/matchLabels"))
                .isEqualTo(chart.deployment().at("/spec/selector/matchLabels"));
        assertThat(texts(policy.at("/spec/policyTypes"))).containsExactly("Ingress");
        JsonNode rules = policy.at("/spec/ingress");
        assertThat(rules).hasSize(1);
        assertThat(rules.at("/0/ports")).hasSize(1);
        assertThat(rules.at("/0/ports/0/port").asInt())
                .isEqualTo(9000)
                .isEqualTo(chart.deployment()
                        .at("/spec/template/spec/containers/0/ports/0/containerPort")
                        .asInt());
        assertThat(rules.at("/0/from").isMissingNode())
                .as("any source by default")
                .isTrue();

        JsonNode restricted = RenderedChart.of(
                        Helm.template("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name=monitoring"))
                .get("NetworkPolicy", "krafter");
        assertThat(restricted
                        .at("/spec/ingress/0/from/0/namespaceSelector/matchLabels/name")
                        .asText())
                .isEqualTo("monitoring");
        assertThat(RenderedChart.of(Helm.template("networkPolicy.enabled=false"))
                        .ofKind("NetworkPolicy"))
                .isEmpty();
        // helm upgrade --reuse-values from a release before the key: the old values have no networkPolicy at all.
        assertThat(RenderedChart.of(Helm.template("networkPolicy=null")).ofKind("NetworkPolicy"))
                .isEmpty();
    }

    @Test
    void includeCrdsRendersTheGeneratedCrdsUnchanged() throws Exception {
        RenderedChart chart = RenderedChart.of(Helm.template("--include-crds"));
        List<JsonNode> crds = chart.ofKind("CustomResourceDefinition");
        assertThat(crds)
                .extracting(c -> c.at("/metadata/name").asText())
                .containsExactlyInAnyOrder(
                        "kafkaclusters.krafter.dev",
                        "topics.krafter.dev",
                        "consumergroups.krafter.dev",
                        "kafkausers.krafter.dev");
        Path generated = ChartFiles.repositoryRoot().resolve("crds/generated");
        for (JsonNode crd : crds) {
            Path file = generated.resolve(crd.at("/metadata/name").asText() + ".yaml");
            assertThat(crd)
                    .as("chart CRD %s equals %s", crd.at("/metadata/name").asText(), file)
                    .isEqualTo(ChartFiles.YAML.readTree(file.toFile()));
        }
    }

    @Test
    void renderedKubernetesObjectsUseOnlyFieldsTheApiKnows() {
        RenderedChart chart = RenderedChart.of(Helm.template(Stream.concat(
                        Stream.of(
                                "--include-crds",
                                "replicas=2",
                                "podAnnotations.team=kafka",
                                "nodeSelector.pool=system",
                                "tolerations[0].key=dedicated",
                                "tolerations[0].operator=Exists",
                                "operator.javaOptions=-Xlog:gc",
                                "imagePullSecrets[0].name=registry",
                                "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name=monitoring"),
                        Stream.of(MONITORING_ON))
                .toArray(String[]::new)));
        List<String> monitoringKinds = List.of("ServiceMonitor", "PodMonitor", "PrometheusRule");
        List<JsonNode> core = chart.objects().stream()
                .filter(o -> !monitoringKinds.contains(o.path("kind").asText()))
                .toList();
        assertThat(core)
                .extracting(o -> o.path("kind").asText())
                .contains(
                        "Deployment",
                        "Service",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "ConfigMap",
                        "CustomResourceDefinition",
                        "NetworkPolicy");
        for (JsonNode object : core) {
            assertThat(StrictModel.unknownFields(object))
                    .as(
                            "unknown fields in %s %s",
                            object.path("kind").asText(),
                            object.at("/metadata/name").asText())
                    .isEmpty();
        }
    }

    @Test
    void schemaRefusesValuesTheOperatorCannotUse() {
        assertRefused("replicas=-1", "replicas");
        assertRefused("operator.adminTimeout=30s", "adminTimeout");
        assertRefused("watchNamespaces={Team_A}", "watchNamespaces");
        assertRefused("replica=2", "replica");
        assertRefused("monitoring.prometheusRule.for=five", "for");
        assertRefused("operator.logLevel=LOUD", "logLevel");

        Helm.Result noName =
                Helm.run("template", RELEASE, ChartFiles.chart().toString(), "--set", "serviceAccount.create=false");
        assertThat(noName.ok()).isFalse();
        assertThat(noName.stderr()).contains("serviceAccount.name is required");
    }

    private static void assertRefused(String value, String mentioned) {
        Helm.Result result = Helm.run("template", RELEASE, ChartFiles.chart().toString(), "--set", value);
        assertThat(result.ok()).as("helm template --set %s should fail", value).isFalse();
        assertThat(result.stderr()).as("error for %s", value).contains(mentioned);
    }

    private static void assertRestricted(JsonNode pod, JsonNode container) {
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isNotZero();
        assertThat(pod.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(texts(container.at("/capabilities/drop"))).containsExactly("ALL");
        assertThat(container.at("/capabilities/add").isMissingNode()).isTrue();
        assertThat(container.path("privileged").asBoolean(false)).isFalse();
    }

    /** The operator's settings as the container's environment makes them, read by the operator's own parser. */
    private static OperatorConfig operatorConfig(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode var : container.path("env")) {
            if (var.has("value")) {
                env.put(var.path("name").asText(), var.path("value").asText());
            } else if ("metadata.namespace"
                    .equals(var.at("/valueFrom/fieldRef/fieldPath").asText())) {
                env.put(var.path("name").asText(), "default");
            }
        }
        for (OperatorConfig.Setting setting : OperatorConfig.Setting.values()) {
            assertThat(env)
                    .as("the Deployment sets %s (%s)", setting.env, setting.description)
                    .containsKey(setting.env);
        }
        return OperatorConfig.fromEnvironment(env);
    }

    private static String fieldRef(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(v -> name.equals(v.path("name").asText()))
                .map(v -> v.at("/valueFrom/fieldRef/fieldPath").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static JsonNode clusterRoleRules() {
        return RenderedChart.of(Helm.template()).get("ClusterRole", "krafter").path("rules");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** The project version from the parent pom: the chart's appVersion and the image tag must follow it. */
    static String projectVersion() {
        String pom = ChartFiles.read(ChartFiles.repositoryRoot().resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>krafter-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("parent version in pom.xml").isTrue();
        return m.group(1);
    }
}
