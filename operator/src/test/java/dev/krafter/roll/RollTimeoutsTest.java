package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollTimeoutsTest {

    private static final Instant RESTARTED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @Test
    void aPodWithinItsTimeoutIsNotOverdueAndIsPolledOften() {
        Instant now = RESTARTED.plusSeconds(599);

        assertThat(RollTimeouts.overdue("kafka-1", RESTARTED, now, TIMEOUT, "not ready"))
                .isEmpty();
        assertThat(RollTimeouts.nextCheck(RESTARTED, now, TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aPodPastItsTimeoutGetsAStalledMessageNamingItAndTheSetting() {
        assertThat(RollTimeouts.overdue(
                        "kafka-1",
                        RESTARTED,
                        RESTARTED.plusSeconds(601),
                        TIMEOUT,
                        "broker 1 not back in the ISR of orders-0"))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("kafka-1", "601s", "orders-0", "rollout.podTimeoutSeconds is 600"));
    }

    @Test
    void checksBackOffWhileThePodStaysOverdue() {
        assertThat(RollTimeouts.nextCheck(RESTARTED, RESTARTED.plusSeconds(601), TIMEOUT))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(RollTimeouts.nextCheck(RESTARTED, RESTARTED.plusSeconds(1201), TIMEOUT))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(RollTimeouts.nextCheck(RESTARTED, RESTARTED.plusSeconds(1801), TIMEOUT))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(RollTimeouts.nextCheck(RESTARTED, RESTARTED.plus(Duration.ofDays(3)), TIMEOUT))
                .isEqualTo(Duration.ofMinutes(10));
    }
}
