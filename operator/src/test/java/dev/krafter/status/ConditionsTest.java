package dev.krafter.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock T2 = Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC);

    @Test
    void eachHealthMapsToTheThreeKstatusConditions() {
        assertThat(statuses(Conditions.apply(List.of(), Health.ready("Ready", "ok"), 1, T1)))
                .containsExactly("True", "False", "False");
        assertThat(statuses(Conditions.apply(List.of(), Health.progressing("Creating", "wait"), 1, T1)))
                .containsExactly("False", "True", "False");
        assertThat(statuses(Conditions.apply(List.of(), Health.stalled("InvalidSpec", "fix"), 1, T1)))
                .containsExactly("False", "False", "True");
        List<Condition> degraded = Conditions.apply(List.of(), Health.degraded("OffsetsVanished", "gone"), 1, T1);
        assertThat(statuses(degraded)).containsExactly("False", "False", "False");
        assertThat(degraded).extracting(Condition::getReason).containsOnly("OffsetsVanished");
        assertThat(degraded.get(0).getMessage()).isEqualTo("gone");
    }

    @Test
    void lastTransitionTimeChangesOnlyWhenStatusFlips() {
        List<Condition> first = Conditions.apply(List.of(), Health.progressing("Creating", "a"), 1, T1);
        List<Condition> sameState = Conditions.apply(first, Health.progressing("ScalingUp", "b"), 2, T2);
        assertThat(Conditions.find(sameState, Conditions.RECONCILING)
                        .orElseThrow()
                        .getLastTransitionTime())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(Conditions.find(sameState, Conditions.RECONCILING)
                        .orElseThrow()
                        .getReason())
                .isEqualTo("ScalingUp");
        assertThat(Conditions.find(sameState, Conditions.READY).orElseThrow().getObservedGeneration())
                .isEqualTo(2L);

        List<Condition> flipped = Conditions.apply(sameState, Health.ready("Ready", "ok"), 2, T2);
        assertThat(Conditions.find(flipped, Conditions.READY).orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-01-01T00:05:00Z");
        assertThat(Conditions.find(flipped, Conditions.STALLED).orElseThrow().getLastTransitionTime())
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void kindSpecificConditionsSurviveAndCanBeRemoved() {
        List<Condition> withDataLoss =
                Conditions.withExtra(List.of(), "DataLoss", true, true, "DataLoss", "12 lost", 1, T1);
        List<Condition> applied = Conditions.apply(withDataLoss, Health.ready("Ready", "ok"), 1, T2);
        assertThat(applied)
                .extracting(Condition::getType)
                .containsExactly("Ready", "Reconciling", "Stalled", "DataLoss");
        assertThat(Conditions.withExtra(applied, "DataLoss", false, false, "", "", 1, T2))
                .extracting(Condition::getType)
                .containsExactly("Ready", "Reconciling", "Stalled");
    }

    @Test
    void aRetriedStatusWriteKeepsTheStoredTransitionTimeUnlessTheStatusFlipped() {
        List<Condition> stored = Conditions.apply(List.of(), Health.progressing("Creating", "a"), 1, T1);
        List<Condition> computedFromAStaleView = Conditions.apply(List.of(), Health.ready("Ready", "ok"), 1, T2);

        List<Condition> sent = StatusWriter.keepTransitionTimes(stored, computedFromAStaleView);

        assertThat(Conditions.find(sent, Conditions.READY).orElseThrow().getLastTransitionTime())
                .as("Ready flipped to True")
                .isEqualTo("2026-01-01T00:05:00Z");
        assertThat(Conditions.find(sent, Conditions.STALLED).orElseThrow().getLastTransitionTime())
                .as("Stalled was False and stays False")
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(Conditions.find(sent, Conditions.READY).orElseThrow().getMessage())
                .isEqualTo("ok");
        assertThat(StatusWriter.keepTransitionTimes(null, computedFromAStaleView))
                .isEqualTo(computedFromAStaleView);
    }

    private static List<String> statuses(List<Condition> conditions) {
        return conditions.stream().map(Condition::getStatus).toList();
    }
}
