package dev.krafter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a stored child still has every field the operator wrote, with the values it wrote. The API server adds
 * defaults and other controllers add fields (a Service's cluster IP, node ports, status): those are not compared. A
 * StatefulSet is compared by its metadata and replicas only: the server rewrites quantities in its pod template
 * ({@code 0.5} becomes {@code 500m}), which would look like an edit on every pass.
 */
final class DesiredFields {
    private DesiredFields() {}

    static boolean kept(HasMetadata desired, HasMetadata stored) {
        JsonNode want = Serialization.jsonMapper().valueToTree(desired);
        JsonNode have = Serialization.jsonMapper().valueToTree(stored);
        if (desired instanceof StatefulSet) {
            return contained(want.path("metadata"), have.path("metadata"))
                    && contained(
                            want.path("spec").path("replicas"),
                            have.path("spec").path("replicas"));
        }
        return contained(want, have);
    }

    /**
     * {@code want} is in {@code have}: every field of an object (recursively), every element of an array (same length,
     * pairwise), equal values. An absent, null, empty or blank wanted value is the server's to fill.
     */
    static boolean contained(JsonNode want, JsonNode have) {
        if (want == null || want.isNull() || want.isMissingNode() || isEmpty(want)) {
            return true;
        }
        if (have == null || have.isNull() || have.isMissingNode()) {
            return false;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = want.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!contained(field.getValue(), have.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || want.size() != have.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contained(want.get(i), have.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want.asText().equals(have.asText());
    }

    private static boolean isEmpty(JsonNode node) {
        return (node.isContainerNode() && node.isEmpty())
                || (node.isTextual() && node.asText().isEmpty());
    }
}
