package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AutoscaleDecisionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration COOLDOWN = Duration.ofSeconds(120);

    private static AutoscaleDecision decide(
            int current, long lag, LagStatus status, int partitions, Instant lastScale, Instant lowSince) {
        return AutoscaleDecision.decide(new AutoscaleDecision.Input(
                current, lag, status, partitions, 1, 6, 1000, COOLDOWN, lastScale, lowSince, NOW));
    }

    @Test
    void scalesUpToCeilOfLagPerReplica() {
        AutoscaleDecision d = decide(1, 2_500, LagStatus.WARNING, 12, null, null);
        assertThat(d.scale()).isTrue();
        assertThat(d.desiredReplicas()).isEqualTo(3);
        assertThat(d.reason())
                .contains("lag 2500 / 1000 per replica asks for 3")
                .contains("scaling up from 1");
    }

    @Test
    void neverAboveMaxReplicasNorThePartitionCount() {
        assertThat(decide(1, 100_000, LagStatus.OK, 12, null, null).desiredReplicas())
                .isEqualTo(6);
        AutoscaleDecision byPartitions = decide(1, 100_000, LagStatus.OK, 4, null, null);
        assertThat(byPartitions.desiredReplicas()).isEqualTo(4);
        assertThat(byPartitions.reason()).contains("4 partitions");
    }

    @Test
    void stalledOrStoppedLagDoesNotScaleUp() {
        for (LagStatus status : new LagStatus[] {LagStatus.STALLED, LagStatus.STOPPED}) {
            AutoscaleDecision d = decide(2, 10_000, status, 12, null, null);
            assertThat(d.scale()).isFalse();
            assertThat(d.desiredReplicas()).isEqualTo(2);
            assertThat(d.reason()).contains(status.name());
        }
    }

    @Test
    void aWorkloadScaledToZeroScalesUpAlthoughItsLagIsStopped() {
        AutoscaleDecision d = AutoscaleDecision.decide(
                new AutoscaleDecision.Input(0, 1_500, LagStatus.STOPPED, 12, 0, 6, 1000, COOLDOWN, null, null, NOW));
        assertThat(d.scale()).isTrue();
        assertThat(d.desiredReplicas()).isEqualTo(2);
    }

    @Test
    void noScaleUpWithinTheCooldownOfTheLastChange() {
        AutoscaleDecision d = decide(2, 5_000, LagStatus.OK, 12, NOW.minusSeconds(30), null);
        assertThat(d.scale()).isFalse();
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.reason()).contains("cooldown until 2026-01-01T12:01:30Z");
        assertThat(decide(2, 5_000, LagStatus.OK, 12, NOW.minusSeconds(121), null)
                        .scale())
                .isTrue();
    }

    @Test
    void scalesDownOnlyAfterTheLagStayedLowForACooldown() {
        AutoscaleDecision first = decide(4, 500, LagStatus.OK, 12, null, null);
        assertThat(first.scale()).isFalse();
        assertThat(first.lowLagSince()).isEqualTo(NOW);
        AutoscaleDecision stillWaiting = decide(4, 500, LagStatus.OK, 12, null, NOW.minusSeconds(60));
        assertThat(stillWaiting.scale()).isFalse();
        assertThat(stillWaiting.lowLagSince()).isEqualTo(NOW.minusSeconds(60));
        AutoscaleDecision after = decide(4, 500, LagStatus.OK, 12, null, NOW.minusSeconds(120));
        assertThat(after.scale()).isTrue();
        assertThat(after.desiredReplicas()).isEqualTo(1);
    }

    @Test
    void aLagSpikeResetsTheScaleDownTimer() {
        AutoscaleDecision atTarget = decide(4, 3_500, LagStatus.OK, 12, null, NOW.minusSeconds(100));
        assertThat(atTarget.scale()).isFalse();
        assertThat(atTarget.lowLagSince()).isNull();
    }

    @Test
    void bringsAWorkloadOutsideTheBoundsInsideAtOnce() {
        AutoscaleDecision fromZero = decide(0, 0, LagStatus.OK, 12, NOW, null);
        assertThat(fromZero.scale()).isTrue();
        assertThat(fromZero.desiredReplicas()).isEqualTo(1);
        AutoscaleDecision tooMany = decide(9, 0, LagStatus.OK, 12, NOW, null);
        assertThat(tooMany.desiredReplicas()).isEqualTo(6);
    }

    @Test
    void zeroLagAtMinReplicasHolds() {
        AutoscaleDecision d = decide(1, 0, LagStatus.OK, 12, null, null);
        assertThat(d.scale()).isFalse();
        assertThat(d.desiredReplicas()).isEqualTo(1);
    }
}
