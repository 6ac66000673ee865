package dev.krafter.group;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.kafka.ClusterKey;
import dev.krafter.kafka.KafkaAdmins;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ObservationLoop} per KafkaCluster that has observed groups, run on a small shared scheduler every
 * {@code period}. A loop is kept with the cluster's other state ({@link KafkaAdmins#clusterState}): it runs from its
 * first group to its last, and a deleted cluster's loop stops at once and wakes its groups' resources, so they report
 * the missing cluster.
 */
public final class ObservationLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationLoops.class);

    /** A cluster's loop and its schedule: kept by {@link KafkaAdmins}, closed when the cluster is deleted. */
    private final class Running implements AutoCloseable {
        final ClusterKey key;
        final ObservationLoop loop;
        final AtomicBoolean earlyCyclePending = new AtomicBoolean();
        /** Guarded by the enclosing {@link ObservationLoops}; null while the cluster has no group. */
        ScheduledFuture<?> periodic;

        volatile boolean stopped;

        Running(ClusterKey key, ObservationLoop loop) {
            this.key = key;
            this.loop = loop;
        }

        void start() {
            if (periodic == null) {
                LOG.info("Starting the consumer-group observation loop of cluster {} (every {})", key, period);
                periodic = scheduler.scheduleWithFixedDelay(
                        () -> runCycle(this), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void pause() {
            if (periodic != null) {
                LOG.info("Stopping the consumer-group observation loop of cluster {}: no group left", key);
                periodic.cancel(false);
                periodic = null;
            }
        }

        void cycleSoon() {
            if (earlyCyclePending.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    earlyCyclePending.set(false);
                    runCycle(this);
                });
            }
        }

        @Override
        public void close() {
            stopDeleted(this);
        }
    }

    private final KafkaAdmins admins;
    private final GroupObserver observer;
    private final Duration period;
    private final Clock clock;
    private final Consumer<Set<ResourceID>> onCycle;
    private final ScheduledExecutorService scheduler;
    private final Map<ResourceID, ClusterKey> clusterOf = new ConcurrentHashMap<>();

    public ObservationLoops(
            KafkaAdmins admins,
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
        // The loop first: asking for it may release the state of a cluster deleted under this name, with its entries.
        Running running = admins.clusterState(
                cluster,
                Running.class,
                () -> new Running(
                        key, new ObservationLoop(key.toString(), admins::adminFor, observer, clock, onCycle)));
        ClusterKey previous = clusterOf.put(resource, key);
        if (previous != null && !previous.equals(key)) {
            unregisterFrom(previous, resource);
        }
        running.start();
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
        runningFor(resource).ifPresent(Running::cycleSoon);
    }

    /** The latest view of the group observed for {@code resource}, once its cluster's loop has run. */
    public Optional<GroupView> view(ResourceID resource, String groupId) {
        return runningFor(resource).flatMap(r -> r.loop.view(groupId));
    }

    private Optional<Running> runningFor(ResourceID resource) {
        return Optional.ofNullable(clusterOf.get(resource))
                .flatMap(key -> admins.existingClusterState(key.namespace(), key.name(), Running.class));
    }

    private synchronized void stopDeleted(Running running) {
        running.stopped = true;
        running.pause();
        Set<ResourceID> resources = new HashSet<>();
        clusterOf.forEach((resource, cluster) -> {
            if (cluster.equals(running.key)) {
                resources.add(resource);
            }
        });
        clusterOf.keySet().removeAll(resources);
        LOG.info("Stopped the consumer-group observation loop of deleted cluster {}", running.key);
        onCycle.accept(resources);
    }

    private void unregisterFrom(ClusterKey key, ResourceID resource) {
        admins.existingClusterState(key.namespace(), key.name(), Running.class).ifPresent(running -> {
            running.loop.unregister(resource);
            if (running.loop.isEmpty()) {
                running.pause();
            }
        });
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
        clusterOf.clear();
    }
}
