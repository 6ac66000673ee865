package dev.krafter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.BrokersStatus;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KafkaUserStatus;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.status.Health;
import dev.krafter.status.StatusWriter;
import dev.krafter.testing.RequiredTool;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the Argo CD health check ({@code helm-chart/krafter/argocd/health.lua}) for every kind in real Lua interpreters
 * (lua5.1, the dialect of Argo CD's gopher-lua, and lua5.4, whichever are installed) against resources whose status the
 * operator's own code ({@link StatusWriter}, {@link Health}) wrote, plus hand-made edge cases. Skipped, with a message,
 * only when no Lua interpreter is installed.
 */
class ArgoCdHealthCheckTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final List<String> INTERPRETERS = List.of("lua5.1", "lua5.4", "lua5.3", "lua");

    record Kind(String name, Supplier<CustomResource<?, ? extends KrafterStatus>> create) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("KafkaCluster", () -> withStatus(new KafkaCluster(), new KafkaClusterStatus())),
                new Kind("Topic", () -> withStatus(new Topic(), new TopicStatus())),
                new Kind("ConsumerGroup", () -> withStatus(new ConsumerGroup(), new ConsumerGroupStatus())),
                new Kind("KafkaUser", () -> withStatus(new KafkaUser(), new KafkaUserStatus())));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void conditionsWrittenByTheOperatorMapToArgoCdHealth(Kind kind) {
        assertHealth(
                kind,
                concluded(kind, Health.ready("Ready", "3 partitions, replication factor 3")),
                "Healthy",
                "Ready: 3 partitions, replication factor 3");
        assertHealth(
                kind,
                concluded(kind, Health.progressing("KafkaUnreachable", "no broker answered in 30s")),
                "Progressing",
                "KafkaUnreachable: no broker answered in 30s");
        assertHealth(
                kind,
                concluded(kind, Health.stalled("InvalidSpec", "spec.partitions: must be at least 1")),
                "Degraded",
                "InvalidSpec: spec.partitions: must be at least 1");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void statusOlderThanTheSpecOrMissingIsProgressing(Kind kind) {
        CustomResource<?, ? extends KrafterStatus> stale = concluded(kind, Health.ready("Ready", "ok"));
        stale.getMetadata().setGeneration(3L);
        assertHealth(kind, stale, "Progressing", "generation 3 (observed 2)");

        CustomResource<?, ? extends KrafterStatus> fresh = kind.create().get();
        fresh.setStatus(null);
        assertHealth(kind, fresh, "Progressing", "Waiting for the operator");

        ObjectNode noObservedGeneration = json(concluded(kind, Health.ready("Ready", "ok")));
        ((ObjectNode) noObservedGeneration.path("status")).remove("observedGeneration");
        assertHealth(kind, noObservedGeneration, "Progressing", "observed none");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void readyFalseWithNobodyWorkingOnItIsDegradedAndUnknownIsProgressing(Kind kind) {
        ObjectNode notReady = json(concluded(kind, Health.ready("Ready", "ok")));
        ArrayNode conditions = (ArrayNode) notReady.at("/status/conditions");
        conditions.removeAll();
        conditions
                .addObject()
                .put("type", "Ready")
                .put("status", "False")
                .put("reason", "BrokersDown")
                .put("message", "0/3 brokers ready");
        assertHealth(kind, notReady, "Degraded", "BrokersDown: 0/3 brokers ready");

        ((ObjectNode) conditions.get(0)).put("status", "Unknown");
        assertHealth(kind, notReady, "Progressing", "BrokersDown");

        conditions.removeAll();
        assertHealth(kind, notReady, "Progressing", "Waiting for the Ready condition");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void pausedResourcesAreSuspended(Kind kind) {
        CustomResource<?, ? extends KrafterStatus> paused = concluded(kind, Health.ready("Ready", "ok"));
        paused.getMetadata().setAnnotations(Map.of(ApiGroup.PAUSED_ANNOTATION, "true"));
        assertHealth(kind, paused, "Suspended", "paused");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aRollingClusterShowsItsBrokerCount(Kind kind) {
        CustomResource<?, ? extends KrafterStatus> resource =
                concluded(kind, Health.progressing("RollingRestart", "restarting broker 1"));
        if (resource.getStatus() instanceof KafkaClusterStatus status) {
            BrokersStatus brokers = new BrokersStatus();
            brokers.setDesired(3);
            brokers.setReady(2);
            status.setBrokers(brokers);
            assertHealth(kind, resource, "Progressing", "RollingRestart: restarting broker 1 (brokers ready: 2/3)");
        } else {
            assertHealth(kind, resource, "Progressing", "RollingRestart: restarting broker 1");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyKindHasAHealthCheckDocumentedInTheArgoCdConfigMapSnippet(Kind kind) throws IOException {
        Path script = script(kind);
        assertThat(script).isRegularFile();
        String docs = Files.readString(ChartFiles.repositoryRoot().resolve("docs/gitops.md"));
        String prefix = "resource.customizations.health.krafter.dev_" + kind.name() + ": ";
        assertThat(docs).contains(prefix);
        String value = docs.substring(docs.indexOf(prefix) + prefix.length())
                .lines()
                .findFirst()
                .orElseThrow();
        // The script is written out once, under an anchor, and the other kinds name it by its alias.
        String anchor = value.startsWith("*")
                ? value.substring(1).strip()
                : value.replace("|", "").replace("&", "").strip();
        String key = ": &" + anchor + " |";
        assertThat(docs).as("the anchor %s %s names", anchor, kind.name()).contains(key);
        String block = docs.substring(docs.indexOf(key) + key.length());
        String documented = block.lines()
                .skip(1)
                .takeWhile(l -> l.isBlank() || l.startsWith("    "))
                .map(l -> l.length() >= 4 ? l.substring(4) : "")
                .reduce("", (a, b) -> a + b + "\n")
                .strip();
        assertThat(documented)
                .as("docs/gitops.md carries %s unchanged", script.getFileName())
                .isEqualTo(Files.readString(script).strip());
    }

    // --- harness ---

    private static CustomResource<?, ? extends KrafterStatus> concluded(Kind kind, Health health) {
        CustomResource<?, ? extends KrafterStatus> resource = kind.create().get();
        conclude(resource, health);
        return resource;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void conclude(CustomResource resource, Health health) {
        StatusWriter.conclude(resource, StatusWriter.snapshot(resource.getStatus()), health, CLOCK);
    }

    private static <S extends KrafterStatus, R extends CustomResource<?, S>> R withStatus(R resource, S status) {
        resource.setMetadata(new ObjectMetaBuilder()
                .withName("sample")
                .withNamespace("apps")
                .withGeneration(2L)
                .withUid("c0ffee")
                .build());
        resource.setStatus(status);
        return resource;
    }

    private static ObjectNode json(Object resource) {
        return Serialization.jsonMapper().valueToTree(resource);
    }

    private static void assertHealth(Kind kind, Object resource, String status, String messagePart) {
        JsonNode obj = resource instanceof JsonNode node ? node : json(resource);
        List<String> interpreters = interpreters();
        for (String lua : interpreters) {
            String[] result = run(lua, script(kind), obj);
            assertThat(result[0])
                    .as("%s health of %s in %s", kind, obj.path("status"), lua)
                    .isEqualTo(status);
            assertThat(result[1]).as("%s message in %s", kind, lua).contains(messagePart);
        }
    }

    /** One script for every kind: the same conditions mean the same health, and only a KafkaCluster has brokers. */
    private static Path script(Kind kind) {
        return ChartFiles.chart().resolve("argocd/health.lua");
    }

    private static List<String> interpreters() {
        List<String> found =
                INTERPRETERS.stream().filter(ArgoCdHealthCheckTest::onPath).toList();
        RequiredTool.require(
                !found.isEmpty(),
                "no Lua interpreter (lua5.1, lua5.4 or lua) on PATH: Argo CD health checks not "
                        + "tested. Install one: apt-get install -y lua5.4");
        // lua5.1 and lua5.4 cover Argo CD's dialect and the current one; a plain "lua" only when neither is there.
        return found.size() > 1 ? found.stream().filter(l -> !l.equals("lua")).toList() : found;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** Runs a check the way Argo CD does: {@code obj} is a global table, the script returns {@code hs}. */
    private static String[] run(String lua, Path script, JsonNode obj) {
        String harness = "obj = " + LuaTable.of(obj) + "\n"
                + "local check = assert(loadfile(" + LuaTable.string(script.toString()) + "))\n"
                + "local hs = check()\n"
                + "io.write(tostring(hs.status), \"\\n\", tostring(hs.message), \"\\n\")\n";
        try {
            Path file = Files.createTempFile("argocd-health", ".lua");
            try {
                Files.writeString(file, harness);
                Process process = new ProcessBuilder(lua, file.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue())
                        .as("%s %s:\n%s", lua, script, output)
                        .isZero();
                String[] lines = output.split("\n", -1);
                return new String[] {lines[0], lines.length > 1 ? lines[1] : ""};
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
