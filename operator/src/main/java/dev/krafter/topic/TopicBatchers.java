package dev.krafter.topic;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.kafka.KafkaAdmins;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;

/** One {@link TopicBatcher} per KafkaCluster, so that reconciles of that cluster's topics share requests. */
final class TopicBatchers {
    private record Key(String namespace, String name) {}

    private final KafkaAdmins admins;
    private final int maxBatchSize;
    private final Duration linger;
    private final Duration timeout;
    private final Map<Key, TopicBatcher> batchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "krafter-topic-batcher");
        t.setDaemon(true);
        return t;
    });

    TopicBatchers(KafkaAdmins admins, int maxBatchSize, Duration linger, Duration timeout) {
        this.admins = admins;
        this.timeout = timeout;
        this.maxBatchSize = maxBatchSize;
        this.linger = linger;
        admins.onForget(this::forget);
    }

    /** Drops the batcher of a deleted cluster. */
    void forget(String namespace, String name) {
        batchers.remove(new Key(namespace, name));
    }

    /** The batcher of this cluster; a new one when the cluster's admin client was replaced. */
    TopicBatcher forCluster(KafkaCluster cluster) {
        Admin admin = admins.adminFor(cluster);
        Key key = new Key(
                cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
        return batchers.compute(
                key,
                (k, old) -> old != null && old.admin() == admin
                        ? old
                        : new TopicBatcher(admin, maxBatchSize, linger, timer, timeout));
    }
}
