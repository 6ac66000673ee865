package dev.krafter.probe;

import java.util.Optional;

/**
 * The few broker and KRaft figures readiness depends on. Empty when the metric is not (yet) registered,
 * which is normal while the node starts.
 */
public interface NodeMetrics {

    /** {@code kafka.server:type=KafkaServer,name=BrokerState}: 3 is RUNNING. */
    Optional<Integer> brokerState();

    /** {@code kafka.server:type=raft-metrics} {@code current-state}: leader, follower, candidate, ... */
    Optional<String> raftState();

    /** {@code kafka.server:type=raft-metrics} {@code high-watermark}; -1 while unknown. */
    Optional<Long> raftHighWatermark();

    /** {@code kafka.server:type=raft-metrics} {@code log-end-offset}. */
    Optional<Long> raftLogEndOffset();
}
