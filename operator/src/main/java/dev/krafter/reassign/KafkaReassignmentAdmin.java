package dev.krafter.reassign;

import dev.krafter.failure.KafkaCalls;
import dev.krafter.failure.SpecProblem;
import dev.krafter.failure.TransientProblem;
import dev.krafter.status.Reasons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;

/** {@link ReassignmentAdmin} over a Kafka {@link Admin} client (which the caller owns and closes). */
public final class KafkaReassignmentAdmin implements ReassignmentAdmin {
    private final Admin admin;
    private final KafkaCalls calls;

    /** Every call waits at most {@code timeout} for Kafka (the operator's KRAFTER_ADMIN_TIMEOUT). */
    public KafkaReassignmentAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.calls = new KafkaCalls(timeout);
    }

    @Override
    public List<BrokerInfo> brokers() {
        return await(admin.describeCluster().nodes(), "describe the cluster").stream()
                .map(node -> BrokerInfo.of(node.id(), node.rack()))
                .sorted(Comparator.comparingInt(BrokerInfo::id))
                .toList();
    }

    @Override
    public Set<String> listTopics() {
        return await(
                admin.listTopics(new ListTopicsOptions().listInternal(true)).names(), "list topics");
    }

    @Override
    public Map<TopicPartition, PartitionPlacement> describePartitions(Set<String> topics) {
        Map<TopicPartition, PartitionPlacement> result = new HashMap<>();
        if (topics.isEmpty()) {
            return result;
        }
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(topics).allTopicNames(), "describe topics");
        descriptions.forEach((topic, description) -> {
            for (TopicPartitionInfo info : description.partitions()) {
                List<Integer> replicas = info.replicas().stream().map(Node::id).toList();
                Optional<Integer> leader = Optional.ofNullable(info.leader())
                        .filter(n -> !n.isEmpty())
                        .map(Node::id);
                result.put(new TopicPartition(topic, info.partition()), new PartitionPlacement(replicas, leader));
            }
        });
        return result;
    }

    @Override
    public Map<TopicPartition, InFlightReassignment> listReassignments() {
        Map<TopicPartition, InFlightReassignment> result = new HashMap<>();
        await(admin.listPartitionReassignments().reassignments(), "list partition reassignments")
                .forEach((tp, r) -> result.put(
                        tp, new InFlightReassignment(r.replicas(), r.addingReplicas(), r.removingReplicas())));
        return result;
    }

    @Override
    public void alterReassignments(Map<TopicPartition, Optional<List<Integer>>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
        changes.forEach((tp, target) -> request.put(tp, target.map(NewPartitionReassignment::new)));
        List<RuntimeException> failures = new ArrayList<>();
        admin.alterPartitionReassignments(request).values().forEach((tp, future) -> {
            try {
                calls.await(future, Reasons.KAFKA_REJECTED, "reassign partition " + tp);
            } catch (TransientProblem | SpecProblem e) {
                boolean alreadyDone =
                        changes.get(tp).isEmpty() && e.getCause() instanceof NoReassignmentInProgressException;
                if (!alreadyDone) {
                    failures.add(e);
                }
            }
        });
        if (!failures.isEmpty()) {
            // One partition's failure stands for all: they share their cause (a timeout, a broker going away).
            throw failures.get(0);
        }
    }

    @Override
    public Map<Integer, Map<String, String>> brokerConfigs(Set<Integer> brokers, Set<String> names) {
        Map<Integer, Map<String, String>> result = new TreeMap<>();
        describeConfigs(
                        ConfigResource.Type.BROKER,
                        brokers.stream().map(String::valueOf).toList(),
                        names,
                        ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG)
                .forEach((name, values) -> result.put(Integer.parseInt(name), values));
        return result;
    }

    @Override
    public void alterBrokerConfigs(Map<Integer, Map<String, Optional<String>>> changes) {
        Map<String, Map<String, Optional<String>>> byName = new HashMap<>();
        changes.forEach((broker, values) -> byName.put(String.valueOf(broker), values));
        alterConfigs(ConfigResource.Type.BROKER, byName);
    }

    @Override
    public Map<String, Map<String, String>> topicConfigs(Set<String> topics, Set<String> names) {
        return describeConfigs(
                ConfigResource.Type.TOPIC, List.copyOf(topics), names, ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Override
    public void alterTopicConfigs(Map<String, Map<String, Optional<String>>> changes) {
        alterConfigs(ConfigResource.Type.TOPIC, changes);
    }

    @Override
    public Map<TopicPartition, String> electPreferredLeaders(Set<TopicPartition> partitions) {
        Map<TopicPartition, String> failures = new HashMap<>();
        if (partitions.isEmpty()) {
            return failures;
        }
        await(admin.electLeaders(ElectionType.PREFERRED, partitions).partitions(), "elect preferred leaders")
                .forEach((tp, error) -> error.filter(e -> !(e instanceof ElectionNotNeededException))
                        .ifPresent(e -> failures.put(tp, e.getMessage())));
        return failures;
    }

    private Map<String, Map<String, String>> describeConfigs(
            ConfigResource.Type type, List<String> names, Set<String> configNames, ConfigEntry.ConfigSource source) {
        Map<String, Map<String, String>> result = new TreeMap<>();
        if (names.isEmpty()) {
            return result;
        }
        List<ConfigResource> resources =
                names.stream().map(n -> new ConfigResource(type, n)).toList();
        await(admin.describeConfigs(resources).all(), "describe " + type + " configs")
                .forEach((resource, config) -> {
                    Map<String, String> values = new TreeMap<>();
                    config.entries().stream()
                            .filter(e -> configNames.contains(e.name()) && e.source() == source && e.value() != null)
                            .forEach(e -> values.put(e.name(), e.value()));
                    result.put(resource.name(), values);
                });
        return result;
    }

    private void alterConfigs(ConfigResource.Type type, Map<String, Map<String, Optional<String>>> changes) {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        changes.forEach((name, values) -> {
            if (!values.isEmpty()) {
                ops.put(
                        new ConfigResource(type, name),
                        values.entrySet().stream()
                                .map(e -> e.getValue()
                                        .map(v -> new AlterConfigOp(
                                                new ConfigEntry(e.getKey(), v), AlterConfigOp.OpType.SET))
                                        .orElseGet(() -> new AlterConfigOp(
                                                new ConfigEntry(e.getKey(), ""), AlterConfigOp.OpType.DELETE)))
                                .toList());
            }
        });
        if (!ops.isEmpty()) {
            await(admin.incrementalAlterConfigs(ops).all(), "alter " + type + " configs");
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        return calls.await(future, Reasons.KAFKA_REJECTED, what);
    }
}
