package dev.krafter.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's settings, read once from environment variables at start. Each setting's name, default and meaning
 * stand together here; docs/operator-config.md lists the same table for users.
 */
public record OperatorConfig(
        List<String> watchNamespaces,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        int httpPort,
        int reconcileThreads,
        Duration adminTimeout,
        Duration topicResyncPeriod,
        Duration groupObservationPeriod,
        String kafkaImageRepository,
        boolean perPartitionLagMetrics,
        Duration clusterResyncPeriod,
        int topicBatchSize,
        Duration topicBatchLinger,
        List<String> kafkaImageVersions,
        Duration groupLagStatusInterval,
        Duration eventRepeatInterval,
        Duration podProblemStallAfter,
        Map<String, String> operatorPodLabels) {

    public enum Setting {
        WATCH_NAMESPACES("KRAFTER_WATCH_NAMESPACES", "", "Comma-separated namespaces to watch; empty watches all."),
        LEADER_ELECTION("KRAFTER_LEADER_ELECTION", "false", "Run leader election so a second replica can stand by."),
        LEASE_NAME("KRAFTER_LEASE_NAME", "krafter-operator", "Name of the Lease used for leader election."),
        LEASE_NAMESPACE(
                "POD_NAMESPACE",
                "default",
                "The operator's own namespace: where its Lease is, and where KafkaCluster NetworkPolicies let its pods in from."),
        HTTP_PORT("KRAFTER_HTTP_PORT", "8080", "Port of /healthz, /readyz and /metrics."),
        RECONCILE_THREADS(
                "KRAFTER_RECONCILE_THREADS",
                "50",
                "Concurrent reconciles (all kinds share them); Topic reconciles mostly wait on Kafka, and concurrent ones share batched requests."),
        ADMIN_TIMEOUT(
                "KRAFTER_ADMIN_TIMEOUT",
                "PT30S",
                "Longest wait for any one Kafka request of the operator (ISO-8601 duration); one not answered by then is reported as KafkaUnreachable, naming the request, and retried."),
        TOPIC_RESYNC(
                "KRAFTER_TOPIC_RESYNC_PERIOD",
                "PT5M",
                "How often every Topic and KafkaUser is compared with Kafka to revert drift."),
        GROUP_OBSERVATION(
                "KRAFTER_GROUP_OBSERVATION_PERIOD", "PT30S", "Period of the consumer-group observation loop."),
        KAFKA_IMAGE(
                "KRAFTER_KAFKA_IMAGE_REPOSITORY",
                "krafter/kafka",
                "Image repository of the broker image; tag = Kafka version."),
        PER_PARTITION_LAG_METRICS(
                "KRAFTER_PER_PARTITION_LAG_METRICS", "false", "Export lag per partition (high cardinality)."),
        CLUSTER_RESYNC(
                "KRAFTER_CLUSTER_RESYNC_PERIOD",
                "PT30S",
                "How often a KafkaCluster is re-checked, so health changes in Kafka show up in status."),
        TOPIC_BATCH_SIZE(
                "KRAFTER_TOPIC_BATCH_SIZE",
                "500",
                "Most topics in one batched admin request of the Topic reconciler; 1 disables batching."),
        TOPIC_BATCH_LINGER(
                "KRAFTER_TOPIC_BATCH_LINGER",
                "PT0.005S",
                "How long the Topic reconciler collects requests before sending a batch (ISO-8601 duration)."),
        KAFKA_IMAGE_VERSIONS(
                "KRAFTER_KAFKA_IMAGE_VERSIONS",
                "4.3.1,4.4.0",
                "Comma-separated Kafka versions the image repository has a broker image for; a KafkaCluster with another spec.version needs spec.image."),
        GROUP_LAG_STATUS_INTERVAL(
                "KRAFTER_GROUP_LAG_STATUS_INTERVAL",
                "PT1M",
                "Least time between two ConsumerGroup status writes that only refresh lag figures (totals, seconds, worst partitions); a changed condition, lag status, state or member count is written at once, and the metrics follow every observation."),
        EVENT_REPEAT_INTERVAL(
                "KRAFTER_EVENT_REPEAT_INTERVAL",
                "PT5M",
                "Least time between two recordings of the same Event (same resource, reason and message up to its figures); each recording adds one to the Event's count."),
        POD_PROBLEM_STALL_AFTER(
                "KRAFTER_POD_PROBLEM_STALL_AFTER",
                "PT5M",
                "How long a node pod problem (unschedulable, volume not bound, image pull, crash loop, OOM, pod creation refused) lasts before its KafkaCluster is Stalled; Kubernetes' own retries back off to 5 minutes (ISO-8601 duration)."),
        OPERATOR_POD_LABELS(
                "KRAFTER_OPERATOR_POD_LABELS",
                "app.kubernetes.io/name=krafter,app.kubernetes.io/component=operator",
                "Labels of the operator's own pods (key=value, comma-separated): each KafkaCluster's NetworkPolicy lets pods with these labels in the operator's namespace (POD_NAMESPACE) reach the replication port 9091.");

        public final String env;
        public final String defaultValue;
        public final String description;

        Setting(String env, String defaultValue, String description) {
            this.env = env;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        String read(Map<String, String> environment) {
            String value = environment.get(env);
            return value == null || value.isBlank() ? defaultValue : value.trim();
        }
    }

    public static OperatorConfig fromEnvironment(Map<String, String> env) {
        Function<Setting, String> get = s -> s.read(env);
        return new OperatorConfig(
                Arrays.stream(get.apply(Setting.WATCH_NAMESPACES).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                Boolean.parseBoolean(get.apply(Setting.LEADER_ELECTION)),
                get.apply(Setting.LEASE_NAME),
                get.apply(Setting.LEASE_NAMESPACE),
                parse(Setting.HTTP_PORT, get, Integer::parseInt),
                parse(Setting.RECONCILE_THREADS, get, Integer::parseInt),
                parse(Setting.ADMIN_TIMEOUT, get, Duration::parse),
                parse(Setting.TOPIC_RESYNC, get, Duration::parse),
                parse(Setting.GROUP_OBSERVATION, get, Duration::parse),
                get.apply(Setting.KAFKA_IMAGE),
                Boolean.parseBoolean(get.apply(Setting.PER_PARTITION_LAG_METRICS)),
                parse(Setting.CLUSTER_RESYNC, get, Duration::parse),
                parse(Setting.TOPIC_BATCH_SIZE, get, Integer::parseInt),
                parse(Setting.TOPIC_BATCH_LINGER, get, Duration::parse),
                parse(Setting.KAFKA_IMAGE_VERSIONS, get, OperatorConfig::versions),
                parse(Setting.GROUP_LAG_STATUS_INTERVAL, get, Duration::parse),
                parse(Setting.EVENT_REPEAT_INTERVAL, get, Duration::parse),
                parse(Setting.POD_PROBLEM_STALL_AFTER, get, Duration::parse),
                parse(Setting.OPERATOR_POD_LABELS, get, OperatorConfig::labels));
    }

    public static OperatorConfig defaults() {
        return fromEnvironment(Map.of());
    }

    private static List<String> versions(String raw) {
        List<String> versions = Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
        if (versions.isEmpty() || !versions.stream().allMatch(v -> v.matches("[0-9]+\\.[0-9]+\\.[0-9]+"))) {
            throw new IllegalArgumentException("not a list of x.y.z versions");
        }
        return versions;
    }

    private static Map<String, String> labels(String raw) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String entry : raw.split(",")) {
            String[] pair = entry.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("not a list of key=value labels");
            }
            labels.put(pair[0].trim(), pair[1].trim());
        }
        return Map.copyOf(labels);
    }

    /** The operator's own namespace (where its pods run), the one of its Lease. */
    public String operatorNamespace() {
        return leaseNamespace;
    }

    private static <T> T parse(Setting setting, Function<Setting, String> get, Function<String, T> parser) {
        String raw = get.apply(setting);
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting.env + "='" + raw + "' is not valid: " + setting.description, e);
        }
    }

    /** A copy with some settings overridden, for tests and benchmarks: {@code config.with(Setting.X, "value")}. */
    public OperatorConfig with(Setting setting, String value) {
        Map<String, String> env = new java.util.HashMap<>(asEnvironment());
        env.put(setting.env, value);
        return fromEnvironment(env);
    }

    public OperatorConfig withGroupObservationPeriod(Duration period) {
        return with(Setting.GROUP_OBSERVATION, period.toString());
    }

    public OperatorConfig withGroupLagStatusInterval(Duration interval) {
        return with(Setting.GROUP_LAG_STATUS_INTERVAL, interval.toString());
    }

    public OperatorConfig withEventRepeatInterval(Duration interval) {
        return with(Setting.EVENT_REPEAT_INTERVAL, interval.toString());
    }

    public OperatorConfig withTopicResyncPeriod(Duration period) {
        return with(Setting.TOPIC_RESYNC, period.toString());
    }

    public OperatorConfig withClusterResyncPeriod(Duration period) {
        return with(Setting.CLUSTER_RESYNC, period.toString());
    }

    public OperatorConfig withPodProblemStallAfter(Duration after) {
        return with(Setting.POD_PROBLEM_STALL_AFTER, after.toString());
    }

    /** Batch size 1 with no linger sends one admin request per topic (the unbatched baseline of the benchmark). */
    public OperatorConfig withTopicBatching(int size, Duration linger) {
        return with(Setting.TOPIC_BATCH_SIZE, Integer.toString(size))
                .with(Setting.TOPIC_BATCH_LINGER, linger.toString());
    }

    public OperatorConfig withReconcileThreads(int threads) {
        return with(Setting.RECONCILE_THREADS, Integer.toString(threads));
    }

    /** These settings as the environment variables that produce them. */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put(Setting.WATCH_NAMESPACES.env, String.join(",", watchNamespaces));
        env.put(Setting.LEADER_ELECTION.env, Boolean.toString(leaderElection));
        env.put(Setting.LEASE_NAME.env, leaseName);
        env.put(Setting.LEASE_NAMESPACE.env, leaseNamespace);
        env.put(Setting.HTTP_PORT.env, Integer.toString(httpPort));
        env.put(Setting.RECONCILE_THREADS.env, Integer.toString(reconcileThreads));
        env.put(Setting.ADMIN_TIMEOUT.env, adminTimeout.toString());
        env.put(Setting.TOPIC_RESYNC.env, topicResyncPeriod.toString());
        env.put(Setting.GROUP_OBSERVATION.env, groupObservationPeriod.toString());
        env.put(Setting.KAFKA_IMAGE.env, kafkaImageRepository);
        env.put(Setting.PER_PARTITION_LAG_METRICS.env, Boolean.toString(perPartitionLagMetrics));
        env.put(Setting.CLUSTER_RESYNC.env, clusterResyncPeriod.toString());
        env.put(Setting.TOPIC_BATCH_SIZE.env, Integer.toString(topicBatchSize));
        env.put(Setting.TOPIC_BATCH_LINGER.env, topicBatchLinger.toString());
        env.put(Setting.KAFKA_IMAGE_VERSIONS.env, String.join(",", kafkaImageVersions));
        env.put(Setting.GROUP_LAG_STATUS_INTERVAL.env, groupLagStatusInterval.toString());
        env.put(Setting.EVENT_REPEAT_INTERVAL.env, eventRepeatInterval.toString());
        env.put(Setting.POD_PROBLEM_STALL_AFTER.env, podProblemStallAfter.toString());
        env.put(
                Setting.OPERATOR_POD_LABELS.env,
                String.join(
                        ",",
                        operatorPodLabels.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .sorted()
                                .toList()));
        return env;
    }
}
