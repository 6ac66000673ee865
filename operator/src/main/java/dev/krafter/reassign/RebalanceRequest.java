package dev.krafter.reassign;

import dev.krafter.api.v1alpha1.RebalanceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a reconciler asks the {@link Rebalancer} for.
 *
 * @param resource                    namespace/name of the custom resource asking, for logs
 * @param brokers                     the brokers the cluster should use, with racks when rack-aware (all or none)
 * @param drainedBrokers              brokers to empty (scale-down): they end with no replica of a topic in scope
 * @param targetReplicationFactors    replication factor per topic; topics absent keep theirs
 * @param topics                      topics that may move; empty means every topic, internal ones included
 * @param throttleBytesPerSecond      replication throttle per broker while data moves; 0 means unthrottled
 * @param maxConcurrentMovesPerBroker most data-copying partition moves in flight per broker
 * @param knownTotalMoves             the total replica moves reported by an earlier step of the same operation (from
 *                                    status; 0 at first), so progress keeps counting across operator restarts
 */
public record RebalanceRequest(
        String resource,
        List<BrokerInfo> brokers,
        Set<Integer> drainedBrokers,
        Map<String, Integer> targetReplicationFactors,
        Optional<SortedSet<String>> topics,
        long throttleBytesPerSecond,
        int maxConcurrentMovesPerBroker,
        int knownTotalMoves) {

    public RebalanceRequest {
        brokers = List.copyOf(brokers);
        drainedBrokers = Set.copyOf(drainedBrokers);
        targetReplicationFactors = Map.copyOf(targetReplicationFactors);
        topics = topics.map(TreeSet::new);
        if (throttleBytesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "throttleBytesPerSecond must be >= 0 (0 = unthrottled), got " + throttleBytesPerSecond);
        }
        if (maxConcurrentMovesPerBroker < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentMovesPerBroker must be >= 1, got " + maxConcurrentMovesPerBroker);
        }
    }

    /** Cluster-wide rebalance (scale-up or scale-down) with the throttle and concurrency of the cluster's spec. */
    public static RebalanceRequest wholeCluster(
            String resource,
            List<BrokerInfo> brokers,
            Set<Integer> drainedBrokers,
            RebalanceSpec spec,
            int knownTotalMoves) {
        return new RebalanceRequest(
                resource,
                brokers,
                drainedBrokers,
                Map.of(),
                Optional.empty(),
                spec.getThrottleBytesPerSecond(),
                spec.getMaxConcurrentMovesPerBroker(),
                knownTotalMoves);
    }

    /** Replication-factor change of one topic, with the throttle and concurrency of its cluster's spec. */
    public static RebalanceRequest replicationFactor(
            String resource,
            List<BrokerInfo> brokers,
            String topic,
            int replicationFactor,
            RebalanceSpec spec,
            int knownTotalMoves) {
        return new RebalanceRequest(
                resource,
                brokers,
                Set.of(),
                Map.of(topic, replicationFactor),
                Optional.of(new TreeSet<>(Set.of(topic))),
                spec.getThrottleBytesPerSecond(),
                spec.getMaxConcurrentMovesPerBroker(),
                knownTotalMoves);
    }

    public RebalanceRequest withKnownTotalMoves(int total) {
        return new RebalanceRequest(
                resource,
                brokers,
                drainedBrokers,
                targetReplicationFactors,
                topics,
                throttleBytesPerSecond,
                maxConcurrentMovesPerBroker,
                total);
    }
}
