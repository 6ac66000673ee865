package dev.krafter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.cluster.ClusterReasons;
import dev.krafter.group.GroupReasons;
import dev.krafter.status.Reasons;
import dev.krafter.topic.TopicReasons;
import dev.krafter.user.UserReasons;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md explains every reason the operator can put on a condition or an Event, under the kind that
 * sets it. The reasons are the constants of a short list of holder classes; the operator's sources pass no reason that
 * is not one of them (no string literal, no other constant), so a reason added anywhere fails this test until it is
 * documented.
 */
class TroubleshootingDocTest {
    private static final Path DOC = Path.of("../docs/troubleshooting.md");
    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final Path MAIN_CLASSES = Path.of("target/classes");

    /** Each holder of reasons and the section of the page that documents its reasons. */
    private static final Map<Class<?>, String> HOLDERS = new LinkedHashMap<>();

    static {
        HOLDERS.put(Reasons.class, "Every kind");
        HOLDERS.put(ClusterReasons.class, "KafkaCluster");
        HOLDERS.put(TopicReasons.class, "Topic");
        HOLDERS.put(GroupReasons.class, "ConsumerGroup");
        HOLDERS.put(UserReasons.class, "KafkaUser");
    }

    /**
     * The calls that take a reason (or a condition type), by how they are written in the sources, and which of their
     * arguments are reasons.
     */
    private static final Map<Pattern, List<Integer>> REASON_ARGUMENTS = Map.of(
            Pattern.compile("\\bHealth\\.(?:ready|progressing|stalled|paused|degraded)\\("), List.of(0),
            Pattern.compile("\\bnew Health\\("), List.of(1),
            Pattern.compile("\\.stall\\("), List.of(0),
            Pattern.compile("\\bstalled\\("), List.of(2),
            Pattern.compile("\\.operation\\("), List.of(0),
            Pattern.compile("\\bwithExtra\\("), List.of(1, 4),
            Pattern.compile("\\bRefuse\\("), List.of(0),
            Pattern.compile("\\.(?:normal|warning)\\("), List.of(1));

    private static final Pattern CONSTANT = Pattern.compile("(?:(\\w+)\\.)?([A-Z][A-Z0-9_]*)");
    private static final Pattern DOCUMENTED_ROW = Pattern.compile("^\\|\\s*`([A-Za-z]+)`\\s*\\|", Pattern.MULTILINE);

    @Test
    void everyReasonIsDocumentedUnderItsKind() throws IOException {
        Map<String, Set<String>> documented = documentedBySection(Files.readString(DOC));
        List<String> missing = new ArrayList<>();
        HOLDERS.forEach((holder, section) -> {
            Set<String> rows = documented.getOrDefault(section, Set.of());
            for (String reason : reasons(holder)) {
                if (!rows.contains(reason)) {
                    missing.add(reason + " (" + holder.getSimpleName() + ", section \"" + section + "\")");
                }
            }
        });
        assertThat(missing).as("reasons without a row in %s", DOC).isEmpty();
    }

    @Test
    void everyDocumentedReasonExists() throws IOException {
        Set<String> known =
                HOLDERS.keySet().stream().flatMap(h -> reasons(h).stream()).collect(Collectors.toSet());
        Set<String> stale = documentedBySection(Files.readString(DOC)).values().stream()
                .flatMap(Set::stream)
                .filter(r -> !known.contains(r))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(stale)
                .as("rows of %s for reasons the operator no longer sets", DOC)
                .isEmpty();
    }

    @Test
    void everyReasonsClassIsAHolder() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN_CLASSES)) {
            Set<String> reasonClasses = files.map(
                            p -> MAIN_CLASSES.relativize(p).toString())
                    .filter(p -> p.endsWith("Reasons.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(reasonClasses)
                    .as("classes holding reasons; add a new one to HOLDERS and to the page")
                    .containsExactlyInAnyOrderElementsOf(
                            HOLDERS.keySet().stream().map(Class::getName).toList());
        }
    }

    @Test
    void theSourcesSetNoReasonOutsideTheHolders() throws IOException {
        List<String> offences = new ArrayList<>();
        int calls = 0;
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<ReasonArgument> found = reasonArguments(Files.readString(file));
                calls += found.size();
                found.stream()
                        .filter(a -> !allowed(a.text()))
                        .forEach(a ->
                                offences.add(MAIN_SOURCES.relativize(file) + ": " + a.call() + " ... " + a.text()));
            }
        }
        assertThat(calls).as("calls passing a reason found in the sources").isGreaterThan(60);
        assertThat(offences)
                .as(
                        "reasons set from outside %s",
                        HOLDERS.keySet().stream().map(Class::getSimpleName).toList())
                .isEmpty();
    }

    @Test
    void theScanFindsALiteralReasonAndAConstantOfAnotherClass() {
        String source = """
                class X {
                    void f() {
                        support.stalled(group, before, "PodUnschedulable", "pod kafka-0: " + why(a, b));
                        return Health.progressing(PodProblem.CRASH_LOOPING, message);
                        outcome.stall(ClusterReasons.BLOCKED, "fine");
                        events.warning(cluster, reason, "fine");
                    }
                }
                """;
        assertThat(reasonArguments(source))
                .extracting(ReasonArgument::text)
                .containsExactly(
                        "\"PodUnschedulable\"", "PodProblem.CRASH_LOOPING", "ClusterReasons.BLOCKED", "reason");
        assertThat(reasonArguments(source))
                .extracting(a -> allowed(a.text()))
                .containsExactly(false, false, true, true);
    }

    /** A reason argument is a holder constant, or an expression that passes one on (a variable, a call). */
    private static boolean allowed(String argument) {
        if (argument.startsWith("\"")) {
            return false;
        }
        Matcher constant = CONSTANT.matcher(argument);
        if (!constant.matches()) {
            return true;
        }
        return HOLDERS.keySet().stream()
                .anyMatch(holder ->
                        (constant.group(1) == null || constant.group(1).equals(holder.getSimpleName()))
                                && hasConstant(holder, constant.group(2)));
    }

    private static boolean hasConstant(Class<?> holder, String name) {
        return Arrays.stream(holder.getFields()).anyMatch(f -> f.getName().equals(name));
    }

    record ReasonArgument(String call, String text) {}

    static List<ReasonArgument> reasonArguments(String source) {
        List<ReasonArgument> result = new ArrayList<>();
        REASON_ARGUMENTS.forEach((call, positions) -> {
            Matcher matcher = call.matcher(source);
            while (matcher.find()) {
                List<String> arguments = arguments(source, matcher.end());
                for (int position : positions) {
                    if (position < arguments.size()) {
                        result.add(new ReasonArgument(matcher.group(), arguments.get(position)));
                    }
                }
            }
        });
        result.sort((a, b) -> Integer.compare(source.indexOf(a.text()), source.indexOf(b.text())));
        return result;
    }

    /** The top-level arguments of the call whose argument list starts at {@code from}, trimmed. */
    static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                current.append(c);
                if (c == '\\') {
                    current.append(source.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            arguments.add(current.toString().trim());
        }
        return arguments;
    }

    /** The reasons a holder declares: its public static final String constants. */
    static List<String> reasons(Class<?> holder) {
        List<String> reasons = new ArrayList<>();
        for (Field field : holder.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    reasons.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return reasons;
    }

    /** The reasons in the first column of the tables of each "## " section, by section title. */
    static Map<String, Set<String>> documentedBySection(String doc) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        String[] sections = doc.split("(?m)^## ");
        for (String section : Arrays.asList(sections).subList(1, sections.length)) {
            String title = section.lines().findFirst().orElse("").trim();
            Set<String> rows = new TreeSet<>();
            Matcher row = DOCUMENTED_ROW.matcher(section);
            while (row.find()) {
                rows.add(row.group(1));
            }
            result.put(title, rows);
        }
        return result;
    }
}
