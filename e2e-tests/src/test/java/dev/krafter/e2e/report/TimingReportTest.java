package dev.krafter.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingReportTest {
    @Test
    void printsOneAlignedRowPerMeasurement() {
        String table = TimingReport.table(List.of(
                new TimingReport.Entry(
                        TimingReport.TIME_TO_READY_3_BROKERS, "local", Duration.ofMillis(41_250), "demo"),
                new TimingReport.Entry(TimingReport.BROKER_ROLL, "local", Duration.ofMillis(9_000), "broker 2")));

        assertThat(table.lines())
                .containsExactly(
                        "E2E timing report",
                        "METRIC                           BACKEND     SECONDS  DETAIL",
                        "time to Ready, 3-broker cluster  local          41.3  demo",
                        "time per broker roll             local           9.0  broker 2");
    }

    @Test
    void saysSoWhenNothingWasMeasured() {
        assertThat(TimingReport.table(List.of())).contains("no scenario recorded a timing");
    }
}
