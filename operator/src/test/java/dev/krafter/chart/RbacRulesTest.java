package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart grants exactly what the operator's code uses: the Kubernetes API calls are found in
 * {@code operator/src/main/java} with the table below, turned into RBAC permissions, and compared with the rendered
 * ClusterRole/Roles, both ways (nothing missing, nothing extra). When code starts using a new resource, this test names
 * the file and the rule to add to {@code helm-chart/krafter/templates/_helpers.tpl}.
 */
class RbacRulesTest {
    private static final String API_PACKAGE = "dev.krafter.api.v1alpha1.";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> MANAGE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    /** Where a permission applies: every namespace the operator watches, or only its own namespace. */
    enum Scope {
        WATCHED_NAMESPACES,
        OPERATOR_NAMESPACE
    }

    /** One permission: a verb on a resource of an API group, in a scope. */
    record Permission(Scope scope, String apiGroup, String resource, String verb) implements Comparable<Permission> {
        @Override
        public int compareTo(Permission o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return scope + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + " " + verb;
        }
    }

    /** A kind of API access recognised in the sources by {@code evidence}, and the permissions it needs. */
    record Access(
            String what, Pattern evidence, Scope scope, String apiGroup, List<String> resources, List<String> verbs) {
        Stream<Permission> permissions() {
            return resources.stream().flatMap(r -> verbs.stream().map(v -> new Permission(scope, apiGroup, r, v)));
        }
    }

    private static Access access(
            String what, String evidence, String apiGroup, List<String> resources, List<String> verbs) {
        return new Access(what, Pattern.compile(evidence), Scope.WATCHED_NAMESPACES, apiGroup, resources, verbs);
    }

    // @formatter:off
    /** Calls of the fabric8 client and JOSDK features in the operator's sources, and the permissions each needs. */
    static final List<Access> ACCESSES = List.of(
            //     what the code does                     evidence in src/main/java
            // group        resources                                       verbs
            access(
                    "deletes pods to roll them, re-stamps their template hash",
                    "\\.pods\\(\\)|\\bPod\\.class",
                    "",
                    List.of("pods"),
                    List.of("get", "list", "watch", "delete", "patch")),
            access(
                    "manages Services",
                    "\\.services\\(\\)|\\bService\\.class|\\bServiceBuilder\\b",
                    "",
                    List.of("services"),
                    MANAGE),
            access(
                    "manages ConfigMaps",
                    "\\.configMaps\\(\\)|\\bConfigMap\\.class|\\bConfigMapBuilder\\b",
                    "",
                    List.of("configmaps"),
                    MANAGE),
            access(
                    "issues certificates into Secrets, reads the Secrets a spec names",
                    "\\.secrets\\(\\)|\\bSecretBuilder\\b",
                    "",
                    List.of("secrets"),
                    List.of("get", "create", "update")),
            access(
                    "manages ServiceAccounts",
                    "\\.serviceAccounts\\(\\)|\\bServiceAccount\\.class|\\bServiceAccountBuilder\\b",
                    "",
                    List.of("serviceaccounts"),
                    MANAGE),
            access(
                    "records the cluster id on claims (fabric8 reads a claim before a merge patch), deletes claims of removed brokers",
                    "\\.persistentVolumeClaims\\(\\)",
                    "",
                    List.of("persistentvolumeclaims"),
                    List.of("get", "list", "patch", "delete")),
            access("records Events", "\\.v1\\(\\)\\.events\\(\\)", "", List.of("events"), List.of("create")),
            access(
                    "counts a repeated Event up (reads it, then updates it)",
                    "withCount\\(stored\\.getCount",
                    "",
                    List.of("events"),
                    List.of("get", "update")),
            access(
                    "reads why a StatefulSet cannot create a pod or a claim is not bound",
                    "\\.withInvolvedObject\\(",
                    "",
                    List.of("events"),
                    List.of("list")),
            access(
                    "manages StatefulSets",
                    "\\.statefulSets\\(\\)|\\bStatefulSet\\.class|\\bStatefulSetBuilder\\b",
                    "apps",
                    List.of("statefulsets"),
                    MANAGE),
            access(
                    "reads a consumer Deployment's replicas",
                    "\\.deployments\\(\\)",
                    "apps",
                    List.of("deployments"),
                    List.of("get")),
            access(
                    "scales consumer Deployments/StatefulSets",
                    "\\.scale\\(",
                    "apps",
                    List.of("deployments/scale", "statefulsets/scale"),
                    List.of("get", "update", "patch")),
            access(
                    "manages PodDisruptionBudgets",
                    "\\.podDisruptionBudget\\(\\)|\\bPodDisruptionBudget\\.class|\\bPodDisruptionBudgetBuilder\\b",
                    "policy",
                    List.of("poddisruptionbudgets"),
                    MANAGE),
            access(
                    "manages a cluster's NetworkPolicy",
                    "\\.networkPolicies\\(\\)|\\bNetworkPolicy\\.class|\\bNetworkPolicyBuilder\\b",
                    "networking.k8s.io",
                    List.of("networkpolicies"),
                    MANAGE),
            // JOSDK checks get, create and update at start (a SelfSubjectRulesReview, allowed to every authenticated
            // user); fabric8's LeaseLock then acquires and renews with PATCH (a standby refused it never takes over).
            new Access(
                    "elects a leader with a Lease",
                    Pattern.compile("\\bLeaderElectionConfiguration\\b"),
                    Scope.OPERATOR_NAMESPACE,
                    "coordination.k8s.io",
                    List.of("leases"),
                    List.of("get", "create", "update", "patch")));
    // @formatter:on

    /** A reconciler's primary kind: watched and read, metadata patched (finalizers), status written. */
    private static final Pattern RECONCILER = Pattern.compile("implements\\s+Reconciler<(\\w+)>");
    /** Owned children with ownerReferences: blockOwnerDeletion needs update on the owner's finalizers subresource. */
    private static final Pattern OWNS_CHILDREN =
            Pattern.compile("\\bOwnerReference\\b|withOwnerReferences|addOwnerReference|KubernetesDependentResource");
    /** Reads of a Krafter kind through the client (for example a Topic's clusterRef). */
    private static final Pattern READS_KIND = Pattern.compile("\\.resources\\((\\w+)\\.class\\)");

    @Test
    void chartGrantsExactlyWhatTheCodeUses() {
        Map<Permission, Set<String>> needed = needed(sources(ChartFiles.operatorMainSources()));
        Set<Permission> granted = granted(RenderedChart.of(Helm.template("replicas=2")));

        Set<Permission> missing = new TreeSet<>(needed.keySet());
        missing.removeAll(granted);
        Set<Permission> extra = new TreeSet<>(granted);
        extra.removeAll(needed.keySet());
        assertThat(missing)
                .as(
                        "the code uses these, the chart does not grant them (add them in templates/_helpers.tpl):\n%s",
                        missing.stream().map(p -> p + "   <- " + needed.get(p)).collect(Collectors.joining("\n")))
                .isEmpty();
        assertThat(extra)
                .as("the chart grants these but no code uses them (remove them from templates/_helpers.tpl)")
                .isEmpty();
    }

    @Test
    void everyWatchedNamespaceGetsTheSameRulesAsTheClusterRole() {
        Set<Permission> clusterWide = granted(RenderedChart.of(Helm.template("replicas=2")));
        RenderedChart namespaced = RenderedChart.of(Helm.template("replicas=2", "watchNamespaces={team-a,team-b}"));
        for (String namespace : List.of("team-a", "team-b")) {
            JsonNode role = namespaced.ofKind("Role").stream()
                    .filter(r -> namespace.equals(r.at("/metadata/namespace").asText()))
                    .findFirst()
                    .orElseThrow();
            Set<Permission> inNamespace = permissions(role.path("rules"), Scope.WATCHED_NAMESPACES);
            assertThat(inNamespace)
                    .containsExactlyInAnyOrderElementsOf(clusterWide.stream()
                            .filter(p -> p.scope() == Scope.WATCHED_NAMESPACES)
                            .toList());
        }
        assertThat(granted(namespaced)).containsExactlyInAnyOrderElementsOf(clusterWide);
    }

    @Test
    void theTableRecognisesTheAccessesItDescribes() {
        Map<String, String> code = Map.of(
                "cluster/Roller.java",
                "client.pods().inNamespace(ns).withName(pod).delete();",
                "cluster/Builders.java",
                "import io.fabric8.kubernetes.api.model.apps.StatefulSet;\n"
                        + "StatefulSet s = client.apps().statefulSets().resource(desired).update();",
                "group/Autoscaler.java",
                "client.apps().deployments().inNamespace(ns).withName(n).scale(3);",
                "cluster/Reconciler.java",
                "@ControllerConfiguration public class KafkaClusterReconciler implements"
                        + " Reconciler<KafkaCluster> { new OwnerReference(); }");
        Set<Permission> found = needed(code).keySet();
        assertThat(found)
                .contains(
                        new Permission(Scope.WATCHED_NAMESPACES, "", "pods", "delete"),
                        new Permission(Scope.WATCHED_NAMESPACES, "apps", "statefulsets", "update"),
                        new Permission(Scope.WATCHED_NAMESPACES, "apps", "deployments/scale", "update"),
                        new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", "kafkaclusters", "watch"),
                        new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", "kafkaclusters/status", "patch"),
                        new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", "kafkaclusters/finalizers", "update"));
        assertThat(found)
                .noneMatch(p -> p.resource().equals("services") || p.resource().equals("leases"));
    }

    /** Every permission the given sources (file name → text) need, with the files that need it. */
    static Map<Permission, Set<String>> needed(Map<String, String> sources) {
        Map<Permission, Set<String>> needed = new TreeMap<>();
        Set<String> reconciledKinds = new TreeSet<>();
        boolean ownsChildren = false;
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String file = source.getKey();
            String text = source.getValue();
            for (Access access : ACCESSES) {
                if (access.evidence().matcher(text).find()) {
                    access.permissions()
                            .forEach(p -> needed.computeIfAbsent(p, k -> new TreeSet<>())
                                    .add(file));
                }
            }
            Matcher reconciler = RECONCILER.matcher(text);
            while (reconciler.find()) {
                String plural = plural(reconciler.group(1));
                reconciledKinds.add(plural);
                Stream.of("get", "list", "watch", "patch", "update")
                        .forEach(v ->
                                add(needed, new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", plural, v), file));
                Stream.of("get", "patch", "update")
                        .forEach(v -> add(
                                needed,
                                new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", plural + "/status", v),
                                file));
            }
            Matcher reads = READS_KIND.matcher(text);
            while (reads.find()) {
                if (isKrafterKind(reads.group(1))) {
                    String plural = plural(reads.group(1));
                    READ.forEach(
                            v -> add(needed, new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", plural, v), file));
                }
            }
            ownsChildren |= OWNS_CHILDREN.matcher(text).find();
        }
        if (ownsChildren) {
            reconciledKinds.forEach(plural -> add(
                    needed,
                    new Permission(Scope.WATCHED_NAMESPACES, "krafter.dev", plural + "/finalizers", "update"),
                    "ownerReferences on children"));
        }
        return needed;
    }

    private static void add(Map<Permission, Set<String>> needed, Permission permission, String file) {
        needed.computeIfAbsent(permission, k -> new TreeSet<>()).add(file);
    }

    /** Every permission the rendered chart grants to the operator's ServiceAccount. */
    static Set<Permission> granted(RenderedChart chart) {
        Set<Permission> granted = new TreeSet<>();
        for (JsonNode role : chart.ofKind("ClusterRole")) {
            granted.addAll(permissions(role.path("rules"), Scope.WATCHED_NAMESPACES));
        }
        String operatorNamespace = chart.deployment().at("/metadata/namespace").asText();
        for (JsonNode role : chart.ofKind("Role")) {
            Scope scope = role.at("/metadata/name").asText().endsWith("-leader-election")
                            && operatorNamespace.equals(
                                    role.at("/metadata/namespace").asText())
                    ? Scope.OPERATOR_NAMESPACE
                    : Scope.WATCHED_NAMESPACES;
            granted.addAll(permissions(role.path("rules"), scope));
        }
        return granted;
    }

    static Set<Permission> permissions(JsonNode rules, Scope scope) {
        Set<Permission> permissions = new TreeSet<>();
        for (JsonNode rule : rules) {
            assertThat(rule.has("resourceNames") || rule.has("nonResourceURLs")).isFalse();
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        assertThat(verb.asText()).as("no wildcard verbs").isNotEqualTo("*");
                        assertThat(resource.asText())
                                .as("no wildcard resources")
                                .isNotEqualTo("*");
                        permissions.add(new Permission(scope, group.asText(), resource.asText(), verb.asText()));
                    }
                }
            }
        }
        return permissions;
    }

    private static boolean isKrafterKind(String simpleName) {
        try {
            return HasMetadata.class.isAssignableFrom(Class.forName(API_PACKAGE + simpleName));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String plural(String simpleName) {
        try {
            return HasMetadata.getPlural(Class.forName(API_PACKAGE + simpleName).asSubclass(HasMetadata.class));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Reconciler<" + simpleName + "> is not a kind of " + API_PACKAGE, e);
        }
    }

    private static Map<String, String> sources(Path root) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(root.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sources).as("operator sources under %s", root).isNotEmpty();
        return sources;
    }
}
