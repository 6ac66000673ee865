package dev.krafter.roll;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/** Samples partition health from its own admin client while the roll runs. */
final class UnderMinIsrWatcher implements AutoCloseable {
    private final Admin watcherAdmin;
    private final Set<TopicPartition> seen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** Takes over {@code watcherAdmin} (closed with the watcher). */
    UnderMinIsrWatcher(Admin watcherAdmin, Duration timeout) {
        this.watcherAdmin = watcherAdmin;
        thread = new Thread(
                () -> {
                    while (running.get()) {
                        try {
                            KafkaSnapshot.read(watcherAdmin, timeout)
                                    .partitions()
                                    .forEach((partition, state) -> {
                                        if (state.underMinIsr()) {
                                            seen.add(partition);
                                        }
                                    });
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // a broker restarting may time a read out: the next sample counts
                        }
                    }
                },
                "under-min-isr-watcher");
        thread.start();
    }

    Set<TopicPartition> stop() throws InterruptedException {
        running.set(false);
        thread.join();
        return seen;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        watcherAdmin.close();
    }
}
