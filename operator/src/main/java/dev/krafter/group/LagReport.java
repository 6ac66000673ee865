package dev.krafter.group;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import dev.krafter.api.v1alpha1.LagPolicy;
import dev.krafter.api.v1alpha1.PartitionLag;
import dev.krafter.api.v1alpha1.TopicLag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the status says about a group's lag, computed from one {@link GroupView} and the resource's lag policy.
 * Pure.
 */
public record LagReport(
        LagStatus lagStatus,
        String reason,
        long totalLag,
        Double maxLagSeconds,
        List<TopicLag> topics,
        List<PartitionLag> worstPartitions,
        List<PartitionLag> allPartitions,
        long messagesLost,
        List<String> lostPartitions,
        List<String> partitionsAtRisk,
        int partitionCount) {

    public static final int WORST_PARTITIONS = 10;

    public static LagReport of(GroupView view, LagPolicy policy) {
        GroupSnapshot snapshot = view.snapshot();
        if (snapshot.failed()) {
            return new LagReport(
                    LagStatus.ERROR,
                    "the group could not be observed: " + snapshot.error(),
                    0,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    0,
                    List.of(),
                    List.of(),
                    0);
        }
        if (!snapshot.exists()) {
            return new LagReport(
                    LagStatus.NOT_FOUND,
                    "group " + snapshot.groupId() + " does not exist in Kafka yet (no members, no committed offsets)",
                    0,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    0,
                    List.of(),
                    List.of(),
                    0);
        }
        long now = snapshot.observedAt().toEpochMilli();
        int windowSize = policy.getWindowSize();
        long totalLag = 0;
        long lost = 0;
        Double maxLagSeconds = null;
        List<String> lostPartitions = new ArrayList<>();
        List<String> atRisk = new ArrayList<>();
        Map<String, TopicLag> topics = new TreeMap<>();
        List<PartitionLag> partitions = new ArrayList<>();
        BurrowRules.Verdict worst = new BurrowRules.Verdict(LagStatus.OK, "lag is OK");
        for (PartitionObservation p : snapshot.partitions()) {
            TopicPartition tp = p.partition();
            Double seconds = view.lagSeconds().get(tp);
            totalLag += p.lag();
            maxLagSeconds = max(maxLagSeconds, seconds);
            TopicLag topic = topics.computeIfAbsent(tp.topic(), t -> new TopicLag(t, 0, 0, null));
            topic.setPartitions(topic.getPartitions() + 1);
            topic.setLag(topic.getLag() + p.lag());
            topic.setMaxLagSeconds(max(topic.getMaxLagSeconds(), seconds));
            partitions.add(partitionLag(p, seconds));
            if (p.messagesLost() > 0) {
                lost += p.messagesLost();
                lostPartitions.add(tp + " (" + p.messagesLost() + " messages: committed " + p.committedOffset()
                        + " < log start " + p.logStartOffset() + ")");
            } else if (atRisk(p, policy.getRetentionRiskPercent())) {
                atRisk.add(tp + " (lag " + p.lag() + " of " + p.retainedMessages() + " retained)");
            }
            List<CommitSample> window = view.windows().getOrDefault(tp, List.of());
            List<CommitSample> recent = window.subList(Math.max(0, window.size() - windowSize), window.size());
            BurrowRules.Verdict verdict = BurrowRules.evaluate(tp.toString(), recent, now);
            if (BurrowRules.severity(verdict.status()) > BurrowRules.severity(worst.status())) {
                worst = verdict;
            }
        }
        partitions.sort(Comparator.comparingLong(PartitionLag::getLag)
                .reversed()
                .thenComparing(PartitionLag::getTopic)
                .thenComparingInt(PartitionLag::getPartition));
        BurrowRules.Verdict verdict = applyThresholds(worst, totalLag, maxLagSeconds, policy);
        return new LagReport(
                verdict.status(),
                verdict.reason(),
                totalLag,
                maxLagSeconds,
                List.copyOf(topics.values()),
                List.copyOf(partitions.subList(0, Math.min(WORST_PARTITIONS, partitions.size()))),
                List.copyOf(partitions),
                lost,
                lostPartitions,
                atRisk,
                snapshot.partitions().size());
    }

    /**
     * A partition is at risk when the group's lag covers more than {@code percent} of the retained log. A partition
     * whose log still starts at offset 0 has never had anything deleted (retention is not active on it, or not yet),
     * so it is not flagged: otherwise every new group on an unbounded topic would be "at risk".
     */
    static boolean atRisk(PartitionObservation p, int percent) {
        return p.logStartOffset() > 0
                && p.retainedMessages() > 0
                && p.lag() * 100 > (long) percent * p.retainedMessages();
    }

    static BurrowRules.Verdict applyThresholds(
            BurrowRules.Verdict burrow, long totalLag, Double maxLagSeconds, LagPolicy policy) {
        if (burrow.status() != LagStatus.OK) {
            return burrow;
        }
        if (policy.getWarningLagMessages() != null && totalLag > policy.getWarningLagMessages()) {
            return new BurrowRules.Verdict(
                    LagStatus.WARNING,
                    "total lag " + totalLag + " exceeds lagPolicy.warningLagMessages "
                            + policy.getWarningLagMessages());
        }
        if (policy.getWarningLagSeconds() != null
                && maxLagSeconds != null
                && maxLagSeconds > policy.getWarningLagSeconds()) {
            return new BurrowRules.Verdict(
                    LagStatus.WARNING,
                    String.format(
                            "lag of %.0fs exceeds lagPolicy.warningLagSeconds %d",
                            maxLagSeconds, policy.getWarningLagSeconds()));
        }
        return new BurrowRules.Verdict(LagStatus.OK, "lag is OK (total " + totalLag + ")");
    }

    private static PartitionLag partitionLag(PartitionObservation p, Double seconds) {
        PartitionLag lag = new PartitionLag();
        lag.setTopic(p.partition().topic());
        lag.setPartition(p.partition().partition());
        lag.setCommittedOffset(p.committedOffset());
        lag.setLogEndOffset(p.logEndOffset());
        lag.setLogStartOffset(p.logStartOffset());
        lag.setLag(p.lag());
        lag.setLagSeconds(seconds);
        return lag;
    }

    private static Double max(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }
}
