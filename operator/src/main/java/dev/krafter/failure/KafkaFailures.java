package dev.krafter.failure;

import dev.krafter.status.Reasons;
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
    private KafkaFailures() {
    }

    /** Kafka refused the request itself: retrying the same spec cannot help. */
    public static boolean isRejection(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof InvalidConfigurationException || e instanceof InvalidPartitionsException
                || e instanceof InvalidReplicationFactorException || e instanceof InvalidReplicaAssignmentException
                || e instanceof PolicyViolationException || e instanceof InvalidRequestException
                || e instanceof InvalidTopicException || e instanceof UnsupportedSaslMechanismException
                || e instanceof UnsupportedVersionException || e instanceof SecurityDisabledException;
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
        return new TransientProblem(isTimeout(e) ? Reasons.KAFKA_UNREACHABLE : Reasons.KAFKA_ERROR,
                "could not " + action + ": " + describe(e), e);
    }

    /** What Kafka said, in the words of what was refused; Kafka's own text follows. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        String said = message(e);
        if (e instanceof InvalidReplicationFactorException) {
            return "the replication factor is not possible: " + said;
        }
        if (e instanceof InvalidPartitionsException) {
            return "the partition count is not possible: " + said;
        }
        if (e instanceof InvalidConfigurationException) {
            return "a config value is not valid: " + said;
        }
        if (e instanceof PolicyViolationException) {
            return "a policy of the brokers (create.topic.policy.class.name, alter.config.policy.class.name) refused it: "
                    + said;
        }
        if (e instanceof InvalidTopicException) {
            return "the topic name is not valid: " + said;
        }
        if (e instanceof InvalidReplicaAssignmentException) {
            return "the replica assignment is not possible: " + said;
        }
        if (e instanceof UnsupportedSaslMechanismException) {
            return "the brokers do not support this SASL mechanism: " + said;
        }
        if (e instanceof UnsupportedVersionException) {
            return "the brokers do not support this request (their Kafka version is too old for it): " + said;
        }
        if (e instanceof SecurityDisabledException) {
            return "the brokers have no authorizer (set spec.authorization on the KafkaCluster): " + said;
        }
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "Kafka did not answer in time" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (e instanceof TimeoutException) {
            return "Kafka did not answer in time: " + said;
        }
        return said;
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
