package dev.krafter.reassign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka admin calls the reassignment executor needs, and nothing more: the seam between the executor and
 * {@link org.apache.kafka.clients.admin.Admin} (see {@link KafkaReassignmentAdmin}).
 */
public interface ReassignmentAdmin {

    /**
     * Where a partition is, as Kafka reports it: its replicas (during a reassignment: old and new) and its leader, if
     * any. Its health (in-sync replicas, min.insync.replicas) is {@link dev.krafter.roll.PartitionState}.
     */
    record PartitionPlacement(List<Integer> replicas, Optional<Integer> leader) {
        public PartitionPlacement {
            replicas = List.copyOf(replicas);
        }
    }

    /** A reassignment Kafka is carrying out: all replicas, those being added and those being removed. */
    record InFlightReassignment(List<Integer> replicas, List<Integer> adding, List<Integer> removing) {
        public InFlightReassignment {
            replicas = List.copyOf(replicas);
            adding = List.copyOf(adding);
            removing = List.copyOf(removing);
        }

        /** The replica list the reassignment leads to. */
        public List<Integer> target() {
            return replicas.stream().filter(b -> !removing.contains(b)).toList();
        }

        /** The replica list before the reassignment. */
        public List<Integer> original() {
            return replicas.stream().filter(b -> !adding.contains(b)).toList();
        }
    }

    /** The brokers registered in the cluster, with their racks. */
    List<BrokerInfo> brokers();

    /** All topic names, internal ones included. */
    Set<String> listTopics();

    Map<TopicPartition, PartitionPlacement> describePartitions(Set<String> topics);

    Map<TopicPartition, InFlightReassignment> listReassignments();

    /**
     * Starts reassignments (a replica list) or cancels them (empty); a cancel of a reassignment that already finished
     * is not an error.
     */
    void alterReassignments(Map<TopicPartition, Optional<List<Integer>>> changes);

    /** Values of the given configs set dynamically on each broker (absent when not set). */
    Map<Integer, Map<String, String>> brokerConfigs(Set<Integer> brokers, Set<String> names);

    /** Sets (value present) or deletes (empty) dynamic broker configs. */
    void alterBrokerConfigs(Map<Integer, Map<String, Optional<String>>> changes);

    /** Values of the given configs set on each topic (absent when not set). */
    Map<String, Map<String, String>> topicConfigs(Set<String> topics, Set<String> names);

    /** Sets (value present) or deletes (empty) topic configs. */
    void alterTopicConfigs(Map<String, Map<String, Optional<String>>> changes);

    /** Runs a preferred leader election; returns the partitions whose election failed, with why. */
    Map<TopicPartition, String> electPreferredLeaders(Set<TopicPartition> partitions);
}
