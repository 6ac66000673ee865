package dev.krafter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML users apply is committed (crds/generated and the Helm chart's crds/). It must be exactly what the Java
 * model generates: this test fails when someone changes the model without regenerating. Regenerate with
 * {@code mvn -pl crds test -Dkrafter.updateCrds=true}.
 */
class GeneratedCrdsTest {
    private static final Path GENERATED =
            Path.of(System.getProperty("krafter.generatedCrds", "target/classes/META-INF/fabric8"));
    private static final List<Path> COMMITTED = List.of(
            Path.of(System.getProperty("krafter.committedCrds", "generated")),
            Path.of(System.getProperty("krafter.chartCrds", "../helm-chart/krafter/crds")));

    @Test
    void committedCrdsMatchTheJavaModel() throws IOException {
        List<Path> generated = generatedFiles();
        assertThat(generated).hasSize(4);
        boolean update = Boolean.getBoolean("krafter.updateCrds");
        for (Path committedDir : COMMITTED) {
            if (update) {
                Files.createDirectories(committedDir);
            }
            for (Path file : generated) {
                Path committed = committedDir.resolve(committedName(file));
                if (update) {
                    Files.copy(file, committed, StandardCopyOption.REPLACE_EXISTING);
                }
                assertThat(committed)
                        .as(
                                "%s is missing or differs from the generated %s: run mvn -pl crds test -Dkrafter.updateCrds=true"
                                        + " and commit the result",
                                committed, file.getFileName())
                        .exists()
                        .hasSameTextualContentAs(file);
            }
        }
    }

    static List<Path> generatedFiles() throws IOException {
        try (Stream<Path> files = Files.list(GENERATED)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-v1.yml"))
                    .sorted()
                    .toList();
        }
    }

    /** kafkaclusters.krafter.dev-v1.yml is committed as kafkaclusters.krafter.dev.yaml. */
    static String committedName(Path generated) {
        return generated.getFileName().toString().replace("-v1.yml", ".yaml");
    }
}
