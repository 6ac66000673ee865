package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.group.ResetRecord.Resolution;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ResetRecordTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final ResetRecord PENDING = ResetRecord.pending(
            "2026-12-07T10:00:00Z",
            "2 partitions of orders",
            List.of(new OffsetResetPlan.Move(P0, 1500L, 500L), new OffsetResetPlan.Move(P1, null, 0L)));

    @Test
    void offsetsAtTheRecordedTargetsMeanKafkaAppliedIt() {
        assertThat(PENDING.resolve(Map.of(P0, 500L, P1, 0L))).isEqualTo(Resolution.APPLIED);
    }

    @Test
    void offsetsStillAtTheRecordedStartMeanItWasNotAppliedAndItsTargetsAreAppliedAsPlanned() {
        assertThat(PENDING.resolve(Map.of(P0, 1500L))).isEqualTo(Resolution.NOT_APPLIED);
        // shiftBy -1000 from 1500 stays 500: the targets are the ones planned, not planned again from the offsets now.
        assertThat(PENDING.targets()).isEqualTo(Map.of(P0, 500L, P1, 0L));
    }

    @Test
    void offsetsThatMovedSinceTellNeitherAndNothingIsApplied() {
        assertThat(PENDING.resolve(Map.of(P0, 620L, P1, 40L))).isEqualTo(Resolution.UNKNOWN);
        assertThat(PENDING.resolve(Map.of(P0, 500L))).isEqualTo(Resolution.UNKNOWN);
    }

    @Test
    void anAppliedRecordIsAppliedWhateverTheOffsetsSay() {
        assertThat(PENDING.applied().resolve(Map.of(P0, 9999L))).isEqualTo(Resolution.APPLIED);
    }

    @Test
    void aRecordReadsBackAsWritten() {
        assertThat(ResetRecord.fromJson(PENDING.toJson())).isEqualTo(PENDING);
        assertThat(ResetRecord.fromJson(PENDING.applied().toJson()).state()).isEqualTo(ResetRecord.State.APPLIED);
    }
}
