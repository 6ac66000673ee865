package dev.krafter.topic;

import dev.krafter.failure.KafkaCalls;
import dev.krafter.failure.KafkaFailures;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The admin calls of the Topic reconciler for one Kafka cluster, batched: every reconcile asks for its own topic, and
 * requests arriving within a few milliseconds of each other travel in one describeTopics / describeConfigs /
 * createTopics / createPartitions / incrementalAlterConfigs / deleteTopics request. With batch size 1 every topic gets
 * its own request (the unbatched baseline). Every answer waits at most the operator's Kafka timeout
 * (KRAFTER_ADMIN_TIMEOUT); one that does not come in time fails with a {@link dev.krafter.failure.TransientProblem}.
 */
public final class TopicBatcher {
    /** What createTopics reports about a topic it created. */
    public record CreatedTopic(Uuid topicId, int partitions, int replicationFactor) {}

    /** A config change of one topic: the operations and whether Kafka should only validate them. */
    private record ConfigChange(Collection<AlterConfigOp> ops, boolean validateOnly) {}

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_VALIDITY = Duration.ofSeconds(10);

    private final Admin admin;
    private final KafkaCalls calls;
    private final RequestBatch<String, String, Optional<TopicDescription>> describe;
    private final RequestBatch<String, String, Config> describeConfigs;
    private final RequestBatch<String, NewTopic, CreatedTopic> create;
    private final RequestBatch<String, Collection<AlterConfigOp>, Void> validateConfigs;
    private final RequestBatch<String, Collection<AlterConfigOp>, Void> alterConfigs;
    private final RequestBatch<String, Integer, Void> validatePartitions;
    private final RequestBatch<String, Integer, Void> createPartitions;
    private final RequestBatch<Uuid, Uuid, Void> delete;
    private final AtomicReference<Probe> probe = new AtomicReference<>();

    private record Probe(CompletableFuture<Boolean> reachable, long startedNanos) {}

    public TopicBatcher(
            Admin admin, int maxBatchSize, Duration linger, ScheduledExecutorService timer, Duration timeout) {
        this.admin = admin;
        this.calls = new KafkaCalls(timeout);
        describe = new RequestBatch<>("describeTopics", this::sendDescribe, true, maxBatchSize, linger, timer);
        describeConfigs =
                new RequestBatch<>("describeConfigs", this::sendDescribeConfigs, true, maxBatchSize, linger, timer);
        create = new RequestBatch<>("createTopics", this::sendCreate, false, maxBatchSize, linger, timer);
        validateConfigs = new RequestBatch<>(
                "incrementalAlterConfigs(validateOnly)",
                requests -> sendAlterConfigs(requests, true),
                false,
                maxBatchSize,
                linger,
                timer);
        alterConfigs = new RequestBatch<>(
                "incrementalAlterConfigs",
                requests -> sendAlterConfigs(requests, false),
                false,
                maxBatchSize,
                linger,
                timer);
        validatePartitions = new RequestBatch<>(
                "createPartitions(validateOnly)",
                requests -> sendCreatePartitions(requests, true),
                false,
                maxBatchSize,
                linger,
                timer);
        createPartitions = new RequestBatch<>(
                "createPartitions",
                requests -> sendCreatePartitions(requests, false),
                false,
                maxBatchSize,
                linger,
                timer);
        delete = new RequestBatch<>("deleteTopics", this::sendDelete, false, maxBatchSize, linger, timer);
    }

    /** The admin client this batcher sends through (the replication-factor seam needs it). */
    public Admin admin() {
        return admin;
    }

    /** The topic as Kafka describes it, or empty when it does not exist. */
    public CompletableFuture<Optional<TopicDescription>> describe(String topic) {
        return calls.bounded(describe.submit(topic, topic), "describe topic " + topic);
    }

    /** The topic's config, every key with its value and source. */
    public CompletableFuture<Config> describeConfig(String topic) {
        return calls.bounded(describeConfigs.submit(topic, topic), "describe the config of topic " + topic);
    }

    public CompletableFuture<CreatedTopic> create(NewTopic topic) {
        return calls.bounded(create.submit(topic.name(), topic), "create topic " + topic.name());
    }

    public CompletableFuture<Void> alterConfig(String topic, Collection<AlterConfigOp> ops, boolean validateOnly) {
        return calls.bounded(
                (validateOnly ? validateConfigs : alterConfigs).submit(topic, ops),
                "change the config of topic " + topic);
    }

    public CompletableFuture<Void> increasePartitions(String topic, int totalCount, boolean validateOnly) {
        return calls.bounded(
                (validateOnly ? validatePartitions : createPartitions).submit(topic, totalCount),
                "increase the partitions of topic " + topic + " to " + totalCount);
    }

    public CompletableFuture<Void> delete(Uuid topicId) {
        return calls.bounded(delete.submit(topicId, topicId), "delete topic id " + topicId);
    }

    /**
     * Whether Kafka answers at all, asked with a short timeout and remembered for a few seconds, so that a cluster
     * that cannot be reached is reported quickly instead of after every request's full timeout.
     */
    public CompletableFuture<Boolean> reachable() {
        long now = System.nanoTime();
        Probe current = probe.get();
        if (current != null
                && (!current.reachable().isDone() || now - current.startedNanos() < PROBE_VALIDITY.toNanos())) {
            return current.reachable();
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Probe next = new Probe(result, now);
        if (!probe.compareAndSet(current, next)) {
            return probe.get().reachable();
        }
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                .clusterId()
                .whenComplete((id, error) -> result.complete(error == null));
        return result;
    }

    private Map<String, CompletableFuture<Optional<TopicDescription>>> sendDescribe(Map<String, String> requests) {
        DescribeTopicsResult result = admin.describeTopics(requests.keySet());
        Map<String, CompletableFuture<Optional<TopicDescription>>> answers = new HashMap<>();
        result.topicNameValues()
                .forEach((name, future) -> answers.put(
                        name, toCompletable(future).thenApply(Optional::of).exceptionally(error -> {
                            if (KafkaFailures.unwrap(error) instanceof UnknownTopicOrPartitionException) {
                                return Optional.empty();
                            }
                            throw new CompletionException(KafkaFailures.unwrap(error));
                        })));
        return answers;
    }

    private Map<String, CompletableFuture<Config>> sendDescribeConfigs(Map<String, String> requests) {
        Map<ConfigResource, String> byResource = new HashMap<>();
        requests.keySet().forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t), t));
        Map<String, CompletableFuture<Config>> answers = new HashMap<>();
        admin.describeConfigs(byResource.keySet())
                .values()
                .forEach((resource, future) -> answers.put(byResource.get(resource), toCompletable(future)));
        return answers;
    }

    private Map<String, CompletableFuture<CreatedTopic>> sendCreate(Map<String, NewTopic> requests) {
        CreateTopicsResult result = admin.createTopics(requests.values());
        Map<String, CompletableFuture<CreatedTopic>> answers = new HashMap<>();
        for (String name : requests.keySet()) {
            CompletableFuture<Uuid> id = toCompletable(result.topicId(name));
            CompletableFuture<Integer> partitions = toCompletable(result.numPartitions(name));
            CompletableFuture<Integer> replicationFactor = toCompletable(result.replicationFactor(name));
            answers.put(
                    name,
                    toCompletable(result.values().get(name))
                            .thenCompose(created -> id.thenCombine(partitions, (i, p) -> new CreatedTopic(i, p, 0)))
                            .thenCombine(
                                    replicationFactor, (c, rf) -> new CreatedTopic(c.topicId(), c.partitions(), rf)));
        }
        return answers;
    }

    private Map<String, CompletableFuture<Void>> sendAlterConfigs(
            Map<String, Collection<AlterConfigOp>> requests, boolean validateOnly) {
        Map<ConfigResource, Collection<AlterConfigOp>> byResource = new HashMap<>();
        Map<ConfigResource, String> names = new HashMap<>();
        requests.forEach((topic, ops) -> {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            byResource.put(resource, ops);
            names.put(resource, topic);
        });
        Map<String, CompletableFuture<Void>> answers = new HashMap<>();
        admin.incrementalAlterConfigs(byResource, new AlterConfigsOptions().validateOnly(validateOnly))
                .values()
                .forEach((resource, future) -> answers.put(names.get(resource), toCompletable(future)));
        return answers;
    }

    private Map<String, CompletableFuture<Void>> sendCreatePartitions(
            Map<String, Integer> requests, boolean validateOnly) {
        Map<String, NewPartitions> increases = new HashMap<>();
        requests.forEach((topic, total) -> increases.put(topic, NewPartitions.increaseTo(total)));
        Map<String, CompletableFuture<Void>> answers = new HashMap<>();
        admin.createPartitions(increases, new CreatePartitionsOptions().validateOnly(validateOnly))
                .values()
                .forEach((topic, future) -> answers.put(topic, toCompletable(future)));
        return answers;
    }

    private Map<Uuid, CompletableFuture<Void>> sendDelete(Map<Uuid, Uuid> requests) {
        Map<Uuid, CompletableFuture<Void>> answers = new HashMap<>();
        admin.deleteTopics(TopicCollection.ofTopicIds(List.copyOf(requests.keySet())))
                .topicIdValues()
                .forEach((id, future) -> answers.put(id, toCompletable(future)));
        return answers;
    }

    static <T> CompletableFuture<T> toCompletable(KafkaFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(KafkaFailures.unwrap(error));
            } else {
                result.complete(value);
            }
        });
        return result;
    }
}
