package dev.krafter.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against the OpenAPI v3 schema of its CRD the way the Kubernetes API server does for
 * the keywords Krafter's CRDs use (type, properties, required, enum, pattern, minimum/maximum, lengths, item counts,
 * additionalProperties, int-or-string, preserve-unknown-fields), and refuses unknown fields as {@code kubectl apply}
 * does with strict field validation. Messages follow the API server's wording, so tests and the simulated cluster
 * show users what a real cluster would.
 */
public final class CrdSchemaValidator {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec", "status");

    private final CustomResourceDefinition crd;
    private final JsonNode schema;

    public CrdSchemaValidator(CustomResourceDefinition crd) {
        this.crd = crd;
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getStorage).findFirst().orElseThrow();
        this.schema = Serialization.jsonMapper().valueToTree(version.getSchema().getOpenAPIV3Schema());
    }

    public String kind() {
        return crd.getSpec().getNames().getKind();
    }

    /** The problems in {@code resource}; empty when the API server would accept it. */
    public List<String> validate(JsonNode resource) {
        List<String> errors = new ArrayList<>();
        if (!resource.isObject()) {
            errors.add("the resource must be an object");
            return errors;
        }
        String expectedApiVersion = crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName();
        if (!expectedApiVersion.equals(resource.path("apiVersion").asText())) {
            errors.add("apiVersion: Invalid value: \"" + resource.path("apiVersion").asText() + "\": must be " + expectedApiVersion);
        }
        if (!kind().equals(resource.path("kind").asText())) {
            errors.add("kind: Invalid value: \"" + resource.path("kind").asText() + "\": must be " + kind());
        }
        String name = resource.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            errors.add("metadata.name: Required value: name is required");
        } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            errors.add("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must consist of lower"
                    + " case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        }
        Iterator<String> fields = resource.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!TOP_LEVEL.contains(field)) {
                errors.add(".\"" + field + "\": field not declared in schema");
            }
        }
        ObjectNode body = resource.deepCopy();
        body.remove(List.of("apiVersion", "kind", "metadata", "status"));
        JsonNode specSchema = schema.path("properties").path("spec");
        if (body.has("spec")) {
            check("spec", body.get("spec"), specSchema, errors);
        } else if (containsText(schema.path("required"), "spec")) {
            errors.add("spec: Required value");
        }
        return errors;
    }

    private void check(String path, JsonNode value, JsonNode schema, List<String> errors) {
        if (schema.isMissingNode()) {
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(path + ": Invalid value: \"null\": " + path + " in body must be of type "
                        + schema.path("type").asText("object"));
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(path + ": Invalid value: " + value + ": " + path + " in body must be of type integer or string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(path + ": Invalid value: \"" + nodeType(value) + "\": " + path + " in body must be of type " + type
                    + ": \"" + nodeType(value) + "\"");
            return;
        }
        checkEnum(path, value, schema, errors);
        switch (type) {
            case "object" -> checkObject(path, value, schema, errors);
            case "array" -> checkArray(path, value, schema, errors);
            case "string" -> checkString(path, value, schema, errors);
            case "integer", "number" -> checkNumber(path, value, schema, errors);
            default -> {
            }
        }
    }

    private void checkObject(String path, JsonNode value, JsonNode schema, List<String> errors) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(path + "." + required.asText() + ": Required value");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String childPath = path + "." + entry.getKey();
            if (properties.has(entry.getKey())) {
                check(childPath, entry.getValue(), properties.get(entry.getKey()), errors);
            } else if (additional.isObject()) {
                check(childPath, entry.getValue(), additional, errors);
            } else if (!preserveUnknown) {
                errors.add(path + ": unknown field \"" + entry.getKey() + "\"");
            }
        }
    }

    private void checkArray(String path, JsonNode value, JsonNode schema, List<String> errors) {
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": Too many: " + value.size() + ": must have at most " + schema.get("maxItems").asInt() + " items");
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": Invalid value: " + value.size() + ": must have at least " + schema.get("minItems").asInt()
                    + " items");
        }
        for (int i = 0; i < value.size(); i++) {
            check(path + "[" + i + "]", value.get(i), schema.path("items"), errors);
        }
    }

    private static void checkString(String path, JsonNode value, JsonNode schema, List<String> errors) {
        String text = value.asText();
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            errors.add(path + ": Invalid value: \"" + text + "\": " + path + " in body should match '"
                    + schema.get("pattern").asText() + "'");
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
            errors.add(path + ": Too long: may not be longer than " + schema.get("maxLength").asInt());
        }
        if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
            errors.add(path + ": Invalid value: \"" + text + "\": " + path + " in body should be at least "
                    + schema.get("minLength").asInt() + " chars long");
        }
    }

    private static void checkNumber(String path, JsonNode value, JsonNode schema, List<String> errors) {
        double number = value.asDouble();
        if (schema.has("minimum") && number < schema.get("minimum").asDouble()) {
            errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be greater than or equal to "
                    + schema.get("minimum").asLong());
        }
        if (schema.has("maximum") && number > schema.get("maximum").asDouble()) {
            errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be less than or equal to "
                    + schema.get("maximum").asLong());
        }
    }

    private static void checkEnum(String path, JsonNode value, JsonNode schema, List<String> errors) {
        JsonNode allowed = schema.path("enum");
        if (!allowed.isArray() || allowed.isEmpty()) {
            return;
        }
        for (JsonNode option : allowed) {
            if (option.equals(value)) {
                return;
            }
        }
        List<String> options = new ArrayList<>();
        allowed.forEach(o -> options.add("\"" + o.asText() + "\""));
        errors.add(path + ": Unsupported value: " + value + ": supported values: " + String.join(", ", options));
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String nodeType(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isBoolean() ? "boolean" : "null";
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode node : array) {
            if (text.equals(node.asText())) {
                return true;
            }
        }
        return false;
    }
}
