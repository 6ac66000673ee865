package dev.krafter.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * spec.image follows the image reference grammar of github.com/distribution/reference (what the kubelet parses), so an
 * image the kubelet would refuse with InvalidImageName is refused when applied. Checked against the pattern of the
 * generated CRD, which is what the API server enforces.
 */
class ImageReferencePatternTest {
    private static final Path CRD = Path.of("target/classes/META-INF/fabric8/kafkaclusters.krafter.dev-v1.yml");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "krafter/kafka:4.4.0",
                "kafka",
                "localhost/kafka:4.4.0-custom",
                "registry:5000/a/b:tag@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "quay.io/org/kafka@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "my-registry.example.com/team__x/kafka.v2:4.4.0_build-7",
                "Registry.Example.com:443/a--b/c:LATEST",
                "[::1]:5000/kafka:4.4.0",
                "Registry/kafka:4.4.0",
                "192.168.1.10:5000/kafka"
            })
    void acceptsReferencesTheGrammarAccepts(String image) throws IOException {
        assertThat(pattern().matcher(image).matches()).as(image).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "krafter/kafka: bad",
                " krafter/kafka:4.4.0",
                "krafter/Kafka:4.4.0",
                "krafter/kafka:",
                "krafter/kafka:-tag",
                "krafter/kafka@sha256:abc",
                "krafter//kafka",
                "krafter/kafka/",
                "https://registry/kafka:4.4.0",
                "krafter/kafka:4.4.0@"
            })
    void refusesWhatTheKubeletWouldCallAnInvalidImageName(String image) throws IOException {
        assertThat(pattern().matcher(image).matches()).as(image).isFalse();
    }

    @Test
    void aTagHasAtMost128Characters() throws IOException {
        assertThat(pattern().matcher("krafter/kafka:" + "t".repeat(128)).matches())
                .isTrue();
        assertThat(pattern().matcher("krafter/kafka:" + "t".repeat(129)).matches())
                .isFalse();
    }

    @Test
    void theDescriptionSaysWhatAReferenceLooksLike() throws IOException {
        assertThat(image().get("description").asText()).contains("registry:5000/repository/name:tag@sha256:");
    }

    private static Pattern pattern() throws IOException {
        JsonNode pattern = image().get("pattern");
        assertThat(pattern).as("spec.image has a pattern in the CRD").isNotNull();
        return Pattern.compile(pattern.asText());
    }

    private static JsonNode image() throws IOException {
        try (InputStream in = Files.newInputStream(CRD)) {
            JsonNode crd = Serialization.yamlMapper().readTree(in);
            return crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/image");
        }
    }
}
