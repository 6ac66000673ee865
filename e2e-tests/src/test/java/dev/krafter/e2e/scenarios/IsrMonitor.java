package dev.krafter.e2e.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;

/**
 * Samples a topic's ISRs with describeTopics every 500 ms on its own thread while a roll runs: the samples tell
 * whether any partition ever fell below min.insync.replicas, and when a restarted broker was back in every ISR.
 */
final class IsrMonitor extends PeriodicSampler {
    private static final Duration PERIOD = Duration.ofMillis(500);

    /** The ISR of every partition of the topic at one moment. */
    record Sample(
            Instant at, Map<Integer, Set<Integer>> isrByPartition, Map<Integer, Set<Integer>> replicasByPartition) {
        boolean inEveryIsr(int broker) {
            return replicasByPartition.entrySet().stream()
                    .filter(e -> e.getValue().contains(broker))
                    .allMatch(e -> isrByPartition.get(e.getKey()).contains(broker));
        }
    }

    private final Admin admin;
    private final String topic;
    private final int minIsr;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private IsrMonitor(Admin admin, String topic, int minIsr) {
        super("isr-monitor-" + topic, PERIOD);
        this.admin = admin;
        this.topic = topic;
        this.minIsr = minIsr;
    }

    static IsrMonitor start(Admin admin, String topic, int minIsr) {
        IsrMonitor monitor = new IsrMonitor(admin, topic, minIsr);
        monitor.startSampling();
        return monitor;
    }

    @Override
    protected void sample() throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(5, TimeUnit.SECONDS)
                .get(topic);
        Map<Integer, Set<Integer>> isr = new TreeMap<>();
        Map<Integer, Set<Integer>> replicas = new TreeMap<>();
        description.partitions().forEach(p -> {
            isr.put(p.partition(), p.isr().stream().map(Node::id).collect(Collectors.toSet()));
            replicas.put(p.partition(), p.replicas().stream().map(Node::id).collect(Collectors.toSet()));
        });
        samples.add(new Sample(Instant.now(), isr, replicas));
    }

    @Override
    protected void failed(Exception e) {
        failures.add(Instant.now() + ": " + e);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Failed samples (Kafka unreachable for a moment is expected while a broker restarts; a few are fine). */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Every sample in which a partition had fewer in-sync replicas than min.insync.replicas. */
    List<String> underMinIsr() {
        return samples.stream()
                .flatMap(s -> s.isrByPartition().entrySet().stream()
                        .filter(e -> e.getValue().size() < minIsr)
                        .map(e -> s.at() + " " + topic + "-" + e.getKey() + " ISR " + e.getValue()))
                .toList();
    }

    /**
     * How long after {@code deletedAt} broker {@code broker} was back in the ISR of every partition it replicates:
     * the first sample at which it was in every ISR again, after one at which it was out of some ISR.
     */
    Optional<Duration> backInIsr(int broker, Instant deletedAt) {
        boolean left = false;
        for (Sample sample : samples) {
            if (sample.at().isBefore(deletedAt)) {
                continue;
            }
            if (!sample.inEveryIsr(broker)) {
                left = true;
            } else if (left) {
                return Optional.of(Duration.between(deletedAt, sample.at()));
            }
        }
        return Optional.empty();
    }
}
