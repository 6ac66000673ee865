package dev.krafter.failure;

import java.util.Objects;

/**
 * A failure that goes away by itself (Kafka not answering in time, a leader moving, a broker starting). Every
 * reconciler reports it the same way: Reconciling=True with {@link #reason()} and a message naming the cause, and a
 * retry with backoff.
 */
public final class TransientProblem extends RuntimeException {
    private final String reason;

    public TransientProblem(String reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public String reason() {
        return reason;
    }
}
