package dev.krafter.reassign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReassignmentExecutorTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void aPartitionShowingMoreReplicasThanItsTopicWithNoReassignmentLooksMidReassignment() {
        Map<TopicPartition, ReassignmentAdmin.PartitionPlacement> partitions =
                Map.of(P0, state(0, 1, 2), P1, state(0, 1, 2, 3));

        assertThat(ReassignmentExecutor.looksMidReassignment(partitions, Map.of()))
                .isTrue();
        assertThat(ReassignmentExecutor.looksMidReassignment(
                        partitions,
                        Map.of(
                                P1,
                                new ReassignmentAdmin.InFlightReassignment(
                                        List.of(0, 1, 2, 3), List.of(3), List.of(2)))))
                .isFalse();
        assertThat(ReassignmentExecutor.looksMidReassignment(Map.of(P0, state(0, 1), P1, state(2, 3)), Map.of()))
                .isFalse();
    }

    @Test
    void anInFlightReassignmentLeadsToItsReplicasWithoutTheRemovedOnes() {
        var inFlight = new ReassignmentAdmin.InFlightReassignment(List.of(3, 1, 0, 2), List.of(3), List.of(2));

        assertThat(inFlight.target()).containsExactly(3, 1, 0);
        assertThat(inFlight.original()).containsExactly(1, 0, 2);
    }

    private static ReassignmentAdmin.PartitionPlacement state(Integer... replicas) {
        return new ReassignmentAdmin.PartitionPlacement(List.of(replicas), Optional.of(replicas[0]));
    }
}
