package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import dev.krafter.api.v1alpha1.LagPolicy;
import dev.krafter.api.v1alpha1.PartitionLag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagReportTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static GroupView view(
            List<PartitionObservation> partitions, Map<TopicPartition, List<CommitSample>> windows) {
        return new GroupView(new GroupSnapshot("g", NOW, true, "Stable", 2, partitions, null), windows, Map.of());
    }

    @Test
    void sumsLagPerTopicAndKeepsTheTenWorstPartitions() {
        List<PartitionObservation> partitions = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            partitions.add(new PartitionObservation(new TopicPartition("a", p), 0, 0, p * 10L, true));
        }
        partitions.add(new PartitionObservation(new TopicPartition("b", 0), 5, 0, 5, true));
        LagReport report = LagReport.of(view(partitions, Map.of()), new LagPolicy());
        assertThat(report.totalLag()).isEqualTo(660);
        assertThat(report.topics())
                .extracting(t -> t.getTopic() + "=" + t.getLag() + "/" + t.getPartitions())
                .containsExactly("a=660/12", "b=0/1");
        assertThat(report.worstPartitions())
                .hasSize(10)
                .extracting(PartitionLag::getLag)
                .containsExactly(110L, 100L, 90L, 80L, 70L, 60L, 50L, 40L, 30L, 20L);
        assertThat(report.lagStatus()).isEqualTo(LagStatus.OK);
    }

    @Test
    void committedBelowLogStartIsLostAndHighLagOnARetainedLogIsAtRisk() {
        PartitionObservation lost = new PartitionObservation(new TopicPartition("t", 0), 40, 100, 150, false);
        PartitionObservation risky = new PartitionObservation(new TopicPartition("t", 1), 110, 100, 200, false);
        PartitionObservation fine = new PartitionObservation(new TopicPartition("t", 2), 190, 100, 200, false);
        PartitionObservation neverTrimmed = new PartitionObservation(new TopicPartition("t", 3), 0, 0, 200, false);
        LagReport report = LagReport.of(view(List.of(lost, risky, fine, neverTrimmed), Map.of()), new LagPolicy());
        assertThat(report.messagesLost()).isEqualTo(60);
        assertThat(report.lostPartitions()).containsExactly("t-0 (60 messages: committed 40 < log start 100)");
        assertThat(report.partitionsAtRisk()).containsExactly("t-1 (lag 90 of 100 retained)");
    }

    @Test
    void theWorstPartitionDecidesAndTheWindowIsCutToTheConfiguredSize() {
        TopicPartition stuck = new TopicPartition("t", 0);
        TopicPartition moving = new TopicPartition("t", 1);
        Map<TopicPartition, List<CommitSample>> windows = new HashMap<>();
        List<CommitSample> stuckWindow = new ArrayList<>();
        List<CommitSample> movingWindow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t = NOW.toEpochMilli() - (4 - i) * 1000L;
            // Lag 0 at the oldest sample only: OK over a window of 5, STALLED over the last 4.
            stuckWindow.add(new CommitSample(t, t, 10, i == 0 ? 0 : 5 + i));
            movingWindow.add(new CommitSample(t, t, 10 + i * 10, 20 - i));
        }
        windows.put(stuck, stuckWindow);
        windows.put(moving, movingWindow);
        List<PartitionObservation> partitions = List.of(
                new PartitionObservation(stuck, 10, 0, 19, true), new PartitionObservation(moving, 50, 0, 66, true));
        LagPolicy five = new LagPolicy();
        five.setWindowSize(5);
        assertThat(LagReport.of(view(partitions, windows), five).lagStatus()).isEqualTo(LagStatus.OK);
        LagPolicy four = new LagPolicy();
        four.setWindowSize(4);
        LagReport report = LagReport.of(view(partitions, windows), four);
        assertThat(report.lagStatus()).isEqualTo(LagStatus.STALLED);
        assertThat(report.reason()).startsWith("t-0: committed offset stuck at 10");
    }

    @Test
    void warningThresholdsMakeAnOkGroupWarning() {
        List<PartitionObservation> partitions =
                List.of(new PartitionObservation(new TopicPartition("t", 0), 0, 0, 500, true));
        LagPolicy policy = new LagPolicy();
        policy.setWarningLagMessages(100L);
        LagReport report = LagReport.of(view(partitions, Map.of()), policy);
        assertThat(report.lagStatus()).isEqualTo(LagStatus.WARNING);
        assertThat(report.reason()).isEqualTo("total lag 500 exceeds lagPolicy.warningLagMessages 100");

        GroupView slow = new GroupView(
                new GroupSnapshot("g", NOW, true, "Stable", 1, partitions, null),
                Map.of(),
                Map.of(new TopicPartition("t", 0), 900.0));
        LagPolicy seconds = new LagPolicy();
        seconds.setWarningLagSeconds(600L);
        assertThat(LagReport.of(slow, seconds).lagStatus()).isEqualTo(LagStatus.WARNING);
        assertThat(LagReport.of(slow, seconds).maxLagSeconds()).isEqualTo(900.0);
    }

    @Test
    void aGroupKafkaDoesNotKnowIsNotFoundAndAFailedObservationIsError() {
        GroupView missing =
                new GroupView(new GroupSnapshot("g", NOW, false, null, 0, List.of(), null), Map.of(), Map.of());
        assertThat(LagReport.of(missing, new LagPolicy()).lagStatus()).isEqualTo(LagStatus.NOT_FOUND);
        GroupView failed =
                new GroupView(GroupSnapshot.failed("g", NOW, "TimeoutException: timed out"), Map.of(), Map.of());
        LagReport report = LagReport.of(failed, new LagPolicy());
        assertThat(report.lagStatus()).isEqualTo(LagStatus.ERROR);
        assertThat(report.reason()).contains("TimeoutException");
    }
}
