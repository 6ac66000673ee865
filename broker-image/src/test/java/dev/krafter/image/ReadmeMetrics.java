package dev.krafter.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names broker-image/README.md promises (between its metrics markers), and reading values from /metrics. */
final class ReadmeMetrics {

    private static final Pattern NAME = Pattern.compile("`(kafka_[a-z0-9_]+)`");

    private ReadmeMetrics() {}

    static List<String> names() {
        try {
            String readme = Files.readString(Path.of("README.md"));
            int begin = readme.indexOf("<!-- metrics:begin -->");
            int end = readme.indexOf("<!-- metrics:end -->");
            if (begin < 0 || end < begin) {
                throw new IllegalStateException(
                        "README.md has no <!-- metrics:begin --> ... <!-- metrics:end --> section");
            }
            List<String> names = new ArrayList<>();
            Matcher matcher = NAME.matcher(readme.substring(begin, end));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sum of the samples of a metric in a Prometheus text response: {@code name} sums every series of it,
     * {@code name{label="value"}} those whose labels start with that label.
     */
    static double value(String response, String metric) {
        String series = metric.endsWith("}") ? metric.substring(0, metric.length() - 1) : metric;
        return response.lines()
                .filter(line ->
                        line.startsWith(metric + " ") || line.startsWith(series + "{") || line.startsWith(series + ","))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
