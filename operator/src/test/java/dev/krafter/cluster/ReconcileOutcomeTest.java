package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.OperationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReconcileOutcomeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);

    @Test
    void theFirstOperationRecordedWinsButApplyingConfigGivesWay() {
        ReconcileOutcome outcome = new ReconcileOutcome(null, Duration.ofMinutes(1), CLOCK);
        outcome.operation(ClusterReasons.APPLYING_CONFIG, "applied [retention.ms] live", null);
        outcome.operation(ClusterReasons.ROLLING_RESTART, "restarting pod kafka-broker-2", "2/3");
        OperationStatus kept = outcome.operation(ClusterReasons.SCALING_UP, "adding broker(s) [3]", null);

        assertThat(kept.getType()).isEqualTo(ClusterReasons.ROLLING_RESTART);
        assertThat(outcome.operation())
                .get()
                .extracting(OperationStatus::getPhase, OperationStatus::getProgress, OperationStatus::getStartedAt)
                .containsExactly("restarting pod kafka-broker-2", "2/3", "2026-01-02T03:04:05Z");
        assertThat(outcome.busy()).isTrue();
    }

    @Test
    void anOperationOfTheSameTypeKeepsItsStartTime() {
        OperationStatus previous = new OperationStatus();
        previous.setType(ClusterReasons.REBALANCING);
        previous.setStartedAt("2026-01-01T00:00:00Z");

        assertThat(new ReconcileOutcome(previous, Duration.ofMinutes(1), CLOCK)
                        .operation(ClusterReasons.REBALANCING, "moving", "1/4")
                        .getStartedAt())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(new ReconcileOutcome(previous, Duration.ofMinutes(1), CLOCK)
                        .operation(ClusterReasons.SCALING_DOWN, "draining", null)
                        .getStartedAt())
                .isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void theSoonestRequestedLookWins() {
        ReconcileOutcome outcome = new ReconcileOutcome(null, Duration.ofSeconds(30), CLOCK);
        assertThat(outcome.busy()).isFalse();
        outcome.lookAgainWithin(Duration.ofSeconds(10));
        outcome.lookAgainWithin(Duration.ofMinutes(5));
        assertThat(outcome.reschedule()).isEqualTo(Duration.ofSeconds(10));

        outcome.stall(ClusterReasons.BLOCKED, "pod kafka-broker-1 is not back");
        assertThat(outcome.busy()).isTrue();
        assertThat(outcome.stalled())
                .get()
                .satisfies(h -> assertThat(h.isStalled()).isTrue());
    }
}
