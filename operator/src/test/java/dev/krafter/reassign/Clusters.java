package dev.krafter.reassign;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/** Builds starting assignments for planner tests and benchmarks. */
final class Clusters {
    private Clusters() {}

    static List<BrokerInfo> brokers(int count) {
        return IntStream.range(0, count).mapToObj(BrokerInfo::of).toList();
    }

    static List<BrokerInfo> brokersOnRacks(int count, int racks) {
        return IntStream.range(0, count)
                .mapToObj(id -> BrokerInfo.of(id, "rack-" + (id % racks)))
                .toList();
    }

    /**
     * Round-robin placement in the manner of Kafka's classic topic creation (first replicas round-robin from a
     * per-topic start, followers at a shift that grows every full round), with deterministic start and shift.
     */
    static Assignment roundRobin(int topics, int partitions, int replicationFactor, List<Integer> brokerIds) {
        int n = brokerIds.size();
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        for (int t = 0; t < topics; t++) {
            int start = t % n;
            int shift = (t * 7) % n;
            for (int p = 0; p < partitions; p++) {
                if (p > 0 && p % n == 0) {
                    shift++;
                }
                int first = (p + start) % n;
                List<Integer> list = new ArrayList<>();
                list.add(brokerIds.get(first));
                for (int j = 0; j < replicationFactor - 1; j++) {
                    int step = 1 + (shift + j) % (n - 1);
                    list.add(brokerIds.get((first + step) % n));
                }
                replicas.put(new TopicPartition(topicName(t), p), list);
            }
        }
        return Assignment.of(replicas);
    }

    /** Each partition on random distinct brokers: an arbitrary, usually unbalanced start. */
    static Assignment random(Random random, int topics, int maxPartitions, int maxRf, List<Integer> brokerIds) {
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        for (int t = 0; t < topics; t++) {
            int partitions = 1 + random.nextInt(maxPartitions);
            int rf = 1 + random.nextInt(Math.min(maxRf, brokerIds.size()));
            for (int p = 0; p < partitions; p++) {
                List<Integer> shuffled = new ArrayList<>(brokerIds);
                Collections.shuffle(shuffled, random);
                replicas.put(new TopicPartition(topicName(t), p), shuffled.subList(0, rf));
            }
        }
        return Assignment.of(replicas);
    }

    static String topicName(int index) {
        return String.format("topic-%02d", index);
    }
}
