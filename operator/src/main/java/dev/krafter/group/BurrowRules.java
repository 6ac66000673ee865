package dev.krafter.group;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import java.util.List;

/**
 * Burrow's evaluation rules (linkedin/Burrow, core/internal/evaluator) applied to a window of observations of one
 * partition, as pure functions. In order:
 *
 * <ol>
 *   <li>lag was zero at some point of the window (or is zero now): OK;
 *   <li>the committed offset went back between two observations: REWOUND;
 *   <li>the time since the last commit exceeds the time the window's commits span: STOPPED;
 *   <li>the committed offset did not move over the window: STALLED;
 *   <li>offsets move but the lag never decreased between two observations: WARNING;
 *   <li>otherwise OK.
 * </ol>
 *
 * Fewer than two observations say nothing about a trend: OK.
 */
public final class BurrowRules {
    public record Verdict(LagStatus status, String reason) {}

    private BurrowRules() {}

    public static Verdict evaluate(String partition, List<CommitSample> window, long nowMillis) {
        if (window.isEmpty()) {
            return new Verdict(LagStatus.OK, partition + ": not observed yet");
        }
        CommitSample latest = window.get(window.size() - 1);
        if (latest.lag() == 0 || lagWasZero(window)) {
            return new Verdict(LagStatus.OK, partition + ": lag reached 0 within the window");
        }
        if (window.size() < 2) {
            return new Verdict(LagStatus.OK, partition + ": one observation so far");
        }
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).committedOffset() < window.get(i - 1).committedOffset()) {
                return new Verdict(
                        LagStatus.REWOUND,
                        partition + ": committed offset went back from "
                                + window.get(i - 1).committedOffset() + " to "
                                + window.get(i).committedOffset());
            }
        }
        if (stopped(window, nowMillis)) {
            long sinceCommit = (nowMillis - latest.commitTimeMillis()) / 1000;
            return new Verdict(
                    LagStatus.STOPPED,
                    partition + ": no commit for " + sinceCommit
                            + "s, longer than the window's commits span, while lag is " + latest.lag()
                            + " (no active consumer owns the partition)");
        }
        if (stalled(window)) {
            return new Verdict(
                    LagStatus.STALLED,
                    partition + ": committed offset stuck at " + latest.committedOffset() + " over " + window.size()
                            + " observations while lag is " + latest.lag());
        }
        if (lagNeverDecreased(window)) {
            return new Verdict(
                    LagStatus.WARNING,
                    partition + ": lag did not decrease over " + window.size() + " observations (now " + latest.lag()
                            + ") although the group commits: consumers are too slow");
        }
        return new Verdict(LagStatus.OK, partition + ": lag " + latest.lag() + " and decreasing at times");
    }

    static boolean lagWasZero(List<CommitSample> window) {
        return window.stream().anyMatch(s -> s.lag() == 0);
    }

    static boolean stopped(List<CommitSample> window, long nowMillis) {
        long first = window.get(0).commitTimeMillis();
        long last = window.get(window.size() - 1).commitTimeMillis();
        return nowMillis - last > last - first;
    }

    static boolean stalled(List<CommitSample> window) {
        long offset = window.get(0).committedOffset();
        return window.stream().allMatch(s -> s.committedOffset() == offset);
    }

    static boolean lagNeverDecreased(List<CommitSample> window) {
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).lag() < window.get(i - 1).lag()) {
                return false;
            }
        }
        return true;
    }

    /** Burrow's severity order for a group: the worst partition decides. */
    static int severity(LagStatus status) {
        return switch (status) {
            case NOT_FOUND -> 0;
            case OK -> 1;
            case WARNING -> 2;
            case STALLED -> 3;
            case STOPPED -> 4;
            case REWOUND -> 5;
            case ERROR -> 6;
        };
    }
}
