package dev.krafter.roll;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Snapshots of a running test cluster, read until they show what a test waits for. */
final class LiveSnapshots {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private LiveSnapshots() {}

    /** The first snapshot that satisfies {@code condition}; the last one read is in the failure when none does. */
    static KafkaSnapshot await(Admin admin, Duration atMost, Predicate<KafkaSnapshot> condition) {
        AtomicReference<KafkaSnapshot> last = new AtomicReference<>();
        try {
            Awaitility.await()
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        KafkaSnapshot snapshot = KafkaSnapshot.read(admin, READ_TIMEOUT);
                        last.set(snapshot);
                        return condition.test(snapshot);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("last snapshot: " + last.get(), e);
        }
        return last.get();
    }
}
