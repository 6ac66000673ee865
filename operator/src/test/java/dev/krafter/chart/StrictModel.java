package dev.krafter.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rendered object into its fabric8 model class and lists every field the model does not know (fabric8 keeps
 * them in {@code additionalProperties} instead of failing): a misspelled field in a template shows up here, where a
 * real API server would drop or refuse it.
 */
final class StrictModel {
    private StrictModel() {}

    static List<String> unknownFields(JsonNode object) {
        KubernetesResource typed = Serialization.unmarshal(object.toString(), KubernetesResource.class);
        if (typed instanceof GenericKubernetesResource) {
            throw new AssertionError(
                    "no fabric8 model for " + object.path("apiVersion").asText() + "/"
                            + object.path("kind").asText());
        }
        List<String> unknown = new ArrayList<>();
        walk(typed, object.path("kind").asText(), unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, true) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (!name.startsWith("get") && !name.startsWith("is")) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (name.equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    String field = name.startsWith("get") ? name.substring(3) : name.substring(2);
                    walk(
                            child,
                            path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1),
                            unknown,
                            seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
