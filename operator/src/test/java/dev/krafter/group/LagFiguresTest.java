package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagFiguresTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private static JsonNode status(long totalLag, String lagStatus, String readyReason, String readyMessage) {
        return Serialization.unmarshal(
                """
                {"groupId": "orders", "state": "Stable", "members": 2, "totalLag": %d, "maxLagSeconds": %d.5,
                 "lagStatus": "%s", "topics": [{"topic": "orders", "partitions": 1, "lag": %d}],
                 "worstPartitions": [{"topic": "orders", "partition": 0, "committedOffset": 10, "logEndOffset": %d}],
                 "conditions": [{"type": "Ready", "status": "True", "reason": "%s", "message": "%s",
                                 "lastTransitionTime": "2026-03-01T11:00:00Z"}]}
                """.formatted(totalLag, totalLag, lagStatus, totalLag, 10 + totalLag, readyReason, readyMessage),
                JsonNode.class);
    }

    @Test
    void onlyMovedFiguresWaitForTheIntervalAfterTheLastWrite() {
        JsonNode stored = status(5, "OK", "LagOK", "lagStatus OK: lag is OK (total 5)");
        JsonNode now = status(7, "OK", "LagOK", "lagStatus OK: lag is OK (total 7)");
        assertThat(LagFigures.onlyFiguresDiffer(stored, now)).isTrue();
        assertThat(LagFigures.mayWait(stored, now, NOW.minusSeconds(30), NOW, INTERVAL))
                .isTrue();
        assertThat(LagFigures.mayWait(stored, now, NOW.minusSeconds(60), NOW, INTERVAL))
                .as("interval passed")
                .isFalse();
        assertThat(LagFigures.mayWait(stored, now, null, NOW, INTERVAL))
                .as("no write since start")
                .isFalse();
    }

    @Test
    void aChangeAUserActsOnIsWrittenAtOnce() {
        JsonNode stored = status(5, "OK", "LagOK", "lagStatus OK: lag is OK (total 5)");
        JsonNode warning = status(700, "WARNING", "LagWarning", "lagStatus WARNING: total lag 700 exceeds 500");
        assertThat(LagFigures.mayWait(stored, warning, NOW.minusSeconds(1), NOW, INTERVAL))
                .isFalse();

        JsonNode fewerMembers = stored.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) fewerMembers).put("members", 1);
        assertThat(LagFigures.mayWait(stored, fewerMembers, NOW.minusSeconds(1), NOW, INTERVAL))
                .isFalse();
    }

    @Test
    void anUnchangedStatusIsNoFiguresChange() {
        JsonNode stored = status(5, "OK", "LagOK", "lagStatus OK: lag is OK (total 5)");
        assertThat(LagFigures.onlyFiguresDiffer(stored, stored.deepCopy())).isFalse();
    }
}
