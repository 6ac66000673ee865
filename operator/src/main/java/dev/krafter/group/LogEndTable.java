package dev.krafter.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Recorded (log-end offset, time) points of one partition, used to estimate how long ago the log end stood where a
 * group's committed offset stands now: its lag in seconds (the kafka-lag-exporter method).
 *
 * <p>Points are kept in increasing offset and time order, bounded to {@code limit}. A run of points at the same
 * offset (no writes) is compressed to its first and last point, so a quiet partition does not flush its history.
 * Not thread safe: the observation loop of a cluster is its only writer.
 */
public final class LogEndTable {
    /** How far back, in multiples of the recorded history, an estimate may reach by extrapolating the write rate. */
    static final double MAX_EXTRAPOLATION = 10.0;

    public record Point(long offset, long timeMillis) {}

    private final int limit;
    private final Deque<Point> points = new ArrayDeque<>();

    public LogEndTable(int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("a lookup table needs at least 2 points, was " + limit);
        }
        this.limit = limit;
    }

    public void add(long offset, long timeMillis) {
        Point last = points.peekLast();
        if (last != null && timeMillis <= last.timeMillis()) {
            return;
        }
        if (last != null && offset < last.offset()) {
            // The log end went backwards: the topic was deleted and re-created. The old history means nothing now.
            points.clear();
        }
        if (points.size() >= 2 && last.offset() == offset && secondLast().offset() == offset) {
            points.pollLast();
        }
        points.addLast(new Point(offset, timeMillis));
        while (points.size() > limit) {
            points.pollFirst();
        }
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    /**
     * Estimated seconds since the log end was at {@code committedOffset}: 0 when the group is at the head; interpolated
     * between the two recorded points around it; before the first point, extrapolated with the average write rate of
     * the table, capped at {@link #MAX_EXTRAPOLATION} times the recorded history; empty without any point.
     */
    public OptionalDouble lagSeconds(long committedOffset, long nowMillis) {
        if (points.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Point> list = new ArrayList<>(points);
        Point first = list.get(0);
        Point last = list.get(list.size() - 1);
        if (committedOffset >= last.offset()) {
            return OptionalDouble.of(0.0);
        }
        int below = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).offset() <= committedOffset) {
                below = i;
            }
        }
        double atMillis;
        if (below >= 0) {
            Point left = list.get(below);
            Point right = list.get(below + 1);
            double share = (double) (committedOffset - left.offset()) / (right.offset() - left.offset());
            atMillis = left.timeMillis() + share * (right.timeMillis() - left.timeMillis());
        } else if (last.offset() > first.offset() && last.timeMillis() > first.timeMillis()) {
            double offsetsPerMilli =
                    (double) (last.offset() - first.offset()) / (last.timeMillis() - first.timeMillis());
            double extrapolated = first.timeMillis() - (first.offset() - committedOffset) / offsetsPerMilli;
            double history = Math.max(1, nowMillis - first.timeMillis());
            atMillis = Math.max(extrapolated, nowMillis - MAX_EXTRAPOLATION * history);
        } else {
            // One offset recorded so far: the committed offset is older than all of it, which is a lower bound.
            atMillis = first.timeMillis();
        }
        return OptionalDouble.of(Math.max(0, nowMillis - atMillis) / 1000.0);
    }

    private Point secondLast() {
        var it = points.descendingIterator();
        it.next();
        return it.next();
    }
}
