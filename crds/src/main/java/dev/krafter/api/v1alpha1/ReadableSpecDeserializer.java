package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.stream.Collectors;

/**
 * Reads a {@link ReadableSpec} with its ordinary bean deserializer; when that fails (the stored JSON is valid for the
 * API server's schema but not for the Java model), returns an empty spec marked {@link ReadableSpec#unreadable()} with
 * the JSON path of the field and what to change. Registered on each spec class with {@code @JsonDeserialize}.
 */
public final class ReadableSpecDeserializer extends JsonDeserializer<ReadableSpec> implements ContextualDeserializer {
    private final JavaType type;
    private final JsonDeserializer<Object> bean;

    public ReadableSpecDeserializer() {
        this(null, null);
    }

    private ReadableSpecDeserializer(JavaType type, JsonDeserializer<Object> bean) {
        this.type = type;
        this.bean = bean;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
            throws JsonMappingException {
        JavaType specType = ctxt.getContextualType() != null ? ctxt.getContextualType() : property.getType();
        // The factory builds the plain bean deserializer; it does not look at the class's @JsonDeserialize (that is
        // the deserializer cache's job), so this does not recurse.
        BeanDescription description = ctxt.getConfig().introspect(specType);
        JsonDeserializer<Object> plain = ctxt.getFactory().createBeanDeserializer(ctxt, specType, description);
        if (plain instanceof ResolvableDeserializer resolvable) {
            resolvable.resolve(ctxt);
        }
        return new ReadableSpecDeserializer(specType, plain);
    }

    @Override
    public ReadableSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode tree = p.readValueAsTree();
        try (JsonParser specParser = tree.traverse(p.getCodec())) {
            specParser.nextToken();
            return (ReadableSpec) bean.deserialize(specParser, ctxt);
        } catch (JsonProcessingException e) {
            ReadableSpec spec = newSpec();
            spec.markUnreadable(describe(e, tree));
            return spec;
        }
    }

    private ReadableSpec newSpec() throws JsonMappingException {
        try {
            return (ReadableSpec) type.getRawClass().getDeclaredConstructor().newInstance();
        } catch (InstantiationException
                | IllegalAccessException
                | InvocationTargetException
                | NoSuchMethodException e) {
            throw new JsonMappingException(null, "cannot create " + type, e);
        }
    }

    /** The Java type Jackson could not read the value into, if the exception says. */
    private static Class<?> targetType(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputCoercionException coercion && coercion.getTargetType() != null) {
                return coercion.getTargetType();
            }
            if (t instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return mismatch.getTargetType();
            }
        }
        return null;
    }

    /** "spec.autoscale.cooldownSeconds: 3000000000 is out of range: the largest value is 2147483647". */
    static String describe(JsonProcessingException e, JsonNode spec) {
        String path = "spec";
        JsonNode value = spec;
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path += "." + ref.getFieldName();
                    value = value == null ? null : value.get(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path += "[" + ref.getIndex() + "]";
                    value = value == null ? null : value.get(ref.getIndex());
                }
            }
        }
        Class<?> target = targetType(e);
        if (value != null && value.isIntegralNumber() && target != null) {
            Long largest = target == Integer.TYPE || target == Integer.class
                    ? (long) Integer.MAX_VALUE
                    : target == Short.TYPE || target == Short.class ? (long) Short.MAX_VALUE : null;
            if (largest != null) {
                boolean negative = value.asText().startsWith("-");
                return path + ": " + value.asText() + " is out of range: the "
                        + (negative ? "smallest value is " + (-largest - 1) : "largest value is " + largest);
            }
        }
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return path + ": " + (value == null || value.isContainerNode() ? "" : value.toString() + ": ")
                + original.lines().collect(Collectors.joining(" "));
    }
}
