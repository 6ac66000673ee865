package dev.krafter.e2e.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the clusters looked like when a scenario failed, collected during the suite and printed after the timing
 * table by {@link TimingReportListener}: the end of a CI log is often the only part anyone gets to read.
 */
public final class FailureReport {
    private static final List<String> DIAGNOSES = Collections.synchronizedList(new ArrayList<>());

    private FailureReport() {}

    public static void add(String diagnosis) {
        DIAGNOSES.add(diagnosis);
    }

    public static List<String> diagnoses() {
        synchronized (DIAGNOSES) {
            return List.copyOf(DIAGNOSES);
        }
    }
}
