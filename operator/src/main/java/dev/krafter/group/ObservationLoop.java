package dev.krafter.group;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.operator.ClusterRefEventSource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observation loop of one KafkaCluster: each cycle observes every registered group with one batched
 * {@link GroupObserver} call, records log-end history and commit windows, publishes a {@link GroupView} per group, and
 * then tells {@code onCycle} which ConsumerGroup resources to reconcile. Cycles of one loop never overlap.
 */
final class ObservationLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationLoop.class);
    /** Log-end points kept per partition for the lag-seconds estimate. */
    static final int LOG_END_POINTS = 60;

    record Registration(String groupId, int windowSize) {}

    private final String clusterRef;
    private final Function<KafkaCluster, Admin> admins;
    private final GroupObserver observer;
    private final Clock clock;
    private final Consumer<Set<ResourceID>> onCycle;
    private final Map<ResourceID, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<String, GroupView> views = new ConcurrentHashMap<>();
    /** Set when the last group left: the commit windows and log-end history are from before, and go. */
    private volatile boolean historyStale;

    private volatile KafkaCluster cluster;

    // Written only inside cycle(), which is synchronized.
    private final Map<TopicPartition, LogEndTable> logEnd = new HashMap<>();
    private final Map<String, Map<TopicPartition, Deque<CommitSample>>> windows = new HashMap<>();

    ObservationLoop(
            String clusterRef,
            Function<KafkaCluster, Admin> admins,
            GroupObserver observer,
            Clock clock,
            Consumer<Set<ResourceID>> onCycle) {
        this.clusterRef = clusterRef;
        this.admins = admins;
        this.observer = observer;
        this.clock = clock;
        this.onCycle = onCycle;
    }

    /**
     * Returns true when an early cycle is worth it: the group is new to this loop, or the cluster has just turned Ready
     * (Kafka can now answer what the last cycle could not, and the next periodic cycle may be far away).
     */
    boolean register(ResourceID resource, KafkaCluster cluster, String groupId, int windowSize) {
        KafkaCluster previous = this.cluster;
        this.cluster = cluster;
        boolean newGroup =
                registrations.values().stream().noneMatch(r -> r.groupId().equals(groupId));
        registrations.put(resource, new Registration(groupId, windowSize));
        return newGroup
                || previous != null
                        && ClusterRefEventSource.isReady(cluster)
                        && !ClusterRefEventSource.isReady(previous);
    }

    /**
     * Stops observing for {@code resource}. Once no resource is left, what was observed goes too: a group registered
     * again later starts from a fresh observation, not from one taken before it left.
     */
    void unregister(ResourceID resource) {
        registrations.remove(resource);
        if (registrations.isEmpty()) {
            views.clear();
            historyStale = true; // cleared by the next cycle, which owns it
        }
    }

    boolean isEmpty() {
        return registrations.isEmpty();
    }

    Optional<GroupView> view(String groupId) {
        return Optional.ofNullable(views.get(groupId));
    }

    synchronized void cycle() {
        Map<String, Integer> groups = new HashMap<>();
        registrations.values().forEach(r -> groups.merge(r.groupId(), r.windowSize(), Math::max));
        if (historyStale) {
            historyStale = false;
            windows.clear();
            logEnd.clear();
        }
        if (groups.isEmpty() || cluster == null) {
            return;
        }
        Instant now = clock.instant();
        Map<String, GroupSnapshot> snapshots;
        try {
            snapshots = observer.observe(admins.apply(cluster), groups.keySet(), now);
        } catch (RuntimeException e) {
            String message = GroupObserver.describe(e);
            snapshots = new HashMap<>();
            for (String group : groups.keySet()) {
                snapshots.put(group, GroupSnapshot.failed(group, now, message));
            }
        }
        record(snapshots, groups, now);
        LOG.debug(
                "cluster {}: observed {} groups in {} ms",
                clusterRef,
                snapshots.size(),
                clock.millis() - now.toEpochMilli());
        onCycle.accept(Set.copyOf(registrations.keySet()));
    }

    private void record(Map<String, GroupSnapshot> snapshots, Map<String, Integer> windowSizes, Instant now) {
        long nowMillis = now.toEpochMilli();
        Set<TopicPartition> observed = new HashSet<>();
        for (GroupSnapshot snapshot : snapshots.values()) {
            for (PartitionObservation p : snapshot.partitions()) {
                if (observed.add(p.partition())) {
                    logEnd.computeIfAbsent(p.partition(), tp -> new LogEndTable(LOG_END_POINTS))
                            .add(p.logEndOffset(), nowMillis);
                }
            }
        }
        for (GroupSnapshot snapshot : snapshots.values()) {
            String group = snapshot.groupId();
            if (snapshot.failed()) {
                GroupView previous = views.get(group);
                views.put(group, new GroupView(snapshot, previous == null ? Map.of() : previous.windows(), Map.of()));
                continue;
            }
            Map<TopicPartition, Deque<CommitSample>> groupWindows =
                    windows.computeIfAbsent(group, g -> new HashMap<>());
            Map<TopicPartition, List<CommitSample>> windowCopies = new HashMap<>();
            Map<TopicPartition, Double> lagSeconds = new HashMap<>();
            Set<TopicPartition> present = new HashSet<>();
            for (PartitionObservation p : snapshot.partitions()) {
                TopicPartition tp = p.partition();
                present.add(tp);
                Deque<CommitSample> window = groupWindows.computeIfAbsent(tp, k -> new ArrayDeque<>());
                window.addLast(sample(window.peekLast(), p, nowMillis));
                while (window.size() > windowSizes.getOrDefault(group, 2)) {
                    window.pollFirst();
                }
                windowCopies.put(tp, new ArrayList<>(window));
                logEnd.get(tp).lagSeconds(p.committedOffset(), nowMillis).ifPresent(s -> lagSeconds.put(tp, s));
            }
            groupWindows.keySet().retainAll(present);
            views.put(group, new GroupView(snapshot, windowCopies, lagSeconds));
        }
        Set<String> registered = new HashSet<>(windowSizes.keySet());
        windows.keySet().retainAll(registered);
        views.keySet().retainAll(registered);
        logEnd.keySet().retainAll(observed);
    }

    /** The commit time is estimated: see {@link CommitSample}. */
    static CommitSample sample(CommitSample previous, PartitionObservation p, long nowMillis) {
        boolean committedSinceLast =
                previous == null || p.assigned() || previous.committedOffset() != p.committedOffset();
        long commitTime = committedSinceLast ? nowMillis : previous.commitTimeMillis();
        return new CommitSample(nowMillis, commitTime, p.committedOffset(), p.lag());
    }
}
