package dev.krafter.reassign;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Replication throttles for partitions being moved, as Kafka's reassignment tool sets them: a rate on the brokers
 * involved, and on each topic the replicas it applies to (current replicas as leaders, added ones as followers).
 * Only replicas listed on the topic are throttled, so other replication traffic runs at full speed.
 */
final class Throttles {
    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    static final Set<String> BROKER_CONFIGS = Set.of(LEADER_RATE, FOLLOWER_RATE);
    static final Set<String> TOPIC_CONFIGS = Set.of(LEADER_REPLICAS, FOLLOWER_REPLICAS);

    private Throttles() {}

    /** Topic name to its two throttled-replica lists ("partition:broker,..."), for topics with data to copy. */
    static Map<String, Map<String, String>> topicConfigs(Collection<ReplicaMovement> movements) {
        Map<String, Set<String>> leaders = new TreeMap<>();
        Map<String, Set<String>> followers = new TreeMap<>();
        for (ReplicaMovement m : movements) {
            if (!m.copiesData()) {
                continue;
            }
            String topic = m.partition().topic();
            int partition = m.partition().partition();
            m.sources()
                    .forEach(b ->
                            leaders.computeIfAbsent(topic, t -> new TreeSet<>()).add(partition + ":" + b));
            m.adding()
                    .forEach(b -> followers
                            .computeIfAbsent(topic, t -> new TreeSet<>())
                            .add(partition + ":" + b));
        }
        Map<String, Map<String, String>> configs = new TreeMap<>();
        leaders.forEach((topic, replicas) -> configs.put(
                topic,
                Map.of(
                        LEADER_REPLICAS, String.join(",", replicas),
                        FOLLOWER_REPLICAS, String.join(",", followers.get(topic)))));
        return configs;
    }

    /** Brokers sending or receiving data for the movements. */
    static Set<Integer> brokersInvolved(Collection<ReplicaMovement> movements) {
        return movements.stream()
                .filter(ReplicaMovement::copiesData)
                .flatMap(m -> m.brokersInvolved().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Map<String, String> brokerRates(long bytesPerSecond) {
        return Map.of(LEADER_RATE, Long.toString(bytesPerSecond), FOLLOWER_RATE, Long.toString(bytesPerSecond));
    }
}
