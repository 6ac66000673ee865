package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.OffsetReset;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetResetPlanTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    /** P0: log [10, 100), committed 50; P1: log [0, 40), no committed offset. */
    private static final OffsetResetPlan.Offsets OFFSETS = new OffsetResetPlan.Offsets(
            Map.of(P0, 50L), Map.of(P0, 10L, P1, 0L), Map.of(P0, 100L, P1, 40L), Map.of(P0, 70L));

    private static OffsetReset reset(OffsetReset.Strategy to, String value) {
        OffsetReset reset = new OffsetReset();
        reset.setId("r1");
        reset.setTo(to);
        reset.setValue(value);
        return reset;
    }

    private static Map<TopicPartition, Long> targets(OffsetReset reset) {
        OffsetResetPlan.Plan plan = OffsetResetPlan.plan(reset, Set.of(P0, P1), OFFSETS);
        assertThat(plan.problems()).isEmpty();
        return OffsetResetPlan.targets(plan.moves());
    }

    @Test
    void earliestAndLatestAreTheLogBounds() {
        assertThat(targets(reset(OffsetReset.Strategy.EARLIEST, null)))
                .containsExactly(Map.entry(P0, 10L), Map.entry(P1, 0L));
        assertThat(targets(reset(OffsetReset.Strategy.LATEST, null)))
                .containsExactly(Map.entry(P0, 100L), Map.entry(P1, 40L));
    }

    @Test
    void timestampFallsBackToTheLogEndWhereNoMessageIsThatRecent() {
        assertThat(targets(reset(OffsetReset.Strategy.TIMESTAMP, "2026-01-01T00:00:00Z")))
                .containsExactly(Map.entry(P0, 70L), Map.entry(P1, 40L));
    }

    @Test
    void offsetIsClampedToTheRetainedLog() {
        assertThat(targets(reset(OffsetReset.Strategy.OFFSET, "5")))
                .containsExactly(Map.entry(P0, 10L), Map.entry(P1, 5L));
        assertThat(targets(reset(OffsetReset.Strategy.OFFSET, "1000")))
                .containsExactly(Map.entry(P0, 100L), Map.entry(P1, 40L));
    }

    @Test
    void shiftByMovesTheCommittedOffsetWithinTheLog() {
        OffsetResetPlan.Plan back =
                OffsetResetPlan.plan(reset(OffsetReset.Strategy.SHIFT_BY, "-45"), Set.of(P0), OFFSETS);
        assertThat(OffsetResetPlan.targets(back.moves())).containsExactly(Map.entry(P0, 10L));
        OffsetResetPlan.Plan forward =
                OffsetResetPlan.plan(reset(OffsetReset.Strategy.SHIFT_BY, "20"), Set.of(P0), OFFSETS);
        assertThat(OffsetResetPlan.targets(forward.moves())).containsExactly(Map.entry(P0, 70L));
    }

    @Test
    void shiftByWithoutACommittedOffsetIsRefusedLikeTheTool() {
        OffsetResetPlan.Plan plan =
                OffsetResetPlan.plan(reset(OffsetReset.Strategy.SHIFT_BY, "1"), Set.of(P0, P1), OFFSETS);
        assertThat(plan.isValid()).isFalse();
        assertThat(plan.problems()).containsExactly("cannot shift orders-1: the group has no committed offset there");
    }

    @Test
    void summaryCountsPartitionsAndLag() {
        OffsetResetPlan.Plan plan =
                OffsetResetPlan.plan(reset(OffsetReset.Strategy.LATEST, null), Set.of(P0, P1), OFFSETS);
        assertThat(OffsetResetPlan.summary(plan.moves(), OFFSETS.logEnd()))
                .isEqualTo("2 partitions of orders: lag 50 -> 0");
        assertThat(plan.moves().get(1).toString()).isEqualTo("orders-1: none -> 40");
    }
}
