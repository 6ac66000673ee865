package dev.krafter.e2e.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Timings the scenarios measure (not assert): collected during the suite and printed as one table at its end by
 * {@link TimingReportListener}, and written to {@code target/e2e-timings.txt}.
 */
public final class TimingReport {
    public static final String TIME_TO_READY_3_BROKERS = "time to Ready, 3-broker cluster";
    public static final String BROKER_ROLL = "time per broker roll";
    /** A whole rolling restart: the change applied → the last broker back in every ISR. */
    public static final String WHOLE_ROLL = "whole rolling restart";

    public static final String SCALE_UP_AND_REBALANCE = "scale-up + rebalance";

    /** One measurement: what, on which backend, how long, and a free-text detail (e.g. cluster name, broker id). */
    public record Entry(String metric, String backend, Duration duration, String detail) {}

    private static final List<Entry> ENTRIES = Collections.synchronizedList(new ArrayList<>());

    private TimingReport() {}

    public static void record(String metric, String backend, Duration duration, String detail) {
        ENTRIES.add(new Entry(metric, backend, duration, detail == null ? "" : detail));
    }

    public static List<Entry> entries() {
        synchronized (ENTRIES) {
            return List.copyOf(ENTRIES);
        }
    }

    static void clear() {
        ENTRIES.clear();
    }

    /** The table: one row per measurement, in the order recorded. */
    public static String table(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "E2E timing report: no scenario recorded a timing in this run.\n";
        }
        int metric = "METRIC".length();
        int backend = "BACKEND".length();
        for (Entry e : entries) {
            metric = Math.max(metric, e.metric().length());
            backend = Math.max(backend, e.backend().length());
        }
        String format = "%-" + metric + "s  %-" + backend + "s  %10s  %s%n";
        StringBuilder out = new StringBuilder("E2E timing report\n");
        out.append(String.format(Locale.ROOT, format, "METRIC", "BACKEND", "SECONDS", "DETAIL"));
        for (Entry e : entries) {
            out.append(String.format(
                    Locale.ROOT,
                    format,
                    e.metric(),
                    e.backend(),
                    String.format(Locale.ROOT, "%.1f", e.duration().toMillis() / 1000.0),
                    e.detail()));
        }
        return out.toString();
    }

    static void writeTo(Path file, String table) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, table);
        } catch (IOException e) {
            System.err.println("cannot write the timing report to " + file + ": " + e.getMessage());
        }
    }
}
