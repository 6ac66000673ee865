package dev.krafter.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.status.Reasons;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {
    private static final String RF_REFUSED = "Unable to replicate the partition 5 time(s): The target replication"
            + " factor of 5 cannot be reached because only 3 broker(s) are registered.";

    @Test
    void whatKafkaRefusesNeedsASpecChangeAndSaysWhatWasRefused() {
        RuntimeException problem = KafkaFailures.classify(
                new ExecutionException(new InvalidReplicationFactorException(RF_REFUSED)),
                Reasons.KAFKA_REJECTED,
                "create topic orders");

        assertThat(problem).isInstanceOf(SpecProblem.class);
        assertThat(((SpecProblem) problem).reason()).isEqualTo(Reasons.KAFKA_REJECTED);
        assertThat(problem.getMessage())
                .isEqualTo("Kafka refused to create topic orders: the replication factor is" + " not possible: "
                        + RF_REFUSED);
    }

    @Test
    void everyKindOfRefusalIsASpecProblem() {
        assertThat(KafkaFailures.isRejection(new InvalidConfigurationException("bad")))
                .isTrue();
        assertThat(KafkaFailures.isRejection(new CompletionException(new PolicyViolationException("no"))))
                .isTrue();
        assertThat(KafkaFailures.describe(new PolicyViolationException("retention too long")))
                .startsWith("a policy of the brokers")
                .endsWith("retention too long");
        assertThat(KafkaFailures.describe(new SecurityDisabledException("No Authorizer is configured.")))
                .contains("set spec.authorization");
    }

    @Test
    void timeoutsAndServerTroubleAreTransientAndNameTheirCause() {
        RuntimeException timeout = KafkaFailures.classify(
                new ExecutionException(
                        new TimeoutException("Timed out waiting for a node assignment. Call: describeTopics")),
                Reasons.KAFKA_REJECTED,
                "describe topic orders");
        assertThat(timeout).isInstanceOf(TransientProblem.class);
        assertThat(((TransientProblem) timeout).reason()).isEqualTo(Reasons.KAFKA_UNREACHABLE);
        assertThat(timeout.getMessage())
                .isEqualTo("could not describe topic orders: Kafka did not answer in time:"
                        + " Timed out waiting for a node assignment. Call: describeTopics");

        RuntimeException moved =
                KafkaFailures.classify(new NotControllerException("moved"), Reasons.KAFKA_REJECTED, "alter configs");
        assertThat(moved).isInstanceOf(TransientProblem.class);
        assertThat(((TransientProblem) moved).reason()).isEqualTo(Reasons.KAFKA_ERROR);
        assertThat(KafkaFailures.isRejection(new UnknownServerException("boom")))
                .isFalse();
    }

    @Test
    void aProblemAlreadySortedIsKept() {
        SpecProblem spec = new SpecProblem(Reasons.CANNOT_PLACE_REPLICAS, "racks too few");
        assertThat(KafkaFailures.classify(new ExecutionException(spec), Reasons.KAFKA_REJECTED, "x"))
                .isSameAs(spec);
    }
}
