package dev.krafter.entrypoint;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading, rendering and redacting Kafka properties files, keeping the order of keys. Pure. */
public final class ServerProperties {

    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$).*");

    private ServerProperties() {}

    /** Parses Java properties text (comments, continuations, escapes as {@link Properties} does), in file order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> ordered = new LinkedHashMap<>();
        Properties recorder = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.remove((String) key);
                ordered.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try {
            recorder.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("malformed properties: " + e.getMessage());
        }
        return ordered;
    }

    /** Renders {@code key=value} lines that {@link Properties#load} reads back to the same map. */
    public static String render(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((key, value) -> out.append(escape(key, true))
                .append('=')
                .append(escape(value, false))
                .append('\n'));
        return out.toString();
    }

    /** True for keys whose values must not be printed (passwords, JAAS config, tokens, private keys). */
    public static boolean isSecret(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** The config as printed at start: secret values replaced by {@code [hidden]}. */
    public static String renderRedacted(Map<String, String> properties) {
        return renderRedacted(properties, Set.of());
    }

    /** {@link #renderRedacted(Map)}, also hiding the values of {@code hidden} (those taken from Secrets). */
    public static String renderRedacted(Map<String, String> properties, Set<String> hidden) {
        Map<String, String> redacted = new LinkedHashMap<>();
        properties.forEach(
                (key, value) -> redacted.put(key, isSecret(key) || hidden.contains(key) ? "[hidden]" : value));
        return render(redacted);
    }

    private static String escape(String text, boolean isKey) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append(isKey ? "\\" + c : String.valueOf(c));
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
