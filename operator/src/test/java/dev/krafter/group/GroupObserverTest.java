package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How one group's answers from the batched Admin calls become a snapshot. */
class GroupObserverTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition GONE = new TopicPartition("deleted", 0);

    private static ConsumerGroupDescription description(GroupState state, Set<TopicPartition> assigned) {
        List<MemberDescription> members = assigned.isEmpty()
                ? List.of()
                : List.of(new MemberDescription(
                        "m1",
                        Optional.empty(),
                        "client",
                        "/10.0.0.1",
                        new MemberAssignment(assigned),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        return new ConsumerGroupDescription(
                "g",
                false,
                members,
                "range",
                GroupType.CLASSIC,
                state,
                Node.noNode(),
                Set.of(),
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void combinesCommittedOffsetsLogBoundsAndAssignment() {
        GroupSnapshot snapshot = GroupObserver.snapshot(
                "g",
                Instant.EPOCH,
                description(GroupState.STABLE, Set.of(A1)),
                Map.of(A1, new OffsetAndMetadata(7), A0, new OffsetAndMetadata(3), GONE, new OffsetAndMetadata(1)),
                Map.of(A0, 0L, A1, 5L),
                Map.of(A0, 10L, A1, 20L));
        assertThat(snapshot.exists()).isTrue();
        assertThat(snapshot.state()).isEqualTo("Stable");
        assertThat(snapshot.members()).isEqualTo(1);
        // Sorted; the partition of a deleted topic (no offsets listed) is left out.
        assertThat(snapshot.partitions())
                .containsExactly(
                        new PartitionObservation(A0, 3, 0, 10, false), new PartitionObservation(A1, 7, 5, 20, true));
    }

    @Test
    void aDeadGroupWithoutOffsetsDoesNotExistButAnEmptyOneWithOffsetsDoes() {
        assertThat(GroupObserver.snapshot(
                                "g",
                                Instant.EPOCH,
                                description(GroupState.DEAD, Set.of()),
                                Map.of(),
                                Map.of(),
                                Map.of())
                        .exists())
                .isFalse();
        assertThat(GroupObserver.snapshot("g", Instant.EPOCH, null, Map.of(), Map.of(), Map.of())
                        .exists())
                .isFalse();
        GroupSnapshot empty = GroupObserver.snapshot(
                "g",
                Instant.EPOCH,
                description(GroupState.EMPTY, Set.of()),
                Map.of(A0, new OffsetAndMetadata(3)),
                Map.of(A0, 0L),
                Map.of(A0, 10L));
        assertThat(empty.exists()).isTrue();
        assertThat(empty.state()).isEqualTo("Empty");
        assertThat(empty.partitions())
                .singleElement()
                .extracting(PartitionObservation::lag)
                .isEqualTo(7L);
    }

    @Test
    void committedTopicsKeepATopicWhoseOffsetsCouldNotBeListedButNotADeletedOne() {
        TopicPartition noLeader = new TopicPartition("electing", 0);
        GroupSnapshot snapshot = GroupObserver.snapshot(
                "g",
                Instant.EPOCH,
                description(GroupState.EMPTY, Set.of()),
                Map.of(
                        A0,
                        new OffsetAndMetadata(3),
                        noLeader,
                        new OffsetAndMetadata(4),
                        GONE,
                        new OffsetAndMetadata(1)),
                Map.of(A0, 0L),
                Map.of(A0, 10L),
                Set.of(GONE));
        assertThat(snapshot.partitions())
                .extracting(PartitionObservation::partition)
                .containsExactly(A0);
        assertThat(snapshot.committedTopics()).containsExactlyInAnyOrder("a", "electing");
    }
}
