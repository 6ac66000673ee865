package dev.krafter.testing;

import static org.awaitility.Awaitility.await;

import dev.krafter.topic.ReplicaStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionReplica;

/**
 * Waits, as a Topic's Ready does ({@link ReplicaStart}), until every broker holding an in-sync replica of the topics has
 * created it, so a test's idempotent producer does not write into KAFKA-15591. Used by the operator's integration tests
 * and the end-to-end scenarios (from this module's test-jar).
 */
public final class TopicReplicas {
    private TopicReplicas() {}

    /** Returns once no in-sync replica of {@code topics} is missing its log directory; fails after {@code atMost}. */
    public static void awaitCreated(Admin admin, Collection<String> topics, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> notYetCreated(admin, topics).isEmpty());
    }

    private static List<String> notYetCreated(Admin admin, Collection<String> topics) throws Exception {
        Collection<TopicDescription> descriptions = admin.describeTopics(topics)
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .values();
        List<TopicPartitionReplica> replicas = new ArrayList<>();
        descriptions.forEach(description -> replicas.addAll(ReplicaStart.inSyncReplicas(description)));
        if (replicas.isEmpty()) {
            return List.of("no in-sync replica yet");
        }
        return ReplicaStart.notYetCreatedIn(
                replicas, admin.describeReplicaLogDirs(replicas).all().get(10, TimeUnit.SECONDS));
    }
}
