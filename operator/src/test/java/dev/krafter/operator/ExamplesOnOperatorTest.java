package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.status.Conditions;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applies every example and every invalid example to the real operator on a real kube-apiserver, and checks what a
 * user would see: the API server itself refuses the schema-rejected ones with the expected message (as kubectl apply,
 * with strict field validation), and in status: observedGeneration and the three conditions, with a readable message
 * for the operator-rejected ones, while the valid ones keep reconciling.
 */
class ExamplesOnOperatorTest {
    private static final Path EXAMPLES = Path.of("../examples");
    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        // No Kafka is needed for what this test checks; the bootstrap address is never reached.
        env = OperatorTestEnvironment.start("127.0.0.1:1");
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void everyExampleGetsObservedGenerationAndConditions() throws IOException {
        List<HasMetadata> applied = applyAll(EXAMPLES, env.createNamespace("examples"));
        assertThat(applied)
                .as("one resource per top-level kind: in the examples")
                .hasSize(kindsIn(EXAMPLES));
        for (HasMetadata resource : applied) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                KrafterStatus status = statusOf(resource);
                assertThat(status).as(resource.getMetadata().getName()).isNotNull();
                assertThat(status.getObservedGeneration()).isEqualTo(1L);
                List<String> types =
                        new ArrayList<>(List.of(Conditions.READY, Conditions.RECONCILING, Conditions.STALLED));
                if (hasInsecureExternalListener(resource)) {
                    types.add("InsecureListener");
                }
                assertThat(status.getConditions())
                        .as(resource.getMetadata().getName())
                        .extracting(c -> c.getType())
                        .containsExactlyElementsOf(types);
                assertThat(Conditions.isTrue(status.getConditions(), Conditions.STALLED))
                        .as(
                                "%s is valid and must not be Stalled",
                                resource.getMetadata().getName())
                        .isFalse();
            });
        }
    }

    @Test
    void operatorRejectedExamplesAreStalledWithTheExpectedMessage() throws IOException {
        String namespace = env.createNamespace("invalid");
        // The topic-rf-above-brokers example needs its cluster to exist to be judged.
        applyAll(EXAMPLES, namespace);
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("invalid"))) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                if (!text.contains("# rejected-by: operator")) {
                    continue;
                }
                String expected = text.lines()
                        .filter(l -> l.startsWith("# expect: "))
                        .findFirst()
                        .orElseThrow()
                        .substring("# expect: ".length());
                HasMetadata resource =
                        apply(file, namespace, file.getFileName().toString().replace(".yaml", ""));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    KrafterStatus status = statusOf(resource);
                    assertThat(status).as(file.toString()).isNotNull();
                    assertThat(Conditions.isTrue(status.getConditions(), Conditions.STALLED))
                            .as(file.toString())
                            .isTrue();
                    assertThat(Conditions.find(status.getConditions(), Conditions.STALLED)
                                    .orElseThrow()
                                    .getMessage())
                            .as(file.toString())
                            .contains(expected);
                    assertThat(Conditions.find(status.getConditions(), Conditions.READY)
                                    .orElseThrow()
                                    .getStatus())
                            .isEqualTo("False");
                });
            }
        }
    }

    @Test
    void schemaRejectedExamplesAreRefusedByTheApiServerWithTheExpectedMessage() throws IOException {
        String namespace = env.createNamespace("schema");
        int checked = 0;
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("invalid"))) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                if (!text.contains("# rejected-by: schema")) {
                    continue;
                }
                String expected = text.lines()
                        .filter(l -> l.startsWith("# expect: "))
                        .findFirst()
                        .orElseThrow()
                        .substring("# expect: ".length());
                assertThatThrownBy(() -> apply(file, namespace, null, FieldValidateable.Validation.STRICT))
                        .as(file.toString())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            // 422 Invalid for schema violations; 400 BadRequest for an unknown field (strict decoding)
                            assertThat(e.getCode()).as(file.toString()).isIn(400, 422);
                            assertThat(e.getMessage()).as(file.toString()).contains(expected);
                        });
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    /** An external listener without TLS or without authentication, which the cluster's status must point out. */
    private static boolean hasInsecureExternalListener(HasMetadata resource) {
        if (!resource.getKind().equals("KafkaCluster")) {
            return false;
        }
        KafkaCluster cluster = env.client()
                .resources(KafkaCluster.class)
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName())
                .get();
        return cluster.getSpec().getListeners() != null
                && cluster.getSpec().getListeners().stream()
                        .anyMatch(l -> l.getType() != ListenerSpec.Type.INTERNAL
                                && !(l.isTls() && l.getAuthentication() != ListenerSpec.Authentication.NONE));
    }

    /** How many resources the example files hold, counted from their text: each starts with a top-level kind. */
    private static int kindsIn(Path dir) throws IOException {
        int kinds = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                kinds += (int) Files.readAllLines(file).stream()
                        .filter(line -> line.startsWith("kind:"))
                        .count();
            }
        }
        return kinds;
    }

    private static List<HasMetadata> applyAll(Path dir, String namespace) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .map(p -> apply(p, namespace, null))
                    .toList();
        }
    }

    private static HasMetadata apply(Path file, String namespace, String renameTo) {
        return apply(file, namespace, renameTo, FieldValidateable.Validation.STRICT);
    }

    /** Creates the resource of {@code file} as {@code kubectl apply} does (strict field validation by default). */
    private static HasMetadata apply(
            Path file, String namespace, String renameTo, FieldValidateable.Validation validation) {
        try (InputStream in = new FileInputStream(file.toFile())) {
            HasMetadata resource = env.client().load(in).items().get(0);
            resource.getMetadata().setNamespace(namespace);
            if (renameTo != null) {
                resource.getMetadata().setName(renameTo);
            }
            return env.client()
                    .resource(resource)
                    .inNamespace(namespace)
                    .fieldValidation(validation)
                    .create();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KrafterStatus statusOf(HasMetadata resource) {
        Class<? extends CustomResource<?, ? extends KrafterStatus>> type = switch (resource.getKind()) {
            case "KafkaCluster" -> KafkaCluster.class;
            case "Topic" -> Topic.class;
            case "ConsumerGroup" -> ConsumerGroup.class;
            case "KafkaUser" -> KafkaUser.class;
            default -> throw new IllegalArgumentException(resource.getKind());
        };
        CustomResource<?, ? extends KrafterStatus> current = env.client()
                .resources(type)
                .inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName())
                .get();
        return current == null ? null : current.getStatus();
    }
}
