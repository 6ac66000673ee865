package dev.krafter.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.Processes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict Flux and Argo CD's kstatus library ({@code sigs.k8s.io/cli-utils/pkg/kstatus/status.Compute}) reaches on
 * a resource, computed by the {@code kstatus} tool built with the local cluster ({@code local-cluster/build/kstatus}):
 * an independent reading of the conditions the operator writes, so a scenario checks what GitOps tools will show.
 */
public final class Kstatus {
    public static final String CURRENT = "Current";
    public static final String IN_PROGRESS = "InProgress";
    public static final String FAILED = "Failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What kstatus printed for one object. */
    public record Verdict(String status, String message) {}

    private Kstatus() {}

    /** kstatus' verdict on {@code resource} as given (the object JSON, status included). */
    public static Verdict of(HasMetadata resource) {
        byte[] object = Serialization.asJson(resource).getBytes(StandardCharsets.UTF_8);
        ExecResult result = Processes.run(List.of(binary()), object, Map.of(), null, Duration.ofSeconds(30), null);
        if (!result.succeeded()) {
            throw new IllegalStateException("kstatus failed (exit " + result.exitCode() + "): "
                    + result.stderr().trim());
        }
        try {
            JsonNode line = JSON.readTree(result.stdout());
            return new Verdict(
                    line.path("status").asText(), line.path("message").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("kstatus printed no JSON: " + result.stdout(), e);
        }
    }

    /** Asserts that kstatus reads {@code resource} as {@code expected} (Current, InProgress, Failed). */
    public static void assertVerdict(HasMetadata resource, String expected) {
        Verdict verdict = of(resource);
        assertThat(verdict.status())
                .as(
                        "kstatus verdict on %s %s/%s (message: %s); status: %s",
                        resource.getKind(),
                        resource.getMetadata().getNamespace(),
                        resource.getMetadata().getName(),
                        verdict.message(),
                        Serialization.asJson(resource))
                .isEqualTo(expected);
    }

    /**
     * The kstatus binary: {@code $KRAFTER_E2E_KSTATUS}, then PATH, then {@code $KRAFTER_K8S_BIN/kstatus}. Missing, it
     * skips the test (fails it under CI) with how to build it.
     */
    private static String binary() {
        Optional<String> found = Tools.find(
                "kstatus",
                "KRAFTER_E2E_KSTATUS",
                Optional.ofNullable(System.getenv("KRAFTER_K8S_BIN"))
                        .map(dir -> List.of(Path.of(dir, "kstatus")))
                        .orElse(List.of()));
        E2eEnvironment.assumeTrue(
                found.isPresent(),
                "no kstatus tool ($KRAFTER_E2E_KSTATUS, PATH, $KRAFTER_K8S_BIN):"
                        + " `bash local-cluster/build.sh` builds it with the local cluster");
        return found.orElseThrow();
    }
}
