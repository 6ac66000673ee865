package dev.krafter.failure;

import dev.krafter.status.Reasons;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one place that sorts Kafka's exceptions: which mean "Kafka refused what the spec asks for" (a spec change is
 * needed: {@link SpecProblem}) and which will pass (anything else: {@link TransientProblem}), and how each reads in a
 * condition message.
 */
public final class KafkaFailures {
    private KafkaFailures() {}

    /**
     * What each refusal means, in the words of what was refused; Kafka's own text follows. The keys are the exceptions
     * that mean "Kafka refused the spec".
     */
    private static final Map<Class<? extends Throwable>, String> REFUSALS = refusals();

    private static Map<Class<? extends Throwable>, String> refusals() {
        Map<Class<? extends Throwable>, String> refusals = new LinkedHashMap<>();
        refusals.put(InvalidReplicationFactorException.class, "the replication factor is not possible");
        refusals.put(InvalidPartitionsException.class, "the partition count is not possible");
        refusals.put(InvalidConfigurationException.class, "a config value is not valid");
        refusals.put(
                PolicyViolationException.class,
                "a policy of the brokers (create.topic.policy.class.name, alter.config.policy.class.name) refused it");
        refusals.put(InvalidTopicException.class, "the topic name is not valid");
        refusals.put(InvalidReplicaAssignmentException.class, "the replica assignment is not possible");
        refusals.put(UnsupportedSaslMechanismException.class, "the brokers do not support this SASL mechanism");
        refusals.put(
                UnsupportedVersionException.class,
                "the brokers do not support this request (their Kafka version is too old for it)");
        refusals.put(
                SecurityDisabledException.class,
                "the brokers have no authorizer (set spec.authorization on the KafkaCluster)");
        refusals.put(InvalidRequestException.class, "Kafka found the request invalid");
        return java.util.Collections.unmodifiableMap(refusals);
    }

    /** Kafka refused the request itself: retrying the same spec cannot help. */
    public static boolean isRejection(Throwable error) {
        return refusal(unwrap(error)).isPresent();
    }

    /** Kafka (or the wait for it) ran out of time. */
    public static boolean isTimeout(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException;
    }

    /**
     * {@code error} as one of the two problems: a rejection becomes a {@link SpecProblem} with {@code rejectedReason}
     * and the message "Kafka refused to {@code action}: ...", anything else a {@link TransientProblem} ("could not
     * {@code action}: ..."). A problem already sorted is returned as it is.
     */
    public static RuntimeException classify(Throwable error, String rejectedReason, String action) {
        Throwable e = unwrap(error);
        if (e instanceof SpecProblem || e instanceof TransientProblem) {
            return (RuntimeException) e;
        }
        if (isRejection(e)) {
            return new SpecProblem(rejectedReason, "Kafka refused to " + action + ": " + describe(e), e);
        }
        return new TransientProblem(
                isTimeout(e) ? Reasons.KAFKA_UNREACHABLE : Reasons.KAFKA_ERROR,
                "could not " + action + ": " + describe(e),
                e);
    }

    /** What Kafka said, in the words of what was refused or of the timeout; Kafka's own text follows. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        Optional<String> refused = refusal(e);
        if (refused.isPresent()) {
            return refused.get() + ": " + message(e);
        }
        if (isTimeout(e)) {
            return "Kafka did not answer in time" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return message(e);
    }

    private static Optional<String> refusal(Throwable e) {
        return REFUSALS.entrySet().stream()
                .filter(r -> r.getKey().isInstance(e))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The failure inside the wrappers futures add. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
