package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogEndTableTest {
    @Test
    void committedAtTheHeadHasNoLag() {
        LogEndTable table = new LogEndTable(10);
        table.add(100, 1_000);
        table.add(200, 2_000);
        assertThat(table.lagSeconds(200, 3_000)).hasValue(0.0);
    }

    @Test
    void interpolatesBetweenTheSurroundingPoints() {
        LogEndTable table = new LogEndTable(10);
        table.add(0, 0);
        table.add(1_000, 10_000);
        table.add(3_000, 20_000);
        // Offset 2000 was the log end half way between 10 s and 20 s: 15 s. Now is 30 s: 15 s behind.
        assertThat(table.lagSeconds(2_000, 30_000).getAsDouble()).isCloseTo(15.0, within(1e-9));
        // Offset 500 was the log end at 5 s.
        assertThat(table.lagSeconds(500, 30_000).getAsDouble()).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void extrapolatesBeforeTheFirstPointWithTheAverageRate() {
        LogEndTable table = new LogEndTable(10);
        table.add(1_000, 10_000);
        table.add(2_000, 20_000);
        // 100 offsets per second: offset 500 was the log end at 5 s. Now is 20 s.
        assertThat(table.lagSeconds(500, 20_000).getAsDouble()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void extrapolationIsCappedAtTenTimesTheRecordedHistory() {
        LogEndTable table = new LogEndTable(10);
        table.add(1_000_000, 10_000);
        table.add(1_000_001, 20_000);
        // 0.1 offsets per second would put offset 0 ten million seconds back; the cap says 10 x 10 s of history.
        assertThat(table.lagSeconds(0, 20_000).getAsDouble()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aSinglePointGivesTheTimeSinceItAsALowerBound() {
        LogEndTable table = new LogEndTable(10);
        table.add(1_000, 10_000);
        assertThat(table.lagSeconds(10, 25_000).getAsDouble()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void flatRunsAreCompressedToTheirEndsSoTheHistoryLasts() {
        LogEndTable table = new LogEndTable(4);
        table.add(0, 0);
        table.add(100, 1_000);
        for (int i = 2; i < 50; i++) {
            table.add(100, i * 1_000L);
        }
        assertThat(table.points())
                .containsExactly(
                        new LogEndTable.Point(0, 0),
                        new LogEndTable.Point(100, 1_000),
                        new LogEndTable.Point(100, 49_000));
        // The log end sat at 100 until 49 s: a group committed at 100 is at the head, one at 50 is 50 s - 0.5 s behind.
        table.add(200, 50_000);
        assertThat(table.lagSeconds(100, 50_000).getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(table.lagSeconds(50, 50_000).getAsDouble()).isCloseTo(49.5, within(1e-9));
    }

    @Test
    void keepsAtMostLimitPointsAndIgnoresOutOfOrderOnes() {
        LogEndTable table = new LogEndTable(3);
        for (int i = 0; i < 10; i++) {
            table.add(i * 10L, i * 1_000L);
        }
        table.add(500, 5_000);
        assertThat(table.points()).extracting(LogEndTable.Point::offset).containsExactly(70L, 80L, 90L);
    }

    @Test
    void aLogEndGoingBackStartsOver() {
        LogEndTable table = new LogEndTable(10);
        table.add(1_000, 1_000);
        table.add(2_000, 2_000);
        table.add(5, 3_000);
        assertThat(table.points()).containsExactly(new LogEndTable.Point(5, 3_000));
    }

    @Test
    void nothingRecordedMeansUnknown() {
        assertThat(new LogEndTable(2).lagSeconds(0, 1_000)).isEmpty();
    }
}
