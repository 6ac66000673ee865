package dev.krafter.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The requests a kube-apiserver has served, from its own {@code /metrics} (apiserver_request_total), summed by
 * "VERB resource[/subresource]" with the API group in front when it is not the core group. Scrape before and after
 * and take the difference to see what a piece of work cost the API server. Benchmarks only: the metric is the API
 * server's, so every client's requests count, and the scrape itself is not a resource request.
 */
public record ApiServerRequests(Map<String, Double> counts) {
    public static ApiServerRequests scrape(KubernetesClient client) {
        Map<String, Double> counts = new TreeMap<>();
        String metrics = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("apiserver_request_total{")) {
                continue;
            }
            String labels = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
            String resource = label(labels, "resource");
            if (resource.isEmpty()) {
                continue;
            }
            String group = label(labels, "group");
            String subresource = label(labels, "subresource");
            String key = label(labels, "verb") + " " + (group.isEmpty() ? "" : group + "/") + resource
                    + (subresource.isEmpty() ? "" : "/" + subresource);
            counts.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        }
        return new ApiServerRequests(counts);
    }

    private static String label(String labels, String name) {
        int at = labels.indexOf(name + "=\"");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 2;
        return labels.substring(from, labels.indexOf('"', from));
    }

    /** What was served since {@code earlier}. */
    public ApiServerRequests minus(ApiServerRequests earlier) {
        Map<String, Double> delta = new TreeMap<>();
        counts.forEach((k, v) -> {
            double d = v - earlier.counts().getOrDefault(k, 0.0);
            if (d > 0) {
                delta.put(k, d);
            }
        });
        return new ApiServerRequests(delta);
    }

    /** Only the requests whose "VERB resource" key {@code keep} accepts. */
    public ApiServerRequests only(Predicate<String> keep) {
        Map<String, Double> kept = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (keep.test(k)) {
                kept.put(k, v);
            }
        });
        return new ApiServerRequests(kept);
    }

    /** Without WATCH: a watch is one long-running request, counted when it starts. */
    public ApiServerRequests withoutWatches() {
        return only(k -> !k.startsWith("WATCH "));
    }

    public double total() {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** "VERB resource n; ..." with every count divided by {@code per}. */
    public String describe(double per) {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(String.format("%s %.2f; ", k, v / per)));
        return text.toString().trim();
    }
}
