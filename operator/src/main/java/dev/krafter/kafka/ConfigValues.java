package dev.krafter.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Turns the free-form config maps of the CRDs into the strings Kafka expects. */
public final class ConfigValues {
    private ConfigValues() {}

    /** 1 stays "1", true becomes "true", 1.5 stays "1.5"; whole doubles lose their ".0". */
    public static String toKafkaString(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    /** Sorted, string-valued copy of a spec config map (null-safe). */
    public static Map<String, String> toKafkaStrings(Map<String, Object> config) {
        Map<String, String> result = new TreeMap<>();
        if (config != null) {
            config.forEach((k, v) -> result.put(k, toKafkaString(v)));
        }
        return new LinkedHashMap<>(result);
    }
}
