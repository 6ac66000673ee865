package dev.krafter.group;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Observes many consumer groups of one cluster with a constant number of Admin calls, whatever the number of groups
 * and partitions: one describeConsumerGroups and one listConsumerGroupOffsets for all groups, then one listOffsets for
 * the latest and one for the earliest offsets over the union of their partitions. (The Admin client itself sends one
 * request per coordinator or partition leader, so requests grow with the brokers, not with groups × partitions.)
 */
public final class GroupObserver {
    private final Duration timeout;

    public GroupObserver(Duration timeout) {
        this.timeout = timeout;
    }

    public Map<String, GroupSnapshot> observe(Admin admin, Collection<String> groupIds, Instant now) {
        Map<String, GroupSnapshot> result = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return result;
        }
        try {
            Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                    admin.describeConsumerGroups(groupIds).describedGroups();
            Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
            groupIds.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            ListConsumerGroupOffsetsResult offsetsResult = admin.listConsumerGroupOffsets(specs);

            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            Map<String, String> errors = new HashMap<>();
            Set<TopicPartition> union = new HashSet<>();
            for (String group : groupIds) {
                try {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    offsetsResult
                            .partitionsToOffsetAndMetadata(group)
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .forEach((tp, om) -> {
                                if (om != null) {
                                    offsets.put(tp, om);
                                }
                            });
                    committed.put(group, offsets);
                    union.addAll(offsets.keySet());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        errors.put(group, describe(e));
                    }
                    committed.put(group, Map.of());
                }
            }
            Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
            union.forEach(tp -> {
                latestSpec.put(tp, OffsetSpec.latest());
                earliestSpec.put(tp, OffsetSpec.earliest());
            });
            ListOffsetsResult latest = union.isEmpty() ? null : admin.listOffsets(latestSpec);
            ListOffsetsResult earliest = union.isEmpty() ? null : admin.listOffsets(earliestSpec);
            Set<TopicPartition> unknown = new HashSet<>();
            Map<TopicPartition, Long> logEnd = offsets(latest, union, unknown);
            Map<TopicPartition, Long> logStart = offsets(earliest, union, unknown);

            for (String group : groupIds) {
                if (errors.containsKey(group)) {
                    result.put(group, GroupSnapshot.failed(group, now, errors.get(group)));
                    continue;
                }
                ConsumerGroupDescription description = null;
                try {
                    description = descriptions.get(group).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        result.put(group, GroupSnapshot.failed(group, now, describe(e)));
                        continue;
                    }
                }
                result.put(group, snapshot(group, now, description, committed.get(group), logStart, logEnd, unknown));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            groupIds.forEach(g -> result.put(g, GroupSnapshot.failed(g, now, "interrupted")));
        } catch (TimeoutException | RuntimeException e) {
            String message = describe(e);
            groupIds.forEach(g -> result.putIfAbsent(g, GroupSnapshot.failed(g, now, message)));
        }
        return result;
    }

    static GroupSnapshot snapshot(
            String group,
            Instant now,
            ConsumerGroupDescription description,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> logStart,
            Map<TopicPartition, Long> logEnd) {
        return snapshot(group, now, description, committed, logStart, logEnd, Set.of());
    }

    /** {@code unknown}: partitions Kafka says do not exist (their topic was deleted); they count as not committed. */
    static GroupSnapshot snapshot(
            String group,
            Instant now,
            ConsumerGroupDescription description,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> logStart,
            Map<TopicPartition, Long> logEnd,
            Set<TopicPartition> unknown) {
        Set<TopicPartition> assigned = new HashSet<>();
        int members = 0;
        String state = null;
        if (description != null) {
            for (MemberDescription member : description.members()) {
                assigned.addAll(member.assignment().topicPartitions());
            }
            members = description.members().size();
            GroupState groupState = description.groupState();
            state = groupState == null ? null : groupState.toString();
        }
        List<PartitionObservation> partitions = new ArrayList<>();
        committed.entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.topic().equals(b.topic())
                        ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic())))
                .forEach(e -> {
                    TopicPartition tp = e.getKey();
                    // A partition whose offsets Kafka could not list (deleted topic, no leader) has no lag to report.
                    if (logEnd.containsKey(tp) && logStart.containsKey(tp)) {
                        partitions.add(new PartitionObservation(
                                tp, e.getValue().offset(), logStart.get(tp), logEnd.get(tp), assigned.contains(tp)));
                    }
                });
        boolean dead = state == null || state.equalsIgnoreCase("Dead") || state.equalsIgnoreCase("Unknown");
        boolean exists = !committed.isEmpty() || members > 0 || !dead;
        Set<String> committedTopics = new HashSet<>();
        committed.keySet().stream().filter(tp -> !unknown.contains(tp)).forEach(tp -> committedTopics.add(tp.topic()));
        return new GroupSnapshot(group, now, exists, exists ? state : null, members, partitions, null, committedTopics);
    }

    private Map<TopicPartition, Long> offsets(
            ListOffsetsResult result, Set<TopicPartition> partitions, Set<TopicPartition> unknown)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (result == null) {
            return offsets;
        }
        ExecutionException lastFailure = null;
        for (TopicPartition tp : partitions) {
            try {
                ListOffsetsResultInfo info = result.partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                offsets.put(tp, info.offset());
            } catch (ExecutionException e) {
                // Left out (deleted topic, no leader): see snapshot().
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    unknown.add(tp);
                } else {
                    lastFailure = e;
                }
            }
        }
        if (offsets.isEmpty() && lastFailure != null) {
            throw new IllegalStateException("listing offsets failed: " + describe(lastFailure), lastFailure);
        }
        return offsets;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
