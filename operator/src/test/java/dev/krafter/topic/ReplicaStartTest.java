package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.TopicPartitionReplica;
import org.junit.jupiter.api.Test;

class ReplicaStartTest {
    private static final Node B0 = new Node(0, "b0", 9092);
    private static final Node B1 = new Node(1, "b1", 9092);
    private static final Node B2 = new Node(2, "b2", 9092);

    @Test
    void aTopicIsStartedOnceEveryInSyncReplicaBrokerReportsALogDirectoryAndABrokerThatIsDownIsNotWaitedFor() {
        TopicDescription orders = new TopicDescription(
                "orders",
                false,
                List.of(
                        new TopicPartitionInfo(0, B0, List.of(B0, B1), List.of(B0, B1)),
                        new TopicPartitionInfo(1, B1, List.of(B1, B2), List.of(B1, B2)),
                        new TopicPartitionInfo(2, B1, List.of(B1, B0), List.of(B1))));
        List<TopicPartitionReplica> replicas = ReplicaStart.inSyncReplicas(orders);
        assertThat(replicas)
                .containsExactly(
                        new TopicPartitionReplica("orders", 0, 0),
                        new TopicPartitionReplica("orders", 0, 1),
                        new TopicPartitionReplica("orders", 1, 1),
                        new TopicPartitionReplica("orders", 1, 2),
                        new TopicPartitionReplica("orders", 2, 1));

        Map<TopicPartitionReplica, String> dirs = new HashMap<>();
        dirs.put(new TopicPartitionReplica("orders", 0, 0), "/var/lib/kafka/data");
        dirs.put(new TopicPartitionReplica("orders", 0, 1), null);
        dirs.put(new TopicPartitionReplica("orders", 1, 1), "/var/lib/kafka/data");
        dirs.put(new TopicPartitionReplica("orders", 2, 1), "/var/lib/kafka/data");
        assertThat(ReplicaStart.notYetCreated(replicas, dirs))
                .as("broker 1 not yet; broker 2 did not answer")
                .containsExactly("partition 0 on broker 1", "partition 1 on broker 2");

        dirs.put(new TopicPartitionReplica("orders", 0, 1), "/var/lib/kafka/data");
        dirs.put(new TopicPartitionReplica("orders", 1, 2), "/var/lib/kafka/data");
        assertThat(ReplicaStart.notYetCreated(replicas, dirs)).isEmpty();
    }
}
