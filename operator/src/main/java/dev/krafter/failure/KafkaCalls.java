package dev.krafter.failure;

import dev.krafter.status.Reasons;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's one timeout policy for Kafka: every admin future is waited for at most {@link #timeout()}
 * (KRAFTER_ADMIN_TIMEOUT), and a wait that runs out is a {@link TransientProblem} saying what Kafka did not answer.
 */
public record KafkaCalls(Duration timeout) {
    /** The setting users change to give Kafka more time; named in the messages. */
    public static final String SETTING = "KRAFTER_ADMIN_TIMEOUT";

    public KafkaCalls {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Kafka timeout must be positive, got " + timeout);
        }
    }

    /**
     * The future's value, waited for at most the timeout. Kafka's failure is sorted by
     * {@link KafkaFailures#classify}: a rejection is a {@link SpecProblem} with {@code rejectedReason}, anything else
     * (the timeout too) a {@link TransientProblem}.
     */
    public <T> T await(Future<T> future, String rejectedReason, String action) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw KafkaFailures.classify(e, rejectedReason, action);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientProblem(Reasons.KAFKA_ERROR, "interrupted while trying to " + action, e);
        }
    }

    /**
     * {@code future}, failed with a {@link TransientProblem} if it has not completed within the timeout, for callers
     * that wait with {@code get()}.
     */
    public <T> CompletableFuture<T> bounded(CompletableFuture<T> future, String action) {
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(error -> {
            Throwable cause = KafkaFailures.unwrap(error);
            throw new CompletionException(cause instanceof TimeoutException ? timedOut(action) : cause);
        });
    }

    /** The problem of a Kafka call that did not answer within the timeout. */
    public TransientProblem timedOut(String action) {
        return new TransientProblem(
                Reasons.KAFKA_UNREACHABLE,
                "Kafka did not answer within " + seconds(timeout) + " while trying to " + action + " (the operator's "
                        + SETTING + ")",
                null);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
