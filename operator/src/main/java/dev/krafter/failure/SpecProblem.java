package dev.krafter.failure;

import java.util.Objects;

/**
 * A failure only a change of the resource's spec can fix (a value Kafka refuses, a replication factor above the brokers
 * there are). Every reconciler reports it the same way: Stalled=True with {@link #reason()} and a message saying what
 * to change, and a Warning Event. Retrying the same spec cannot help.
 */
public final class SpecProblem extends RuntimeException {
    private final String reason;

    /** {@code message} says what is wrong and what to change; {@code reason} is a condition reason constant. */
    public SpecProblem(String reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public SpecProblem(String reason, String message) {
        this(reason, message, null);
    }

    public String reason() {
        return reason;
    }
}
