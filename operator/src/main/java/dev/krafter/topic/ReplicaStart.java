package dev.krafter.topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult.ReplicaLogDirInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionReplica;

/**
 * Kafka answers CreateTopics and CreatePartitions once its controller has committed them; each broker creates its
 * replicas when it applies that metadata, a moment later. An idempotent producer writing in between can have its first
 * batch refused by a broker that has not yet applied it, a later batch accepted, and the first then refused with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until it expires (KAFKA-15591, fixed in Kafka 4.5). So a Topic whose partitions were just
 * created is Ready only once every broker holding one of their in-sync replicas has created it. The tests wait the same
 * way before they write to a topic they created ({@code dev.krafter.testing.TopicReplicas}).
 */
public final class ReplicaStart {
    private ReplicaStart() {}

    /**
     * The in-sync replicas of every partition of the topic: the ones producers write to. A replica on a broker that is
     * down is not among them; waiting for it would keep the Topic from Ready until the broker is back.
     */
    public static List<TopicPartitionReplica> inSyncReplicas(TopicDescription description) {
        List<TopicPartitionReplica> replicas = new ArrayList<>();
        description
                .partitions()
                .forEach(p -> p.isr()
                        .forEach(broker -> replicas.add(
                                new TopicPartitionReplica(description.name(), p.partition(), broker.id()))));
        return replicas;
    }

    /** {@link #notYetCreated} from what {@code Admin.describeReplicaLogDirs} answered. */
    public static List<String> notYetCreatedIn(
            List<TopicPartitionReplica> replicas, Map<TopicPartitionReplica, ReplicaLogDirInfo> logDirs) {
        Map<TopicPartitionReplica, String> currentDirs = new HashMap<>();
        logDirs.forEach((replica, dir) -> currentDirs.put(replica, dir == null ? null : dir.getCurrentReplicaLogDir()));
        return notYetCreated(replicas, currentDirs);
    }

    /**
     * The replicas whose broker has no log directory for them yet, as "partition P on broker B", in input order.
     *
     * @param currentDirs each replica's current log directory as its broker reports it (absent or null: none yet)
     */
    public static List<String> notYetCreated(
            List<TopicPartitionReplica> replicas, Map<TopicPartitionReplica, String> currentDirs) {
        List<String> missing = new ArrayList<>();
        for (TopicPartitionReplica replica : replicas) {
            if (currentDirs.get(replica) == null) {
                missing.add("partition " + replica.partition() + " on broker " + replica.brokerId());
            }
        }
        return missing;
    }
}
