package dev.krafter.group;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ObservationLoop} per KafkaCluster that has observed groups, run on a small shared scheduler every
 * {@code period}. A loop starts with its first group and stops with its last.
 */
public final class ObservationLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationLoops.class);

    private record ClusterKey(String namespace, String name) {
        static ClusterKey of(KafkaCluster cluster) {
            return new ClusterKey(
                    cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final class Running {
        final ObservationLoop loop;
        final ScheduledFuture<?> periodic;
        final AtomicBoolean earlyCyclePending = new AtomicBoolean();
        volatile boolean stopped;

        Running(ObservationLoop loop) {
            this.loop = loop;
            this.periodic = scheduler.scheduleWithFixedDelay(
                    () -> runCycle(this), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }

        void cycleSoon() {
            if (earlyCyclePending.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    earlyCyclePending.set(false);
                    runCycle(this);
                });
            }
        }
    }

    private final Function<KafkaCluster, Admin> admins;
    private final GroupObserver observer;
    private final Duration period;
    private final Clock clock;
    private final Consumer<Set<ResourceID>> onCycle;
    private final ScheduledExecutorService scheduler;
    private final Map<ClusterKey, Running> loops = new ConcurrentHashMap<>();
    private final Map<ResourceID, ClusterKey> clusterOf = new ConcurrentHashMap<>();

    public ObservationLoops(
            Function<KafkaCluster, Admin> admins,
            Duration adminTimeout,
            Duration period,
            Clock clock,
            Consumer<Set<ResourceID>> onCycle) {
        this.admins = admins;
        this.observer = new GroupObserver(adminTimeout);
        this.period = period;
        this.clock = clock;
        this.onCycle = onCycle;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "krafter-group-observation");
            t.setDaemon(true);
            return t;
        });
    }

    /** Observes {@code groupId} for {@code resource} on {@code cluster} from now on (idempotent). */
    public synchronized void register(ResourceID resource, KafkaCluster cluster, String groupId, int windowSize) {
        ClusterKey key = ClusterKey.of(cluster);
        ClusterKey previous = clusterOf.put(resource, key);
        if (previous != null && !previous.equals(key)) {
            unregisterFrom(previous, resource);
        }
        Running running = loops.computeIfAbsent(key, k -> {
            LOG.info("Starting the consumer-group observation loop of cluster {} (every {})", k, period);
            return new Running(new ObservationLoop(k.toString(), admins, observer, clock, onCycle));
        });
        if (running.loop.register(resource, cluster, groupId, windowSize)) {
            running.cycleSoon();
        }
    }

    public synchronized void unregister(ResourceID resource) {
        ClusterKey key = clusterOf.remove(resource);
        if (key != null) {
            unregisterFrom(key, resource);
        }
    }

    /** Asks for a cycle now, for example after offsets were reset. */
    public void observeSoon(ResourceID resource) {
        Optional.ofNullable(clusterOf.get(resource)).map(loops::get).ifPresent(Running::cycleSoon);
    }

    /** The latest view of the group observed for {@code resource}, once its cluster's loop has run. */
    public Optional<GroupView> view(ResourceID resource, String groupId) {
        return Optional.ofNullable(clusterOf.get(resource)).map(loops::get).flatMap(r -> r.loop.view(groupId));
    }

    /**
     * Stops the loop of a deleted cluster at once (not only when its last group goes) and asks its groups' resources
     * to reconcile, so they report the missing cluster.
     */
    public synchronized void stopCluster(String namespace, String name) {
        ClusterKey key = new ClusterKey(namespace, name);
        Running running = loops.remove(key);
        if (running == null) {
            return;
        }
        running.stopped = true;
        running.periodic.cancel(false);
        Set<ResourceID> resources = new HashSet<>();
        clusterOf.forEach((resource, cluster) -> {
            if (cluster.equals(key)) {
                resources.add(resource);
            }
        });
        clusterOf.keySet().removeAll(resources);
        LOG.info("Stopped the consumer-group observation loop of deleted cluster {}", key);
        onCycle.accept(resources);
    }

    private void unregisterFrom(ClusterKey key, ResourceID resource) {
        Running running = loops.get(key);
        if (running == null) {
            return;
        }
        running.loop.unregister(resource);
        if (running.loop.isEmpty()) {
            LOG.info("Stopping the consumer-group observation loop of cluster {}: no group left", key);
            running.periodic.cancel(false);
            loops.remove(key);
        }
    }

    private static void runCycle(Running running) {
        if (running.stopped) {
            return;
        }
        try {
            running.loop.cycle();
        } catch (RuntimeException e) {
            LOG.error("consumer-group observation cycle failed: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        loops.clear();
        clusterOf.clear();
    }
}
