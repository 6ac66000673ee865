package dev.krafter.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.krafter.api.schema.CrdSchemaValidator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example validates against the generated CRD schemas, and every invalid example marked
 * {@code rejected-by: schema} is refused with the message it expects (the ones marked {@code rejected-by: operator}
 * pass the schema and are checked by the operator's tests).
 */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static Stream<Path> invalidExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("invalid"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsValid(Path example) throws IOException {
        for (JsonNode resource : documents(example)) {
            assertThat(validator(resource).validate(resource)).as(example.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("invalidExamples")
    void invalidExampleIsRejectedWhereItSays(Path example) throws IOException {
        String text = Files.readString(example);
        String rejectedBy = header(text, "rejected-by");
        String expected = header(text, "expect");
        JsonNode resource = documents(example).get(0);
        List<String> errors = validator(resource).validate(resource);
        if (rejectedBy.equals("schema")) {
            assertThat(errors).as(example.toString()).anySatisfy(e -> assertThat(e).contains(expected));
        } else {
            assertThat(rejectedBy).isEqualTo("operator");
            assertThat(errors).as("%s passes the schema; the operator refuses it", example).isEmpty();
        }
    }

    static String header(String text, String key) {
        return text.lines().filter(l -> l.startsWith("# " + key + ": ")).map(l -> l.substring(key.length() + 4))
                .findFirst().orElseThrow(() -> new AssertionError("missing '# " + key + ": ' header"));
    }

    static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(n -> !n.isNull()).toList();
        }
    }

    static CrdSchemaValidator validator(JsonNode resource) throws IOException {
        return validators().get(resource.path("kind").asText());
    }

    static Map<String, CrdSchemaValidator> validators() throws IOException {
        return GeneratedCrdsTest.generatedFiles().stream().map(ExamplesTest::load).map(CrdSchemaValidator::new)
                .collect(Collectors.toMap(CrdSchemaValidator::kind, Function.identity()));
    }

    private static CustomResourceDefinition load(Path file) {
        try {
            return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
