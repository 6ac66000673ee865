package dev.krafter.reassign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MoveBatcherTest {

    @Test
    void noBrokerTakesPartInMoreMovesThanAllowedCountingThoseInFlight() {
        List<PartitionMove> pending = List.of(
                move(0, List.of(0, 1), List.of(0, 3)), // brokers 1, 3
                move(1, List.of(1, 2), List.of(3, 2)), // brokers 1, 3 -> 3 busy twice with the in-flight one: waits
                move(2, List.of(0, 2), List.of(0, 4)), // brokers 2, 4
                move(3, List.of(2, 0), List.of(0, 2)), // reorder only: always goes
                move(4, List.of(0, 2), List.of(0, 5))); // broker 2 busy twice already: waits
        List<ReplicaMovement> inFlight = List.of(ReplicaMovement.of(move(9, List.of(2, 0), List.of(3, 0))));

        List<PartitionMove> batch = MoveBatcher.nextBatch(pending, inFlight, 2);

        assertThat(batch).extracting(m -> m.partition().partition()).containsExactly(0, 2, 3);
    }

    @Test
    void withNothingInFlightTheFirstMoveAlwaysStarts() {
        List<PartitionMove> pending = List.of(move(0, List.of(0, 1, 2), List.of(3, 4, 5)));

        assertThat(MoveBatcher.nextBatch(pending, List.of(), 1)).hasSize(1);
    }

    @Test
    void throttlesListCurrentReplicasAsLeadersAndAddedOnesAsFollowers() {
        List<ReplicaMovement> moving = List.of(
                ReplicaMovement.of(move(0, List.of(0, 1), List.of(0, 3))),
                ReplicaMovement.of(move(1, List.of(1, 2), List.of(2, 1))));

        assertThat(Throttles.topicConfigs(moving))
                .containsEntry(
                        "t",
                        java.util.Map.of(
                                Throttles.LEADER_REPLICAS, "0:0,0:1",
                                Throttles.FOLLOWER_REPLICAS, "0:3"));
        assertThat(Throttles.brokersInvolved(moving)).containsExactly(0, 1, 3);
    }

    private static PartitionMove move(int partition, List<Integer> from, List<Integer> to) {
        return new PartitionMove(new TopicPartition("t", partition), from, to);
    }
}
