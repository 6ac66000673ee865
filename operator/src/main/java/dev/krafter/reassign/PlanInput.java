package dev.krafter.reassign;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the planner needs.
 *
 * @param current                  the assignment of every partition of the cluster (also those out of scope: their
 *                                 replicas count towards each broker's load but never move)
 * @param brokers                  the brokers of the cluster, with racks when rack-aware (all or none have a rack)
 * @param targetReplicationFactors replication factor per topic; a topic absent here keeps each partition's current one
 * @param drainedBrokers           brokers that must end up holding no replica of a topic in scope
 * @param topicsInScope            the topics whose partitions may move
 */
public record PlanInput(
        Assignment current,
        List<BrokerInfo> brokers,
        Map<String, Integer> targetReplicationFactors,
        Set<Integer> drainedBrokers,
        SortedSet<String> topicsInScope) {

    public PlanInput {
        brokers = List.copyOf(brokers);
        targetReplicationFactors = Map.copyOf(targetReplicationFactors);
        drainedBrokers = Set.copyOf(drainedBrokers);
        topicsInScope = new TreeSet<>(topicsInScope);
    }

    /** Every topic of {@code current} may move. */
    public static PlanInput allTopics(
            Assignment current,
            List<BrokerInfo> brokers,
            Map<String, Integer> targetReplicationFactors,
            Set<Integer> drainedBrokers) {
        return new PlanInput(current, brokers, targetReplicationFactors, drainedBrokers, current.topics());
    }
}
