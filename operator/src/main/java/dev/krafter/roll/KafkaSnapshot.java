package dev.krafter.roll;

import dev.krafter.kafka.TopicPartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What Kafka says about a cluster at one moment: the input of the roll planner and of the status aggregator.
 *
 * @param registeredBrokers ids of every broker registered in KRaft, fenced ones included
 * @param fencedBrokers ids of registered brokers that are fenced (not serving)
 * @param quorumLeader the active controller, empty while the quorum has no leader
 * @param voters ids of the KRaft voters (controllers)
 * @param partitions every partition of every topic, internal topics included (a topic deleted while the
 *     snapshot is read is left out)
 * @param metadataVersion the finalized {@code metadata.version} feature level (e.g. "27"), null if not finalized
 * @param caughtUpVoters voters whose metadata log caught up with the leader within
 *     {@link #VOTER_CAUGHT_UP_MS} of the leader itself (the leader is always among them)
 * @param racks each registered broker's {@code broker.rack}, for the brokers that have one
 */
public record KafkaSnapshot(
        Set<Integer> registeredBrokers,
        Set<Integer> fencedBrokers,
        OptionalInt quorumLeader,
        Set<Integer> voters,
        Map<TopicPartition, PartitionState> partitions,
        String metadataVersion,
        Set<Integer> caughtUpVoters,
        Map<Integer, String> racks) {

    /** Kafka's default controller.quorum.fetch.timeout.ms: a voter further behind than this is lagging. */
    public static final long VOTER_CAUGHT_UP_MS = 2000;

    /** Topic config lookups per describeConfigs request. */
    static final int CONFIG_BATCH = 500;

    public static final String METADATA_VERSION_FEATURE = "metadata.version";

    public KafkaSnapshot {
        registeredBrokers = Set.copyOf(registeredBrokers);
        fencedBrokers = Set.copyOf(fencedBrokers);
        voters = Set.copyOf(voters);
        partitions = Map.copyOf(partitions);
        caughtUpVoters = Set.copyOf(caughtUpVoters);
        racks = Map.copyOf(racks);
    }

    /** A snapshot of brokers without racks. */
    public KafkaSnapshot(
            Set<Integer> registeredBrokers,
            Set<Integer> fencedBrokers,
            OptionalInt quorumLeader,
            Set<Integer> voters,
            Map<TopicPartition, PartitionState> partitions,
            String metadataVersion,
            Set<Integer> caughtUpVoters) {
        this(
                registeredBrokers,
                fencedBrokers,
                quorumLeader,
                voters,
                partitions,
                metadataVersion,
                caughtUpVoters,
                Map.of());
    }

    /** Reads the whole snapshot; every call shares one deadline of {@code timeout}. */
    public static KafkaSnapshot read(Admin admin, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Deadline deadline = new Deadline(timeout);

        Collection<Node> nodes = deadline.get(admin.describeCluster(
                        new DescribeClusterOptions().includeFencedBrokers(true).timeoutMs(deadline.remainingMs()))
                .nodes());
        Set<Integer> registered = nodes.stream().map(Node::id).collect(Collectors.toSet());
        Set<Integer> fenced =
                nodes.stream().filter(Node::isFenced).map(Node::id).collect(Collectors.toSet());
        Map<Integer, String> racks =
                nodes.stream().filter(Node::hasRack).collect(Collectors.toMap(Node::id, Node::rack, (a, b) -> a));

        QuorumInfo quorum = deadline.get(
                admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(deadline.remainingMs()))
                        .quorumInfo());
        Set<Integer> voters =
                quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).collect(Collectors.toSet());
        OptionalInt leader = quorum.leaderId() >= 0 ? OptionalInt.of(quorum.leaderId()) : OptionalInt.empty();

        Set<String> topics = deadline.get(
                admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(deadline.remainingMs()))
                        .names());
        Map<String, TopicDescription> descriptions = new HashMap<>();
        if (!topics.isEmpty()) {
            var perTopic = admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(deadline.remainingMs()))
                    .topicNameValues();
            for (var topic : perTopic.entrySet()) {
                deadline.getUnlessDeleted(topic.getValue()).ifPresent(d -> descriptions.put(topic.getKey(), d));
            }
        }
        Map<String, Integer> minIsr = topicMinIsr(admin, descriptions.keySet(), deadline);

        Map<TopicPartition, PartitionState> partitions = new HashMap<>();
        descriptions.forEach((topic, description) -> {
            int topicMinIsr = minIsr.getOrDefault(topic, 1);
            for (TopicPartitionInfo info : description.partitions()) {
                partitions.put(new TopicPartition(topic, info.partition()), partitionState(info, topicMinIsr));
            }
        });

        FeatureMetadata features =
                deadline.get(admin.describeFeatures(new DescribeFeaturesOptions().timeoutMs(deadline.remainingMs()))
                        .featureMetadata());
        FinalizedVersionRange metadataVersion = features.finalizedFeatures().get(METADATA_VERSION_FEATURE);

        return new KafkaSnapshot(
                registered,
                fenced,
                leader,
                voters,
                partitions,
                metadataVersion == null ? null : Short.toString(metadataVersion.maxVersionLevel()),
                caughtUpVoters(quorum),
                racks);
    }

    public static PartitionState partitionState(TopicPartitionInfo info, int minIsr) {
        Node leader = info.leader();
        return new PartitionState(
                ids(info.replicas()),
                ids(info.isr()),
                leader == null || leader.isEmpty() ? PartitionState.NO_LEADER : leader.id(),
                minIsr);
    }

    /**
     * Voters caught up with the leader the way KRaft measures it: a follower's last caught-up time is within
     * {@link #VOTER_CAUGHT_UP_MS} of the leader's own.
     */
    static Set<Integer> caughtUpVoters(QuorumInfo quorum) {
        Optional<QuorumInfo.ReplicaState> leaderState = quorum.voters().stream()
                .filter(v -> v.replicaId() == quorum.leaderId())
                .findFirst();
        if (leaderState.isEmpty()) {
            return Set.of();
        }
        Set<Integer> caughtUp = new TreeSet<>();
        caughtUp.add(quorum.leaderId());
        var leaderCaughtUp = leaderState.get().lastCaughtUpTimestamp();
        for (QuorumInfo.ReplicaState voter : quorum.voters()) {
            var voterCaughtUp = voter.lastCaughtUpTimestamp();
            if (leaderCaughtUp.isPresent()
                    && voterCaughtUp.isPresent()
                    && leaderCaughtUp.getAsLong() - voterCaughtUp.getAsLong() < VOTER_CAUGHT_UP_MS) {
                caughtUp.add(voter.replicaId());
            }
        }
        return caughtUp;
    }

    private static Map<String, Integer> topicMinIsr(Admin admin, Set<String> topics, Deadline deadline)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = topics.stream()
                .sorted()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<String, Integer> result = new HashMap<>();
        for (int from = 0; from < resources.size(); from += CONFIG_BATCH) {
            List<ConfigResource> batch = resources.subList(from, Math.min(resources.size(), from + CONFIG_BATCH));
            Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(
                            batch, new DescribeConfigsOptions().timeoutMs(deadline.remainingMs()))
                    .values();
            for (var resource : configs.entrySet()) {
                Optional<Config> config = deadline.getUnlessDeleted(resource.getValue());
                ConfigEntry entry = config.map(c -> c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG))
                        .orElse(null);
                if (entry != null && entry.value() != null) {
                    result.put(resource.getKey().name(), Integer.parseInt(entry.value()));
                }
            }
        }
        return result;
    }

    private static List<Integer> ids(List<Node> nodes) {
        List<Integer> ids = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            ids.add(node.id());
        }
        return ids;
    }

    public int underReplicated() {
        return (int) partitions.values().stream()
                .filter(PartitionState::underReplicated)
                .count();
    }

    public int underMinIsr() {
        return (int)
                partitions.values().stream().filter(PartitionState::underMinIsr).count();
    }

    public int offline() {
        return (int)
                partitions.values().stream().filter(PartitionState::offline).count();
    }

    public boolean registeredAndUnfenced(int brokerId) {
        return registeredBrokers.contains(brokerId) && !fencedBrokers.contains(brokerId);
    }

    /** The broker's rack, null when it has none (or is not registered). */
    public String rackOf(int brokerId) {
        return racks.get(brokerId);
    }

    public boolean isQuorumLeader(int nodeId) {
        return quorumLeader.isPresent() && quorumLeader.getAsInt() == nodeId;
    }

    /** Partitions with a replica on {@code brokerId} that is not in the ISR (the broker has not caught up). */
    public List<TopicPartition> outOfSyncOn(int brokerId) {
        return partitions.entrySet().stream()
                .filter(e ->
                        e.getValue().hostedOn(brokerId) && !e.getValue().isr().contains(brokerId))
                .map(Map.Entry::getKey)
                .sorted(TopicPartitions.ORDER)
                .toList();
    }

    /** One deadline shared by the sequential admin calls of a read. */
    private static final class Deadline {
        private final long endNanos;

        Deadline(Duration timeout) {
            this.endNanos = System.nanoTime() + timeout.toNanos();
        }

        int remainingMs() {
            return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
        }

        <T> T get(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
            return future.get(remainingMs(), TimeUnit.MILLISECONDS);
        }

        /** Empty when the topic was deleted after it was listed: it no longer matters to the snapshot. */
        <T> Optional<T> getUnlessDeleted(KafkaFuture<T> future)
                throws ExecutionException, InterruptedException, TimeoutException {
            try {
                return Optional.of(get(future));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }
}
