package dev.krafter.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's own count of the requests it served ({@code apiserver_request_total} on its /metrics), summed by
 * verb and resource, e.g. {@code "GET services"}. Requests of every client count, so a measurement compares two
 * snapshots taken while only the operator talks to the server.
 */
public final class ApiServerRequests {
    private static final Pattern SAMPLE = Pattern.compile("^apiserver_request_total\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private ApiServerRequests() {}

    /** Requests served so far by verb and resource (with its subresource, if any); non-resource URLs left out. */
    public static Map<String, Long> snapshot(KubernetesClient admin, KubeApiServer server) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : admin.raw(server.url() + "/metrics").split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(sample.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            String resource = labels.getOrDefault("resource", "");
            if (resource.isEmpty()) {
                continue;
            }
            String subresource = labels.getOrDefault("subresource", "");
            String key = labels.get("verb") + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
            counts.merge(key, (long) Double.parseDouble(sample.group(2)), Long::sum);
        }
        return counts;
    }

    /** What {@code after} counts beyond {@code before}, without the zeros. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((key, count) -> {
            long more = count - before.getOrDefault(key, 0L);
            if (more > 0) {
                delta.put(key, more);
            }
        });
        return delta;
    }
}
