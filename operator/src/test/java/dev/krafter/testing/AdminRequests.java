package dev.krafter.testing;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** What an Admin client has sent, from its own metrics: for benchmarks that count Kafka requests. */
public final class AdminRequests {
    private AdminRequests() {}

    /** The Admin client's own count of requests sent over the network (all nodes). */
    public static double total(Admin admin) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : admin.metrics().entrySet()) {
            if (e.getKey().name().equals("request-total") && e.getKey().group().equals("admin-client-metrics")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }
}
