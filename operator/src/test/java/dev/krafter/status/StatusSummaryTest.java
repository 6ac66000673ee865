package dev.krafter.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.ReassignmentProgress;
import dev.krafter.api.v1alpha1.TopicStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusSummaryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void readyStalledAndReconcilingReadAsTheirReason() {
        assertThat(summary(new TopicStatus(), Health.ready(Reasons.READY, "ok")))
                .isEqualTo("Ready");
        assertThat(summary(new TopicStatus(), Health.stalled(Reasons.INVALID_SPEC, "spec.partitions ...")))
                .isEqualTo("Stalled: InvalidSpec");
        assertThat(summary(new TopicStatus(), Health.progressing(Reasons.KAFKA_UNREACHABLE, "cannot reach")))
                .isEqualTo("KafkaUnreachable");
    }

    @Test
    void pausedAndDegradedReadAsTheReasonTheyAreNotReady() {
        assertThat(summary(new TopicStatus(), Health.paused(Reasons.PAUSED, "paused")))
                .isEqualTo("Paused");
        assertThat(summary(new ConsumerGroupStatus(), Health.degraded("OffsetsVanished", "gone")))
                .isEqualTo("OffsetsVanished");
    }

    @Test
    void aClusterOperationShowsItsProgress() {
        KafkaClusterStatus status = new KafkaClusterStatus();
        status.setOperation(operation("RollingRestart", "2/3"));
        assertThat(summary(status, Health.progressing("RollingRestart", "restarting pod demo-brokers-2")))
                .isEqualTo("RollingRestart 2/3");

        status.setOperation(operation("ScalingDown", "1/2"));
        assertThat(summary(status, Health.progressing("ScalingDown", "draining broker 2")))
                .isEqualTo("ScalingDown 1/2");

        status.setOperation(operation("Creating", null));
        assertThat(summary(status, Health.progressing("Creating", "waiting for every broker to register")))
                .isEqualTo("Creating");
    }

    @Test
    void progressOfAnotherOperationIsNotShown() {
        KafkaClusterStatus status = new KafkaClusterStatus();
        status.setOperation(operation("Rebalancing", "10/40"));
        assertThat(summary(status, Health.progressing(Reasons.KAFKA_ERROR, "timed out")))
                .isEqualTo("KafkaError");
        assertThat(summary(status, Health.stalled("Blocked", "no progress for 600s")))
                .isEqualTo("Stalled: Blocked");
    }

    @Test
    void aTopicChangingItsReplicationFactorShowsReplicasMoved() {
        TopicStatus status = new TopicStatus();
        status.setReassignment(new ReassignmentProgress(3, 6, null));
        assertThat(summary(status, Health.progressing("ReplicationFactorChanging", "changing")))
                .isEqualTo("ReplicationFactorChanging 3/6");
    }

    @Test
    void otherConditionsThatAreTrueFollowInBrackets() {
        ConsumerGroupStatus status = new ConsumerGroupStatus();
        status.setConditions(
                Conditions.withExtra(status.getConditions(), "DataLoss", true, true, "DataLoss", "lost", 1, CLOCK));
        status.setConditions(Conditions.withExtra(
                status.getConditions(), "RetentionRisk", true, true, "RetentionRisk", "at risk", 1, CLOCK));
        status.setConditions(Conditions.withExtra(status.getConditions(), "Quiet", true, false, "Fine", "", 1, CLOCK));
        assertThat(summary(status, Health.ready("LagOK", "ok"))).isEqualTo("Ready (DataLoss, RetentionRisk)");

        ConsumerGroupStatus vanished = new ConsumerGroupStatus();
        vanished.setConditions(Conditions.withExtra(
                vanished.getConditions(), "OffsetsVanished", true, true, "OffsetsVanished", "gone", 1, CLOCK));
        assertThat(summary(vanished, Health.degraded("OffsetsVanished", "gone")))
                .as("a condition is not named twice")
                .isEqualTo("OffsetsVanished");
    }

    @Test
    void noConditionsNoSummary() {
        assertThat(StatusSummary.of(new TopicStatus())).isNull();
    }

    private static String summary(KrafterStatus status, Health health) {
        status.setConditions(Conditions.apply(status.getConditions(), health, 1, CLOCK));
        return StatusSummary.of(status);
    }

    private static OperationStatus operation(String type, String progress) {
        OperationStatus operation = new OperationStatus();
        operation.setType(type);
        operation.setProgress(progress);
        return operation;
    }
}
