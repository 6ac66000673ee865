package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class KafkaSnapshotTest {

    @Test
    void countsPartitionHealthTheWayTheStatusReportsIt() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("healthy", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2)
                .partition("lagging", 0, List.of(0, 1, 2), List.of(0, 1), 2)
                .partition("atRisk", 0, List.of(0, 1, 2), List.of(0), 2)
                .partition("down", 0, List.of(2), List.of(), 1)
                .build();

        assertThat(snapshot.underReplicated()).isEqualTo(3);
        assertThat(snapshot.underMinIsr()).isEqualTo(2);
        assertThat(snapshot.offline()).isEqualTo(1);
        assertThat(snapshot.outOfSyncOn(2))
                .containsExactly(
                        new TopicPartition("atRisk", 0),
                        new TopicPartition("down", 0),
                        new TopicPartition("lagging", 0));
    }

    @Test
    void aPartitionWithoutLeaderIsOffline() {
        Node b0 = new Node(0, "b0", 9092);
        Node b1 = new Node(1, "b1", 9092);

        PartitionState led =
                KafkaSnapshot.partitionState(new TopicPartitionInfo(0, b1, List.of(b0, b1), List.of(b1)), 2);
        PartitionState leaderless =
                KafkaSnapshot.partitionState(new TopicPartitionInfo(0, null, List.of(b0, b1), List.of(b1)), 2);
        PartitionState noNode =
                KafkaSnapshot.partitionState(new TopicPartitionInfo(0, Node.noNode(), List.of(b0, b1), List.of(b1)), 2);

        assertThat(led.leader()).isEqualTo(1);
        assertThat(led.offline()).isFalse();
        assertThat(led.replicas()).containsExactly(0, 1);
        assertThat(leaderless.offline()).isTrue();
        assertThat(noNode.offline()).isTrue();
    }
}
