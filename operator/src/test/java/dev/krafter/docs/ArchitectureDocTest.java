package dev.krafter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
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
 * The package diagram of docs/architecture.md is the operator's packages as they are: every package under
 * {@code operator/src/main/java/dev/krafter} is a node and no other, and an arrow {@code a --> b} is drawn exactly when
 * a class of {@code a} imports one of {@code b}. A package added, removed or newly depended on fails this test until
 * the diagram says so.
 */
class ArchitectureDocTest {
    private static final Path DOC = Path.of("../docs/architecture.md");
    private static final Path PACKAGES = Path.of("src/main/java/dev/krafter");
    /** The diagram is the Mermaid block that carries this comment line. */
    static final String MARKER = "%% packages of operator/src/main/java/dev/krafter";

    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.krafter\\.([a-z0-9]+)\\.", Pattern.MULTILINE);
    private static final Pattern EDGE = Pattern.compile("^([\\w\\s&]+?)\\s*-->\\s*([\\w\\s&]+)$");
    private static final Pattern NODE = Pattern.compile("^(\\w+)\\s*[\\[(].*$");

    /** A drawn dependency: a class of {@code from} imports one of {@code to}. */
    record Edge(String from, String to) implements Comparable<Edge> {
        @Override
        public int compareTo(Edge o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return from + " --> " + to;
        }
    }

    /** What the diagram shows. */
    record Diagram(Set<String> packages, Set<Edge> edges) {}

    @Test
    void theDiagramNamesEveryPackageAndNoOther() throws IOException {
        Set<String> drawn = diagram(Files.readString(DOC)).packages();
        Set<String> existing = packages();
        assertThat(difference(drawn, existing))
                .as("packages in the diagram of %s that do not exist under operator/%s", DOC, PACKAGES)
                .isEmpty();
        assertThat(difference(existing, drawn))
                .as("packages under operator/%s missing from the diagram of %s", PACKAGES, DOC)
                .isEmpty();
    }

    @Test
    void theDiagramDrawsEveryDependencyAndNoOther() throws IOException {
        Set<Edge> drawn = diagram(Files.readString(DOC)).edges();
        Set<Edge> imported = dependencies();
        assertThat(difference(drawn, imported))
                .as("arrows in the diagram of %s for which no class of the first package imports the second", DOC)
                .isEmpty();
        assertThat(difference(imported, drawn))
                .as("imports between operator packages the diagram of %s does not draw", DOC)
                .isEmpty();
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        assertThat(cycles(dependencies()))
                .as("package cycles (the composition root is app; shared reconcile support"
                        + " is operator, which imports no reconciler)")
                .isEmpty();
    }

    @Test
    void aCycleIsFoundThroughAnyNumberOfPackages() {
        Set<Edge> edges = Set.of(
                new Edge("app", "user"),
                new Edge("user", "cluster"),
                new Edge("cluster", "operator"),
                new Edge("operator", "user"),
                new Edge("cluster", "status"));
        assertThat(cycles(edges))
                .containsExactly(
                        "cluster --> operator --> user --> cluster",
                        "operator --> user --> cluster --> operator",
                        "user --> cluster --> operator --> user");
        assertThat(cycles(Set.of(new Edge("app", "operator"), new Edge("cluster", "operator"))))
                .isEmpty();
    }

    @Test
    void theParserReadsNodesSubgraphsAndGroupedArrows() {
        String doc = """
                text
                ```mermaid
                flowchart LR
                    %% packages of operator/src/main/java/dev/krafter
                    subgraph kinds [one reconciler per kind]
                        cluster[cluster: KafkaCluster]
                        topic
                    end
                    status(status)
                    cluster --> status & roll
                    topic & cluster --> failure
                    classDef gap stroke:#c00
                    class cluster gap
                ```
                ```mermaid
                flowchart LR
                    other --> elsewhere
                ```
                """;
        Diagram diagram = diagram(doc);
        assertThat(diagram.packages()).containsExactlyInAnyOrder("cluster", "topic", "status", "roll", "failure");
        assertThat(diagram.edges())
                .containsExactlyInAnyOrder(
                        new Edge("cluster", "status"),
                        new Edge("cluster", "roll"),
                        new Edge("topic", "failure"),
                        new Edge("cluster", "failure"));
    }

    /** The nodes and arrows of the Mermaid block carrying {@link #MARKER}; subgraphs and styling are not packages. */
    static Diagram diagram(String doc) {
        List<String> lines = block(doc);
        Set<String> packages = new TreeSet<>();
        Set<Edge> edges = new TreeSet<>();
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty()
                    || line.startsWith("%%")
                    || line.startsWith("flowchart")
                    || line.startsWith("graph")
                    || line.startsWith("subgraph")
                    || line.equals("end")
                    || line.startsWith("classDef")
                    || line.startsWith("class ")
                    || line.startsWith("style ")
                    || line.startsWith("direction")) {
                continue;
            }
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                for (String from : ids(edge.group(1))) {
                    for (String to : ids(edge.group(2))) {
                        edges.add(new Edge(from, to));
                        packages.add(from);
                        packages.add(to);
                    }
                }
                continue;
            }
            Matcher node = NODE.matcher(line);
            if (node.matches()) {
                packages.add(node.group(1));
            } else if (line.matches("\\w+")) {
                packages.add(line);
            } else {
                throw new AssertionError("the package diagram of " + DOC + " has a line this test cannot read (write"
                        + " nodes as id[label] and arrows as a --> b or a --> b & c): " + line);
            }
        }
        return new Diagram(packages, edges);
    }

    private static List<String> block(String doc) {
        String[] blocks = doc.split("(?m)^```");
        return Arrays.stream(blocks)
                .filter(b -> b.startsWith("mermaid") && b.contains(MARKER))
                .findFirst()
                .map(b -> b.lines().skip(1).toList())
                .orElseThrow(() -> new AssertionError(DOC + " has no Mermaid block with the line \"" + MARKER + "\""));
    }

    private static List<String> ids(String side) {
        return Arrays.stream(side.split("&"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The packages of the operator: directories under {@link #PACKAGES} holding Java sources. */
    static Set<String> packages() throws IOException {
        try (Stream<Path> dirs = Files.list(PACKAGES)) {
            return dirs.filter(Files::isDirectory)
                    .filter(ArchitectureDocTest::hasSources)
                    .map(d -> d.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Package {@code a} imports from operator package {@code b} (the API model of the crds module is not drawn). */
    static Set<Edge> dependencies() throws IOException {
        Set<String> packages = packages();
        Set<Edge> edges = new TreeSet<>();
        for (String from : packages) {
            try (Stream<Path> files = Files.list(PACKAGES.resolve(from))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher imported = IMPORT.matcher(Files.readString(file));
                    while (imported.find()) {
                        String to = imported.group(1);
                        if (!to.equals(from) && packages.contains(to)) {
                            edges.add(new Edge(from, to));
                        }
                    }
                }
            }
        }
        return edges;
    }

    /** For each package that reaches itself through the arrows, the shortest such path. */
    static Set<String> cycles(Set<Edge> edges) {
        Map<String, List<String>> next = new TreeMap<>();
        edges.forEach(
                e -> next.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to()));
        Set<String> found = new TreeSet<>();
        for (String start : next.keySet()) {
            Map<String, String> cameFrom = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty() && !cameFrom.containsKey(start)) {
                String at = queue.poll();
                for (String to : next.getOrDefault(at, List.of())) {
                    if (!cameFrom.containsKey(to)) {
                        cameFrom.put(to, at);
                        queue.add(to);
                    }
                }
            }
            if (cameFrom.containsKey(start)) {
                List<String> path = new ArrayList<>(List.of(start));
                for (String at = cameFrom.get(start); !at.equals(start); at = cameFrom.get(at)) {
                    path.add(0, at);
                }
                path.add(0, start);
                found.add(String.join(" --> ", path));
            }
        }
        return found;
    }

    private static boolean hasSources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends Comparable<T>> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
