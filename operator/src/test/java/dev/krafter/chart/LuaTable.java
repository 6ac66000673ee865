package dev.krafter.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Writes a JSON tree as a Lua table literal, the way Argo CD hands a resource to a health check. */
final class LuaTable {
    private LuaTable() {}

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    continue;
                }
                out.append('[').append(string(field.getKey())).append("]=");
                write(field.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('{');
            for (JsonNode item : node) {
                write(item, out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isTextual()) {
            out.append(string(node.asText()));
        } else if (node.isIntegralNumber()) {
            out.append(node.asLong());
        } else if (node.isNumber()) {
            out.append(node.asDouble());
        } else if (node.isBoolean()) {
            out.append(node.asBoolean());
        } else {
            out.append("nil");
        }
    }

    /** A Lua string literal; every byte outside printable ASCII is written as a decimal escape. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 32 || c > 126) {
                out.append('\\').append(String.format("%03d", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append('"').toString();
    }
}
