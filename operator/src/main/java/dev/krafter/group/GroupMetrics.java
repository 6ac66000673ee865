package dev.krafter.group;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import dev.krafter.api.v1alpha1.PartitionLag;
import dev.krafter.api.v1alpha1.TopicLag;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus gauges per ConsumerGroup resource, named like kafka-lag-exporter and kminion under a {@code krafter_}
 * prefix (docs/monitoring-consumer-groups.md lists them). Series of a deleted resource, or of a topic the group left,
 * are removed.
 */
public final class GroupMetrics {
    public static final String LAG = "krafter.consumergroup.lag";
    public static final String LAG_SECONDS = "krafter.consumergroup.lag.seconds";
    public static final String TOTAL_LAG = "krafter.consumergroup.total.lag";
    public static final String MAX_LAG_SECONDS = "krafter.consumergroup.max.lag.seconds";
    public static final String LAG_STATUS = "krafter.consumergroup.lag.status";
    public static final String MEMBERS = "krafter.consumergroup.members";
    public static final String MESSAGES_LOST = "krafter.consumergroup.messages.lost";
    public static final String PARTITIONS_AT_RISK = "krafter.consumergroup.partitions.at.risk";
    /** When the group was last observed (Unix seconds): status is written only when it changes, this every cycle. */
    public static final String LAST_OBSERVED = "krafter.consumergroup.last.observed.timestamp.seconds";

    public static final String PARTITION_LAG = "krafter.consumergroup.partition.lag";
    public static final String PARTITION_LAG_SECONDS = "krafter.consumergroup.partition.lag.seconds";

    private record Series(String name, Tags tags) {}

    private static final class Value {
        volatile double value;
    }

    private record Registered(Gauge gauge, Value value) {}

    private final MeterRegistry registry;
    private final boolean perPartition;
    private final Map<ResourceID, Map<Series, Registered>> byResource = new ConcurrentHashMap<>();

    public GroupMetrics(MeterRegistry registry, boolean perPartition) {
        this.registry = registry;
        this.perPartition = perPartition;
    }

    /** Burrow-like numeric codes, so alerts can say lag_status >= 3. */
    public static int code(LagStatus status) {
        return BurrowRules.severity(status);
    }

    public synchronized void update(
            ResourceID resource,
            String cluster,
            String groupId,
            LagStatus status,
            int members,
            LagReport report,
            Instant observedAt) {
        Tags group = Tags.of("namespace", resource.getNamespace().orElse(""), "cluster", cluster, "group", groupId);
        Map<Series, Double> wanted = new HashMap<>();
        wanted.put(new Series(LAG_STATUS, group), (double) code(status));
        wanted.put(new Series(MEMBERS, group), (double) members);
        wanted.put(new Series(LAST_OBSERVED, group), observedAt.toEpochMilli() / 1000.0);
        wanted.put(new Series(TOTAL_LAG, group), (double) report.totalLag());
        wanted.put(new Series(MESSAGES_LOST, group), (double) report.messagesLost());
        wanted.put(new Series(PARTITIONS_AT_RISK, group), (double)
                report.partitionsAtRisk().size());
        if (report.maxLagSeconds() != null) {
            wanted.put(new Series(MAX_LAG_SECONDS, group), report.maxLagSeconds());
        }
        for (TopicLag topic : report.topics()) {
            Tags tags = group.and("topic", topic.getTopic());
            wanted.put(new Series(LAG, tags), (double) topic.getLag());
            if (topic.getMaxLagSeconds() != null) {
                wanted.put(new Series(LAG_SECONDS, tags), topic.getMaxLagSeconds());
            }
        }
        if (perPartition) {
            for (PartitionLag p : report.allPartitions()) {
                Tags tags = group.and("topic", p.getTopic(), "partition", Integer.toString(p.getPartition()));
                wanted.put(new Series(PARTITION_LAG, tags), (double) p.getLag());
                if (p.getLagSeconds() != null) {
                    wanted.put(new Series(PARTITION_LAG_SECONDS, tags), p.getLagSeconds());
                }
            }
        }
        Map<Series, Registered> current = byResource.computeIfAbsent(resource, r -> new HashMap<>());
        for (Iterator<Map.Entry<Series, Registered>> it = current.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Series, Registered> entry = it.next();
            if (!wanted.containsKey(entry.getKey())) {
                registry.remove(entry.getValue().gauge());
                it.remove();
            }
        }
        wanted.forEach((series, value) ->
                current.computeIfAbsent(series, this::register).value().value = value);
    }

    public synchronized void remove(ResourceID resource) {
        Map<Series, Registered> current = byResource.remove(resource);
        if (current != null) {
            current.values().forEach(r -> registry.remove(r.gauge()));
        }
    }

    /** Names of the series this resource currently exports (for tests and docs). */
    synchronized List<String> seriesNames(ResourceID resource) {
        return byResource.getOrDefault(resource, Map.of()).keySet().stream()
                .map(Series::name)
                .sorted()
                .toList();
    }

    private Registered register(Series series) {
        Value value = new Value();
        Gauge gauge = Gauge.builder(series.name(), value, v -> v.value)
                .tags(series.tags())
                .register(registry);
        return new Registered(gauge, value);
    }
}
