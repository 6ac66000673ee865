package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Burrow's rules on synthetic windows: one sample every 30 s, the group committing at each sample unless stated. */
class BurrowRulesTest {
    private static final long PERIOD = 30_000;

    /** Samples at 0, 30 s, 60 s, ... with the given offsets and lags; commit time = observation time. */
    private static List<CommitSample> committing(long[] offsets, long[] lags) {
        List<CommitSample> window = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            window.add(new CommitSample(i * PERIOD, i * PERIOD, offsets[i], lags[i]));
        }
        return window;
    }

    private static long now(List<CommitSample> window) {
        return window.get(window.size() - 1).observedAtMillis();
    }

    private static LagStatus status(List<CommitSample> window) {
        return BurrowRules.evaluate("orders-0", window, now(window)).status();
    }

    @Test
    void lagThatReachedZeroInTheWindowIsOk() {
        // Offsets stuck and lag growing would be STALLED, but lag was 0 at the start: rule 1 wins.
        assertThat(status(committing(new long[] {100, 100, 100}, new long[] {0, 10, 20})))
                .isEqualTo(LagStatus.OK);
    }

    @Test
    void zeroLagNowIsOk() {
        assertThat(status(committing(new long[] {100, 90, 80}, new long[] {5, 5, 0})))
                .isEqualTo(LagStatus.OK);
    }

    @Test
    void committedOffsetGoingBackIsRewound() {
        BurrowRules.Verdict verdict = BurrowRules.evaluate(
                "orders-0", committing(new long[] {100, 120, 50, 60}, new long[] {10, 10, 80, 90}), 3 * PERIOD);
        assertThat(verdict.status()).isEqualTo(LagStatus.REWOUND);
        assertThat(verdict.reason()).contains("from 120 to 50");
    }

    @Test
    void noCommitForLongerThanTheWindowSpanIsStopped() {
        // Commits at 0 and 30 s, then nothing: at 90 s the 60 s without a commit exceed the 30 s the commits span.
        List<CommitSample> window = List.of(
                new CommitSample(0, 0, 100, 10),
                new CommitSample(PERIOD, PERIOD, 105, 10),
                new CommitSample(2 * PERIOD, PERIOD, 105, 20),
                new CommitSample(3 * PERIOD, PERIOD, 105, 30));
        assertThat(BurrowRules.evaluate("orders-0", window, 3 * PERIOD).status())
                .isEqualTo(LagStatus.STOPPED);
    }

    @Test
    void aShortPauseInCommitsIsNotStopped() {
        List<CommitSample> window = List.of(
                new CommitSample(0, 0, 100, 30),
                new CommitSample(PERIOD, PERIOD, 110, 25),
                new CommitSample(2 * PERIOD, 2 * PERIOD, 120, 20),
                new CommitSample(3 * PERIOD, 2 * PERIOD, 120, 25));
        assertThat(BurrowRules.evaluate("orders-0", window, 3 * PERIOD).status())
                .isEqualTo(LagStatus.OK);
    }

    @Test
    void committingTheSameOffsetWithLagIsStalled() {
        assertThat(status(committing(new long[] {100, 100, 100, 100}, new long[] {5, 8, 9, 12})))
                .isEqualTo(LagStatus.STALLED);
    }

    @Test
    void offsetsMovingButLagNeverDecreasingIsWarning() {
        assertThat(status(committing(new long[] {100, 110, 120, 130}, new long[] {50, 50, 60, 70})))
                .isEqualTo(LagStatus.WARNING);
    }

    @Test
    void lagDecreasingOnceInTheWindowIsOk() {
        assertThat(status(committing(new long[] {100, 110, 120, 130}, new long[] {50, 60, 55, 70})))
                .isEqualTo(LagStatus.OK);
    }

    @Test
    void rewindIsCheckedBeforeStopAndStall() {
        List<CommitSample> window = List.of(
                new CommitSample(0, 0, 100, 10),
                new CommitSample(PERIOD, 0, 90, 20),
                new CommitSample(2 * PERIOD, 0, 90, 20));
        assertThat(BurrowRules.evaluate("orders-0", window, 2 * PERIOD).status())
                .isEqualTo(LagStatus.REWOUND);
    }

    @Test
    void oneObservationSaysNothingAboutATrend() {
        assertThat(status(committing(new long[] {100}, new long[] {500}))).isEqualTo(LagStatus.OK);
    }

    @Test
    void commitTimeEstimateKeepsTheLastCommitWhileNobodyOwnsThePartitionAndTheOffsetStands() {
        PartitionObservation owned =
                new PartitionObservation(new org.apache.kafka.common.TopicPartition("t", 0), 10, 0, 20, true);
        PartitionObservation orphan = new PartitionObservation(owned.partition(), 10, 0, 25, false);
        PartitionObservation moved = new PartitionObservation(owned.partition(), 12, 0, 25, false);
        CommitSample first = ObservationLoop.sample(null, owned, 1000);
        CommitSample second = ObservationLoop.sample(first, orphan, 2000);
        CommitSample third = ObservationLoop.sample(second, moved, 3000);
        assertThat(first.commitTimeMillis()).isEqualTo(1000);
        assertThat(second.commitTimeMillis()).isEqualTo(1000);
        assertThat(third.commitTimeMillis()).isEqualTo(3000);
    }
}
