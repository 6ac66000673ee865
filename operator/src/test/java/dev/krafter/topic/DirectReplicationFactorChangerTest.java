package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class DirectReplicationFactorChangerTest {
    private static Node node(int id) {
        return new Node(id, "localhost", 9000 + id);
    }

    private static TopicPartitionInfo partition(int index, Integer... replicas) {
        List<Node> nodes = java.util.Arrays.stream(replicas).map(DirectReplicationFactorChangerTest::node).toList();
        return new TopicPartitionInfo(index, nodes.get(0), nodes, nodes);
    }

    private static TopicDescription topic(TopicPartitionInfo... partitions) {
        return new TopicDescription("t", false, List.of(partitions), java.util.Set.of(), Uuid.randomUuid());
    }

    @Test
    void growingAddsTheLeastLoadedBrokersNotYetInTheList() {
        Map<Integer, List<Integer>> plan = DirectReplicationFactorChanger.plan(
                topic(partition(0, 1), partition(1, 2), partition(2, 3), partition(3, 1)), List.of(1, 2, 3), 2);
        assertThat(plan).containsEntry(0, List.of(1, 2)).containsEntry(1, List.of(2, 3))
                .containsEntry(2, List.of(3, 1)).containsEntry(3, List.of(1, 2));
        plan.values().forEach(replicas -> assertThat(replicas).doesNotHaveDuplicates());
    }

    @Test
    void shrinkingKeepsThePreferredLeaderAndLeavesMatchingPartitionsAlone() {
        Map<Integer, List<Integer>> plan = DirectReplicationFactorChanger.plan(
                topic(partition(0, 1, 2, 3), partition(1, 2)), List.of(1, 2, 3), 1);
        assertThat(plan).containsOnlyKeys(0).containsEntry(0, List.of(1));
    }

    @Test
    void aTargetAboveTheBrokerCountIsRefused() {
        assertThatThrownBy(() -> DirectReplicationFactorChanger.plan(topic(partition(0, 1)), List.of(1, 2), 3))
                .hasMessageContaining("needs 3 brokers, the cluster has 2");
    }
}
