package dev.krafter.status;

import java.util.Objects;

/**
 * The one thing a reconcile concludes about a resource, expressed as the three kstatus conditions.
 *
 * <ul>
 *   <li>{@link #ready}: Ready=True, Reconciling=False, Stalled=False.
 *   <li>{@link #progressing}: Ready=False, Reconciling=True (work under way, or waiting on something that will change by
 *       itself), Stalled=False.
 *   <li>{@link #stalled}: Ready=False, Reconciling=False, Stalled=True: no progress without a spec change.
 *   <li>{@link #paused}: Ready=False, Reconciling=False, Stalled=False: the operator deliberately leaves the resource
 *       alone (the paused annotation); nothing is in progress and nothing failed, so kstatus reads it as Current.
 *   <li>{@link #degraded}: the same three conditions as paused, with the reason of a fault the operator reports but
 *       cannot repair and that no spec change fixes (a group's committed offsets vanished): not ready, nothing to wait
 *       for.
 * </ul>
 *
 * Flux (kstatus) and Argo CD read exactly these.
 */
public record Health(State state, String reason, String message) {
    public enum State {
        READY,
        PROGRESSING,
        STALLED,
        PAUSED,
        DEGRADED
    }

    public Health {
        Objects.requireNonNull(state);
        Objects.requireNonNull(reason);
        message = message == null ? "" : message;
    }

    public static Health ready(String reason, String message) {
        return new Health(State.READY, reason, message);
    }

    public static Health progressing(String reason, String message) {
        return new Health(State.PROGRESSING, reason, message);
    }

    public static Health stalled(String reason, String message) {
        return new Health(State.STALLED, reason, message);
    }

    public static Health paused(String reason, String message) {
        return new Health(State.PAUSED, reason, message);
    }

    public static Health degraded(String reason, String message) {
        return new Health(State.DEGRADED, reason, message);
    }

    public boolean isReady() {
        return state == State.READY;
    }

    public boolean isStalled() {
        return state == State.STALLED;
    }
}
