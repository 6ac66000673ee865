package dev.krafter.e2e.report;

import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints the {@link TimingReport} and then the {@link FailureReport} once, when the test run (the JUnit launcher
 * session) ends.
 */
public final class TimingReportListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!TimingReport.entries().isEmpty()) {
            String table = TimingReport.table(TimingReport.entries());
            System.out.println();
            System.out.print(table);
            TimingReport.writeTo(
                    Path.of(System.getProperty("krafter.e2e.timingReport", "target/e2e-timings.txt")), table);
        }
        for (String diagnosis : FailureReport.diagnoses()) {
            System.out.println();
            System.out.print(diagnosis);
        }
    }
}
