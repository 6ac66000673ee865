package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.cluster.ScalePlanner.Action;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.PartitionState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ScalePlannerTest {
    private static KafkaSnapshot snapshot(
            Set<Integer> registered, Set<Integer> fenced, Map<TopicPartition, PartitionState> parts) {
        return new KafkaSnapshot(registered, fenced, OptionalInt.of(0), Set.of(0), parts, "27", Set.of(0));
    }

    private static Map<TopicPartition, PartitionState> onBrokers(List<Integer> replicas) {
        return Map.of(new TopicPartition("t", 0), new PartitionState(replicas, replicas, replicas.get(0), 1));
    }

    @Test
    void scaleUpGrowsThenWaitsForRegistrationThenRebalances() {
        var steady = snapshot(Set.of(0, 1, 2), Set.of(), onBrokers(List.of(0, 1, 2)));
        var grow = ScalePlanner.decide(4, 3, Optional.of(steady), true, false, Set.of(0, 1, 2));
        assertThat(grow.action()).isEqualTo(Action.GROW);
        assertThat(grow.brokerReplicas()).isEqualTo(4);

        var waiting = ScalePlanner.decide(4, 4, Optional.of(steady), true, true, Set.of(0, 1, 2, 3));
        assertThat(waiting.action()).isEqualTo(Action.WAIT_FOR_NEW_BROKERS);
        assertThat(waiting.brokers()).containsExactly(3);

        var fenced = snapshot(Set.of(0, 1, 2, 3), Set.of(3), onBrokers(List.of(0, 1, 2)));
        assertThat(ScalePlanner.decide(4, 4, Optional.of(fenced), true, true, Set.of(0, 1, 2, 3))
                        .action())
                .isEqualTo(Action.WAIT_FOR_NEW_BROKERS);

        var registered = snapshot(Set.of(0, 1, 2, 3), Set.of(), onBrokers(List.of(0, 1, 2)));
        assertThat(ScalePlanner.decide(4, 4, Optional.of(registered), true, true, Set.of(0, 1, 2, 3))
                        .action())
                .isEqualTo(Action.REBALANCE);
        assertThat(ScalePlanner.decide(4, 4, Optional.of(registered), false, true, Set.of(0, 1, 2, 3))
                        .action())
                .as("rebalancing off: nothing more to do")
                .isEqualTo(Action.STEADY);
        assertThat(ScalePlanner.decide(4, 4, Optional.of(registered), true, false, Set.of(0, 1, 2, 3))
                        .action())
                .isEqualTo(Action.STEADY);
    }

    @Test
    void scaleDownOfBrokersHostingReplicasDrainsOrRefuses() {
        var hosting = snapshot(Set.of(0, 1, 2, 3), Set.of(), onBrokers(List.of(3, 0, 1)));
        var refused = ScalePlanner.decide(3, 4, Optional.of(hosting), false, false, Set.of(0, 1, 2, 3));
        assertThat(refused.action()).isEqualTo(Action.BLOCKED);
        assertThat(refused.brokerReplicas())
                .as("the StatefulSet is left as it is")
                .isEqualTo(4);
        assertThat(refused.message())
                .contains("[3]")
                .contains("1 partition replica")
                .contains("spec.rebalance.enabled");

        var drain = ScalePlanner.decide(3, 4, Optional.of(hosting), true, false, Set.of(0, 1, 2, 3));
        assertThat(drain.action()).isEqualTo(Action.DRAIN);
        assertThat(drain.brokers()).containsExactly(3);
        assertThat(drain.brokerReplicas()).isEqualTo(4);

        assertThat(ScalePlanner.decide(3, 4, Optional.empty(), true, false, Set.of(0, 1, 2, 3))
                        .action())
                .as("never shrink blind")
                .isEqualTo(Action.NEED_KAFKA);
    }

    @Test
    void aDrainIsFinishedBeforeTheEmptyBrokersAreRemoved() {
        var drained = snapshot(Set.of(0, 1, 2, 3), Set.of(), onBrokers(List.of(0, 1, 2)));
        var finish = ScalePlanner.decide(3, 4, Optional.of(drained), true, false, Set.of(0, 1, 2, 3));
        assertThat(finish.action())
                .as("throttles and leaders of the drain are settled first")
                .isEqualTo(Action.FINISH_DRAIN);
        assertThat(finish.brokerReplicas())
                .as("the StatefulSet is left as it is")
                .isEqualTo(4);
        assertThat(finish.brokers()).containsExactly(3);

        var shrink = ScalePlanner.shrink(3, finish.brokers());
        assertThat(shrink.action()).isEqualTo(Action.SHRINK);
        assertThat(shrink.brokerReplicas()).isEqualTo(3);
        assertThat(shrink.message()).isEqualTo("removing broker(s) [3]");
    }

    @Test
    void emptyBrokersAreRemovedThenUnregisteredOnceTheirPodsAreGone() {
        var drained = snapshot(Set.of(0, 1, 2, 3), Set.of(), onBrokers(List.of(0, 1, 2)));
        var shrink = ScalePlanner.decide(3, 4, Optional.of(drained), false, false, Set.of(0, 1, 2, 3));
        assertThat(shrink.action()).isEqualTo(Action.SHRINK);
        assertThat(shrink.brokerReplicas()).isEqualTo(3);

        assertThat(ScalePlanner.decide(3, 3, Optional.of(drained), false, false, Set.of(0, 1, 2, 3))
                        .action())
                .isEqualTo(Action.WAIT_FOR_REMOVAL);
        var unregister = ScalePlanner.decide(3, 3, Optional.of(drained), false, false, Set.of(0, 1, 2));
        assertThat(unregister.action()).isEqualTo(Action.UNREGISTER);
        assertThat(unregister.brokers()).containsExactly(3);

        var dedicatedControllersAreNotBrokers = snapshot(Set.of(0, 1, 2), Set.of(), onBrokers(List.of(0, 1, 2)));
        assertThat(ScalePlanner.decide(
                                3, 3, Optional.of(dedicatedControllersAreNotBrokers), true, false, Set.of(0, 1, 2))
                        .action())
                .isEqualTo(Action.STEADY);
    }

    /**
     * Issue #15 item 5: a removed broker whose pod is gone but that Kafka still lists as a replica (a topic placed on it
     * after the drain) is not unregistered: its claim may hold the only copy.
     */
    @Test
    void aRemovedBrokerThatHostsReplicasAgainIsNeverUnregistered() {
        var placedLate = snapshot(
                Set.of(0, 1, 2, 3),
                Set.of(),
                Map.of(new TopicPartition("late", 0), new PartitionState(List.of(3, 0), List.of(0), 0, 1)));

        var step = ScalePlanner.decide(3, 3, Optional.of(placedLate), true, false, Set.of(0, 1, 2));

        assertThat(step.action()).isEqualTo(Action.BLOCKED);
        assertThat(step.brokers()).containsExactly(3);
        assertThat(step.message()).contains("[3]", "late-0", "spec.brokers.replicas");
    }
}
