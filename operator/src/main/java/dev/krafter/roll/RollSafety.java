package dev.krafter.roll;

import dev.krafter.kafka.TopicPartitions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a node can be restarted now without hurting clients: pure checks on a {@link KafkaSnapshot}.
 *
 * <p>Broker rule: a broker is not restarted while any partition it hosts would have fewer in-sync replicas than
 * acks=all producers need ({@link PartitionState#requiredIsr()}) once it is gone. Partitions whose only in-sync
 * replica it is are named as well: they would go offline, not only refuse writes. A partition already under its
 * min ISR blocks every broker hosting it (that broker may be the first to catch up).
 *
 * <p>Controller rule: a controller is not restarted unless, without it, a majority of the voters are still
 * healthy (pod ready and caught up with the quorum leader). A quorum of one or two voters cannot survive any
 * restart; there every other voter must be healthy, and the short loss of the quorum is unavoidable (blocking
 * would make the roll impossible).
 */
public final class RollSafety {

    /** How many partitions a message names before "and N more". */
    static final int LISTED = 10;

    private RollSafety() {}

    /** The partitions restarting broker {@code nodeId} would hurt. */
    public record BrokerImpact(List<TopicPartition> underMinIsr, List<TopicPartition> offline) {
        public boolean safe() {
            return underMinIsr.isEmpty();
        }
    }

    /** Topics listed in {@code spec.rollout.restartBelowMinIsr} ("*" for every topic). */
    public static final String EVERY_TOPIC = "*";

    public static BrokerImpact brokerImpact(int nodeId, KafkaSnapshot snapshot) {
        return brokerImpact(nodeId, snapshot, Set.of());
    }

    /** The partitions restarting broker {@code nodeId} would hurt, leaving out the topics the user accepts to hurt. */
    public static BrokerImpact brokerImpact(int nodeId, KafkaSnapshot snapshot, Set<String> accepted) {
        List<TopicPartition> underMinIsr = snapshot.partitions().entrySet().stream()
                .filter(e -> !accepted.contains(EVERY_TOPIC)
                        && !accepted.contains(e.getKey().topic()))
                .filter(e -> e.getValue().hostedOn(nodeId))
                .filter(e -> e.getValue().isrSizeWithout(nodeId) < e.getValue().requiredIsr())
                .map(Map.Entry::getKey)
                .sorted(TopicPartitions.ORDER)
                .toList();
        List<TopicPartition> offline = snapshot.partitions().entrySet().stream()
                .filter(e -> underMinIsr.contains(e.getKey()))
                .filter(e -> e.getValue().isr().equals(List.of(nodeId)))
                .map(Map.Entry::getKey)
                .sorted(TopicPartitions.ORDER)
                .toList();
        return new BrokerImpact(underMinIsr, offline);
    }

    /**
     * Why broker {@code nodeId} must not be restarted now, or empty when it is safe: the partitions that would
     * drop under min.insync.replicas, and those that would go offline.
     */
    public static Optional<String> blockers(int nodeId, KafkaSnapshot snapshot) {
        return brokerBlock(nodeId, snapshot, Set.of()).map(Block::message);
    }

    /**
     * Why broker {@code nodeId} must not be restarted now.
     *
     * @param message  what blocks it, naming partitions (or, when waiting cannot help, topics) and the way through
     * @param neverSafe some partitions cannot lose any replica (replication factor not above min.insync.replicas): no
     *                 amount of waiting makes the restart safe, only a change does
     */
    public record Block(String message, boolean neverSafe) {}

    /** Like {@link #blockers}, leaving out the topics the user accepts to go under min.insync.replicas. */
    public static Optional<Block> brokerBlock(int nodeId, KafkaSnapshot snapshot, Set<String> accepted) {
        BrokerImpact impact = brokerImpact(nodeId, snapshot, accepted);
        if (impact.safe()) {
            return Optional.empty();
        }
        Map<String, PartitionState> neverSafe = new TreeMap<>();
        for (TopicPartition tp : impact.underMinIsr()) {
            PartitionState partition = snapshot.partitions().get(tp);
            if (partition.replicas().size() - 1 < partition.requiredIsr()) {
                neverSafe.putIfAbsent(tp.topic(), partition);
            }
        }
        if (!neverSafe.isEmpty()) {
            String topics = neverSafe.entrySet().stream()
                            .limit(LISTED)
                            .map(e -> e.getKey() + " (replication factor "
                                    + e.getValue().replicas().size() + ", min.insync.replicas "
                                    + e.getValue().minIsr() + ")")
                            .collect(Collectors.joining(", "))
                    + (neverSafe.size() > LISTED ? " and " + (neverSafe.size() - LISTED) + " more" : "");
            return Optional.of(new Block(
                    "restarting broker " + nodeId + " would leave partitions of topic(s) that can"
                            + " never lose a broker: " + topics + " under min.insync.replicas ("
                            + impact.underMinIsr().size()
                            + " partition(s): " + list(impact.underMinIsr())
                            + (impact.offline().isEmpty()
                                    ? ""
                                    : "; " + impact.offline().size() + " would go offline") + ")"
                            + ", and waiting cannot change that. Raise their replication factor above their"
                            + " min.insync.replicas, or list them in spec.rollout.restartBelowMinIsr to restart anyway"
                            + " (acks=all producers to them fail while each broker restarts)",
                    true));
        }
        StringBuilder message = new StringBuilder("restarting broker ")
                .append(nodeId)
                .append(" would leave ")
                .append(impact.underMinIsr().size())
                .append(" partition(s) under min.insync.replicas: ")
                .append(list(impact.underMinIsr()));
        if (!impact.offline().isEmpty()) {
            message.append("; ")
                    .append(impact.offline().size())
                    .append(" would go offline (broker ")
                    .append(nodeId)
                    .append(" is their only in-sync replica): ")
                    .append(list(impact.offline()));
        }
        message.append(". Waiting for their replicas to catch up; if a partition can never tolerate a restart"
                + " (replication factor not above min.insync.replicas), raise its replication factor");
        return Optional.of(new Block(message.toString(), false));
    }

    /**
     * Whether brokers {@code restarting} may all be away at once: every partition hosted on any of them keeps
     * {@link PartitionState#requiredIsr()} in-sync replicas among the others (topics in {@code accepted} left out).
     * For a single broker this is {@link #brokerImpact}'s rule.
     */
    public static boolean safeTogether(Set<Integer> restarting, KafkaSnapshot snapshot, Set<String> accepted) {
        if (restarting.isEmpty()) {
            return true;
        }
        boolean everyTopic = accepted.contains(EVERY_TOPIC);
        for (Map.Entry<TopicPartition, PartitionState> entry :
                snapshot.partitions().entrySet()) {
            PartitionState partition = entry.getValue();
            if (everyTopic
                    || partition.replicas().stream().noneMatch(restarting::contains)
                    || accepted.contains(entry.getKey().topic())) {
                continue;
            }
            long left = partition.isr().stream()
                    .filter(id -> !restarting.contains(id))
                    .count();
            if (left < partition.requiredIsr()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why controller {@code nodeId} must not be restarted now, or empty when the quorum keeps its majority.
     *
     * @param readyVoters voters whose pods are ready
     */
    public static Optional<String> quorumBlockers(int nodeId, Set<Integer> readyVoters, KafkaSnapshot snapshot) {
        return quorumBlockers(Set.of(nodeId), readyVoters, snapshot);
    }

    /**
     * Why controllers {@code restarting} must not be away together, or empty when the other voters that are ready and
     * caught up keep a majority (every other voter, in quorums of one or two).
     */
    public static Optional<String> quorumBlockers(
            Set<Integer> restarting, Set<Integer> readyVoters, KafkaSnapshot snapshot) {
        Set<Integer> voters = snapshot.voters();
        if (voters.isEmpty()) {
            return Optional.of("the KRaft quorum reports no voters");
        }
        Set<Integer> healthyOthers = voters.stream()
                .filter(v -> !restarting.contains(v))
                .filter(readyVoters::contains)
                .filter(snapshot.caughtUpVoters()::contains)
                .collect(Collectors.toSet());
        int majority = voters.size() / 2 + 1;
        int needed = Math.min(majority, voters.size() - 1);
        if (healthyOthers.size() >= needed) {
            return Optional.empty();
        }
        String who = restarting.size() == 1
                ? "controller " + restarting.iterator().next()
                : "controllers " + sorted(restarting);
        return Optional.of("restarting " + who + " would leave " + healthyOthers.size() + " of "
                + voters.size() + " voters ready and caught up " + sorted(healthyOthers) + "; the quorum needs "
                + needed);
    }

    static String list(List<TopicPartition> partitions) {
        String shown =
                partitions.stream().limit(LISTED).map(TopicPartition::toString).collect(Collectors.joining(", "));
        return partitions.size() > LISTED ? shown + " and " + (partitions.size() - LISTED) + " more" : shown;
    }

    private static List<Integer> sorted(Set<Integer> ids) {
        return ids.stream().sorted().toList();
    }
}
