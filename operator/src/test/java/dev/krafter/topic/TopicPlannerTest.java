package dev.krafter.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicPlannerTest {
    private static ActualTopic actual(int partitions, int replicas, Map<String, String> topicConfig) {
        Map<String, String> effective = new java.util.HashMap<>(
                Map.of("retention.ms", "604800000", "cleanup.policy", "delete", "segment.bytes", "1073741824"));
        effective.putAll(topicConfig);
        return new ActualTopic(
                "t", "id", java.util.Collections.nCopies(partitions, replicas), 0, topicConfig, effective);
    }

    private static DesiredTopic desired(Integer partitions, Integer replicas, Map<String, String> config) {
        return new DesiredTopic("t", partitions, replicas, config);
    }

    @Test
    void aMissingTopicIsCreatedAsTheSpecSays() {
        DesiredTopic desired = desired(6, 3, Map.of("retention.ms", "1000"));
        assertThat(TopicPlanner.plan(desired, Optional.empty(), Set.of())).isEqualTo(new TopicPlan.Create(desired));
    }

    @Test
    void aMatchingTopicNeedsNothing() {
        TopicPlan plan = TopicPlanner.plan(
                desired(6, 3, Map.of("retention.ms", "1000")),
                Optional.of(actual(6, 3, Map.of("retention.ms", "1000"))),
                Set.of("retention.ms"));
        assertThat(plan).isInstanceOf(TopicPlan.Update.class);
        assertThat(((TopicPlan.Update) plan).isEmpty()).isTrue();
    }

    @Test
    void unsetPartitionsAndReplicationFactorAreNotEnforced() {
        TopicPlan.Update plan = (TopicPlan.Update)
                TopicPlanner.plan(desired(null, null, Map.of()), Optional.of(actual(7, 2, Map.of())), Set.of());
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void differingAndMissingSpecKeysAreSetAndTheValueBeforeIsReported() {
        TopicPlan.Update plan = (TopicPlan.Update) TopicPlanner.plan(
                desired(6, 3, Map.of("retention.ms", "1000", "cleanup.policy", "delete")),
                Optional.of(actual(6, 3, Map.of("retention.ms", "5000"))),
                Set.of("retention.ms"));
        // cleanup.policy equals the broker default but is pinned on the topic, as the spec asks.
        assertThat(plan.configChanges())
                .containsExactly(
                        TopicPlan.ConfigChange.set("cleanup.policy", "delete", "delete"),
                        TopicPlan.ConfigChange.set("retention.ms", "1000", "5000"));
        assertThat(plan.describe()).isEqualTo("cleanup.policy delete -> delete, retention.ms 5000 -> 1000");
    }

    @Test
    void keysRemovedFromTheSpecAreDeletedButKeysNeverInTheSpecStay() {
        TopicPlan.Update plan = (TopicPlan.Update) TopicPlanner.plan(
                desired(6, 3, Map.of()),
                Optional.of(actual(6, 3, Map.of("retention.ms", "5000", "max.message.bytes", "2000000"))),
                Set.of("retention.ms", "segment.bytes"));
        assertThat(plan.configChanges()).containsExactly(TopicPlan.ConfigChange.delete("retention.ms", "5000"));
        assertThat(plan.alterConfigOps()).singleElement().satisfies(op -> {
            assertThat(op.opType()).isEqualTo(org.apache.kafka.clients.admin.AlterConfigOp.OpType.DELETE);
            assertThat(op.configEntry().name()).isEqualTo("retention.ms");
        });
        assertThat(plan.describe()).isEqualTo("retention.ms 5000 -> cluster default");
    }

    @Test
    void partitionsGrow() {
        TopicPlan.Update plan = (TopicPlan.Update)
                TopicPlanner.plan(desired(12, 3, Map.of()), Optional.of(actual(6, 3, Map.of())), Set.of());
        assertThat(plan.partitionsTo()).isEqualTo(12);
        assertThat(plan.describe()).isEqualTo("partitions 6 -> 12");
    }

    @Test
    void fewerPartitionsAreRefusedAndNothingElseIsPlanned() {
        TopicPlan plan = TopicPlanner.plan(
                desired(4, 1, Map.of("retention.ms", "1")), Optional.of(actual(6, 3, Map.of())), Set.of());
        assertThat(plan).isInstanceOf(TopicPlan.Refuse.class);
        TopicPlan.Refuse refuse = (TopicPlan.Refuse) plan;
        assertThat(refuse.reason()).isEqualTo("NotSupported");
        assertThat(refuse.message())
                .contains("spec.partitions is 4 but topic t has 6 partitions")
                .contains("set spec.partitions to at least 6");
    }

    @Test
    void aDifferentReplicationFactorOnAnyPartitionIsAChange() {
        ActualTopic halfMoved = new ActualTopic("t", "id", List.of(3, 2), 0, Map.of(), Map.of());
        TopicPlan.Update plan =
                (TopicPlan.Update) TopicPlanner.plan(desired(2, 3, Map.of()), Optional.of(halfMoved), Set.of());
        assertThat(plan.replicationFactorTo()).isEqualTo(3);
        TopicPlan.Update same = (TopicPlan.Update)
                TopicPlanner.plan(desired(2, 2, Map.of()), Optional.of(actual(2, 2, Map.of())), Set.of());
        assertThat(same.replicationFactorTo()).isNull();
    }
}
