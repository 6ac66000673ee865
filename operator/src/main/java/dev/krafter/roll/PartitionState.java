package dev.krafter.roll;

import java.util.List;

/**
 * One partition as Kafka reports it.
 *
 * @param replicas assigned replica node ids, preferred leader first
 * @param isr in-sync replica node ids
 * @param leader leader node id, -1 when the partition has no leader (offline)
 * @param minIsr the topic's effective {@code min.insync.replicas} (topic override or broker default)
 */
public record PartitionState(List<Integer> replicas, List<Integer> isr, int leader, int minIsr) {

    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /**
     * The ISR size acks=all producers need. Since Kafka 3.7 a partition with fewer replicas than
     * min.insync.replicas needs all of its replicas, not more (KAFKA-15583), so the requirement is capped.
     */
    public int requiredIsr() {
        return Math.max(1, Math.min(minIsr, replicas.size()));
    }

    public boolean offline() {
        return leader == NO_LEADER;
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }

    public boolean underMinIsr() {
        return isr.size() < requiredIsr();
    }

    public boolean hostedOn(int nodeId) {
        return replicas.contains(nodeId);
    }

    /** ISR size if {@code nodeId} left it (restart, crash). */
    public int isrSizeWithout(int nodeId) {
        return isr.contains(nodeId) ? isr.size() - 1 : isr.size();
    }
}
