package dev.krafter.roll;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** Builds {@link KafkaSnapshot} fixtures for the pure tests. */
final class Snapshots {

    private Set<Integer> registered = Set.of();
    private Set<Integer> fenced = Set.of();
    private OptionalInt leader = OptionalInt.empty();
    private Set<Integer> voters = Set.of();
    private Set<Integer> caughtUp = null;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<Integer, String> racks = new HashMap<>();

    static Snapshots cluster() {
        return new Snapshots();
    }

    Snapshots brokers(Integer... ids) {
        registered = Set.of(ids);
        return this;
    }

    Snapshots fenced(Integer... ids) {
        fenced = Set.of(ids);
        return this;
    }

    Snapshots voters(int leaderId, Integer... ids) {
        leader = OptionalInt.of(leaderId);
        voters = Set.of(ids);
        return this;
    }

    Snapshots rack(String rack, Integer... brokerIds) {
        for (int id : brokerIds) {
            racks.put(id, rack);
        }
        return this;
    }

    Snapshots noLeader() {
        leader = OptionalInt.empty();
        return this;
    }

    Snapshots caughtUp(Integer... ids) {
        caughtUp = Set.of(ids);
        return this;
    }

    /** A partition whose leader is the first ISR member (none when the ISR is empty). */
    Snapshots partition(String topic, int partition, List<Integer> replicas, List<Integer> isr, int minIsr) {
        partitions.put(
                new TopicPartition(topic, partition),
                new PartitionState(replicas, isr, isr.isEmpty() ? PartitionState.NO_LEADER : isr.get(0), minIsr));
        return this;
    }

    KafkaSnapshot build() {
        return new KafkaSnapshot(
                registered, fenced, leader, voters, partitions, "27", caughtUp == null ? voters : caughtUp, racks);
    }
}
