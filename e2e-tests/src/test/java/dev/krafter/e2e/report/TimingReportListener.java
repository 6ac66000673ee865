package dev.krafter.e2e.report;

import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Prints the {@link TimingReport} once, when the test run (the JUnit launcher session) ends. */
public final class TimingReportListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (TimingReport.entries().isEmpty()) {
            return;
        }
        String table = TimingReport.table(TimingReport.entries());
        System.out.println();
        System.out.print(table);
        TimingReport.writeTo(Path.of(System.getProperty("krafter.e2e.timingReport", "target/e2e-timings.txt")), table);
    }
}
