package dev.krafter.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl get <kind>} output for custom resources: NAME, then the CRD's printer columns (priority 0, as
 * without {@code -o wide}), evaluating their simple JSONPath expressions ({@code .a.b} and
 * {@code .a[?(@.k=="v")].b}).
 */
public final class KubectlTable {
    private static final Pattern FILTER = Pattern.compile("([^\\[]+)\\[\\?\\(@\\.([\\w.-]+)==\"([^\"]*)\"\\)\\]");

    private KubectlTable() {}

    public static String render(CustomResourceDefinition crd, List<JsonNode> items, Instant now) {
        List<CustomResourceColumnDefinition> columns = new ArrayList<>();
        var version = crd.getSpec().getVersions().get(0);
        if (version.getAdditionalPrinterColumns() != null) {
            for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
                if (column.getPriority() == null || column.getPriority() == 0) {
                    columns.add(column);
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("NAME");
        columns.forEach(c -> header.add(c.getName().toUpperCase(Locale.ROOT)));
        rows.add(header);
        for (JsonNode item : items) {
            List<String> row = new ArrayList<>();
            row.add(item.path("metadata").path("name").asText());
            for (CustomResourceColumnDefinition column : columns) {
                JsonNode value = evaluate(item, column.getJsonPath());
                row.add(format(value, column.getType(), now));
            }
            rows.add(row);
        }
        if (items.isEmpty()) {
            return "No " + crd.getSpec().getNames().getPlural() + " found.\n";
        }
        int[] widths = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The value at a printer-column JSONPath, or a missing node. */
    static JsonNode evaluate(JsonNode item, String jsonPath) {
        JsonNode node = item;
        String path = jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath;
        for (String segment : splitSegments(path)) {
            Matcher filter = FILTER.matcher(segment);
            if (filter.matches()) {
                JsonNode array = node.path(filter.group(1));
                JsonNode match = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                for (JsonNode element : array) {
                    if (filter.group(3).equals(element.path(filter.group(2)).asText(null))) {
                        match = element;
                        break;
                    }
                }
                node = match;
            } else {
                node = node.path(segment);
            }
        }
        return node;
    }

    /** Splits on dots outside of filter brackets. */
    private static List<String> splitSegments(String path) {
        List<String> segments = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == '.' && depth == 0) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            segments.add(current.toString());
        }
        return segments;
    }

    private static String format(JsonNode value, String type, Instant now) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if ("date".equals(type)) {
            try {
                return age(Duration.between(Instant.parse(value.asText()), now));
            } catch (RuntimeException e) {
                return value.asText();
            }
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** kubectl's short age format: 45s, 3m12s, 2h5m, 3d4h. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 600) {
            return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        }
        if (seconds < 3 * 3600) {
            long minutes = seconds / 60;
            return minutes < 60 ? minutes + "m" : minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        long hours = seconds / 3600;
        return hours / 24 + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h");
    }
}
