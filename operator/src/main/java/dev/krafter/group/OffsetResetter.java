package dev.krafter.group;

import dev.krafter.api.v1alpha1.OffsetReset;
import dev.krafter.validation.SpecValidator;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Applies a planned {@link OffsetResetPlan} to a group through the Admin API, only while the group has no members. */
public final class OffsetResetter {
    public sealed interface Outcome {}

    /** Active members would overwrite (or reject) the new offsets. */
    public record GroupNotEmpty(int members) implements Outcome {}

    /** The request cannot be applied as written (shiftBy without committed offset, ...). */
    public record Refused(String message) implements Outcome {}

    /** A listed topic does not exist yet; GitOps may apply the Topic after the group, so the reset waits for it. */
    public record TopicMissing(String message) implements Outcome {}

    public record Applied(List<OffsetResetPlan.Move> moves, String summary) implements Outcome {}

    /** Planned, not applied yet: {@link #alter} applies it. */
    public record Planned(List<OffsetResetPlan.Move> moves, String summary) implements Outcome {}

    private final Duration timeout;

    public OffsetResetter(Duration timeout) {
        this.timeout = timeout;
    }

    /** Plans and applies {@code reset} at once. */
    public Outcome apply(Admin admin, String groupId, OffsetReset reset)
            throws ExecutionException, InterruptedException, TimeoutException {
        Outcome outcome = plan(admin, groupId, reset);
        if (outcome instanceof Planned planned) {
            alter(admin, groupId, OffsetResetPlan.targets(planned.moves()));
            return new Applied(planned.moves(), planned.summary());
        }
        return outcome;
    }

    /** Plans {@code reset} from the group's committed offsets and the logs now; changes nothing. */
    public Outcome plan(Admin admin, String groupId, OffsetReset reset)
            throws ExecutionException, InterruptedException, TimeoutException {
        int members = activeMembers(admin, groupId);
        if (members > 0) {
            return new GroupNotEmpty(members);
        }
        Map<TopicPartition, Long> committed = committed(admin, groupId);
        Set<TopicPartition> partitions;
        List<String> topics = reset.getTopics() == null ? List.of() : reset.getTopics();
        if (topics.isEmpty()) {
            partitions = new HashSet<>(committed.keySet());
        } else {
            try {
                partitions = partitionsOf(admin, topics);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return new TopicMissing("spec.offsetReset.topics " + topics + " names a topic that does not exist"
                            + " yet: " + e.getCause().getMessage());
                }
                throw e;
            }
        }
        if (partitions.isEmpty()) {
            return new Planned(List.of(), "nothing to reset: the group has no committed offsets");
        }
        Map<TopicPartition, Long> logStart = list(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> logEnd = list(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> atTimestamp = Map.of();
        if (reset.getTo() == OffsetReset.Strategy.TIMESTAMP) {
            long millis = SpecValidator.parseTimestampMillis(reset.getValue()).orElseThrow();
            atTimestamp = list(admin, partitions, OffsetSpec.forTimestamp(millis));
            atTimestamp.values().removeIf(offset -> offset < 0);
        }
        OffsetResetPlan.Plan plan = OffsetResetPlan.plan(
                reset, partitions, new OffsetResetPlan.Offsets(committed, logStart, logEnd, atTimestamp));
        if (!plan.isValid()) {
            return new Refused(String.join("; ", plan.problems()));
        }
        return new Planned(plan.moves(), OffsetResetPlan.summary(plan.moves(), logEnd));
    }

    /** Sets the group's committed offsets to {@code targets}; the same targets twice change nothing the second time. */
    public void alter(Admin admin, String groupId, Map<TopicPartition, Long> targets)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (targets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> newOffsets = new HashMap<>();
        targets.forEach((tp, offset) -> newOffsets.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(groupId, newOffsets).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The group's committed offsets (partitions without one left out). */
    public Map<TopicPartition, Long> committed(Admin admin, String groupId)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, om) -> {
                    if (om != null) {
                        committed.put(tp, om.offset());
                    }
                });
        return committed;
    }

    public int activeMembers(Admin admin, String groupId)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return description.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    private Set<TopicPartition> partitionsOf(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<TopicPartition> partitions = new HashSet<>();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        descriptions.forEach((topic, d) ->
                d.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        return partitions;
    }

    private Map<TopicPartition, Long> list(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
