package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollEstimateTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void noEstimateBeforeAnyPodWasTimed() {
        assertThat(RollEstimate.completion(5, List.of(NOW), List.of(), NOW)).isEmpty();
    }

    @Test
    void theWaveInFlightEndsOneMeanAfterItStartedThenTheRestGoesAsManyAtATime() {
        Instant waveStarted = NOW.minusSeconds(10);

        // 2 in flight since 10 s ago, mean 30 s: they are back in 20 s; 4 left, 2 at a time: 2 more waves of 30 s
        assertThat(RollEstimate.completion(4, List.of(waveStarted, waveStarted), seconds(20, 40), NOW))
                .hasValue(NOW.plusSeconds(20 + 60));
        // the same roll one at a time: 4 waves
        assertThat(RollEstimate.completion(4, List.of(waveStarted), seconds(20, 40), NOW))
                .hasValue(NOW.plusSeconds(20 + 120));
        // 3 left, 2 at a time: 2 waves (the last one with a single pod)
        assertThat(RollEstimate.completion(3, List.of(waveStarted, waveStarted), seconds(30), NOW))
                .hasValue(NOW.plusSeconds(20 + 60));
    }

    @Test
    void withNothingInFlightTheRestStartsNowOneAtATime() {
        assertThat(RollEstimate.completion(3, List.of(), seconds(25, 35), NOW)).hasValue(NOW.plusSeconds(90));
    }

    @Test
    void aPodTakingLongerThanTheMeanIsExpectedAnyMomentNotInThePast() {
        Instant longAgo = NOW.minusSeconds(100);

        assertThat(RollEstimate.completion(0, List.of(longAgo), seconds(30), NOW))
                .hasValue(NOW);
        assertThat(RollEstimate.completion(2, List.of(longAgo), seconds(30), NOW))
                .hasValue(NOW.plusSeconds(60));
    }

    @Test
    void theEstimateIsStableBetweenReconcilesWhileTheWaveIsOnTime() {
        Instant waveStarted = NOW.minusSeconds(5);

        assertThat(RollEstimate.completion(4, List.of(waveStarted), seconds(30), NOW))
                .isEqualTo(RollEstimate.completion(4, List.of(waveStarted), seconds(30), NOW.plusSeconds(15)));
    }

    @Test
    void theMeanIsRoundedToWholeSeconds() {
        assertThat(RollEstimate.completion(1, List.of(), seconds(10, 11), NOW)).hasValue(NOW.plusSeconds(11));
    }
}
