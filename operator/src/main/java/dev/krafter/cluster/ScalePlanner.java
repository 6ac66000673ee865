package dev.krafter.cluster;

import dev.krafter.kafka.TopicPartitions;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.PartitionState;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides the next scaling step from the spec, the broker StatefulSet and Kafka. Stateless: after an operator restart
 * the same inputs give the same step.
 *
 * <p>Up: raise the StatefulSet, wait until every new broker is registered and unfenced, then rebalance (when enabled).
 * Down: while the brokers to remove host replicas, drain them (rebalance on) or refuse (rebalance off); once empty,
 * finish the drain (rebalance on: the rebalancer's last step removes the replication throttles and elects preferred
 * leaders), lower the StatefulSet; once their pods are gone, unregister their ids from KRaft, unless Kafka lists them
 * as replicas again (then nothing is removed and the step is {@link Action#BLOCKED}).
 */
public final class ScalePlanner {
    public enum Action {
        /** Nothing to do. */
        STEADY,
        /** Raise the StatefulSet to {@link ScaleStep#brokerReplicas()}. */
        GROW,
        /** New brokers are starting; wait until they are registered and unfenced. */
        WAIT_FOR_NEW_BROKERS,
        /** Rebalance partitions over all brokers (after a scale-up). */
        REBALANCE,
        /** Move every replica off {@link ScaleStep#brokers()} before they are removed. */
        DRAIN,
        /**
         * {@link ScaleStep#brokers()} host nothing any more, but the drain's last rebalancer step (replication throttles
         * removed, preferred leaders elected) must report done before they go: the last moves may have finished since
         * the previous reconcile. Once it is done, {@link #shrink}.
         */
        FINISH_DRAIN,
        /** Lower the StatefulSet to {@link ScaleStep#brokerReplicas()}. */
        SHRINK,
        /** Removed brokers' pods are still stopping. */
        WAIT_FOR_REMOVAL,
        /** Unregister {@link ScaleStep#brokers()} from KRaft: their pods are gone. */
        UNREGISTER,
        /** Cannot proceed without a spec change; {@link ScaleStep#message()} says why. */
        BLOCKED,
        /** Kafka must be reachable to decide. */
        NEED_KAFKA
    }

    public record ScaleStep(Action action, int brokerReplicas, Set<Integer> brokers, String message) {
        public ScaleStep {
            brokers = Set.copyOf(brokers);
        }
    }

    private ScalePlanner() {}

    /**
     * @param desired spec.brokers.replicas
     * @param current replicas of the broker StatefulSet (0 before creation)
     * @param snapshot Kafka now, empty when unreachable
     * @param rebalanceEnabled spec.rebalance.enabled
     * @param scaleUpPending a scale-up was started and its rebalance has not finished (from status.operation)
     * @param brokerPodOrdinals ordinals of the broker pods that exist
     */
    public static ScaleStep decide(
            int desired,
            int current,
            Optional<KafkaSnapshot> snapshot,
            boolean rebalanceEnabled,
            boolean scaleUpPending,
            Set<Integer> brokerPodOrdinals) {
        if (desired > current) {
            return new ScaleStep(
                    Action.GROW, desired, range(current, desired), "adding broker(s) " + range(current, desired));
        }
        if (desired < current) {
            Set<Integer> removed = range(desired, current);
            if (snapshot.isEmpty()) {
                return new ScaleStep(
                        Action.NEED_KAFKA,
                        current,
                        removed,
                        "waiting for Kafka to check what broker(s) " + removed + " still host");
            }
            long hosted = replicasOn(snapshot.get(), removed);
            if (hosted > 0) {
                if (!rebalanceEnabled) {
                    return new ScaleStep(
                            Action.BLOCKED,
                            current,
                            removed,
                            "cannot remove broker(s) " + removed + ": they host "
                                    + hosted
                                    + " partition replica(s) and spec.rebalance.enabled is false. Enable rebalancing so"
                                    + " they are drained first, move the replicas off yourself, or restore spec.brokers.replicas to "
                                    + current);
                }
                return new ScaleStep(
                        Action.DRAIN,
                        current,
                        removed,
                        "draining broker(s) " + removed + ": " + hosted + " replica(s) to move");
            }
            if (rebalanceEnabled) {
                return new ScaleStep(
                        Action.FINISH_DRAIN, current, removed, "finishing the drain of broker(s) " + removed);
            }
            return shrink(desired, removed);
        }
        if (snapshot.isPresent()) {
            Set<Integer> stale = snapshot.get().registeredBrokers().stream()
                    .filter(id -> id >= desired && id < ClusterTopology.CONTROLLER_NODE_ID_OFFSET)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!stale.isEmpty()) {
                Set<Integer> stopping =
                        stale.stream().filter(brokerPodOrdinals::contains).collect(Collectors.toSet());
                if (!stopping.isEmpty()) {
                    return new ScaleStep(
                            Action.WAIT_FOR_REMOVAL,
                            current,
                            stopping,
                            "waiting for the pods of removed broker(s) " + new TreeSet<>(stopping) + " to stop");
                }
                Optional<String> hosting = stillHosting(snapshot.get(), stale);
                if (hosting.isPresent()) {
                    return new ScaleStep(Action.BLOCKED, current, stale, hosting.get());
                }
                return new ScaleStep(Action.UNREGISTER, current, stale, "unregistering removed broker(s) " + stale);
            }
        }
        if (scaleUpPending) {
            if (snapshot.isEmpty()) {
                return new ScaleStep(Action.NEED_KAFKA, current, Set.of(), "waiting for Kafka to be reachable");
            }
            Set<Integer> missing = IntStream.range(0, desired)
                    .boxed()
                    .filter(id -> !snapshot.get().registeredAndUnfenced(id))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                return new ScaleStep(
                        Action.WAIT_FOR_NEW_BROKERS,
                        current,
                        missing,
                        "waiting for broker(s) " + missing + " to register");
            }
            if (rebalanceEnabled) {
                return new ScaleStep(
                        Action.REBALANCE, current, Set.of(), "rebalancing partitions over " + desired + " brokers");
            }
        }
        return new ScaleStep(Action.STEADY, current, Set.of(), "");
    }

    /** Lower the StatefulSet to {@code desired}, removing the (empty) brokers {@code removed}. */
    public static ScaleStep shrink(int desired, Set<Integer> removed) {
        return new ScaleStep(Action.SHRINK, desired, removed, "removing broker(s) " + new TreeSet<>(removed));
    }

    /**
     * Why removed brokers whose pods are gone must not be unregistered (nor their claims deleted): Kafka still lists
     * them as replicas of these partitions (placed there after the drain), whose only copy may be on their volumes.
     * Empty when they host nothing.
     */
    public static Optional<String> stillHosting(KafkaSnapshot snapshot, Set<Integer> removed) {
        List<TopicPartition> hosted = snapshot.partitions().entrySet().stream()
                .filter(e -> e.getValue().replicas().stream().anyMatch(removed::contains))
                .map(Map.Entry::getKey)
                .sorted(TopicPartitions.ORDER)
                .toList();
        if (hosted.isEmpty()) {
            return Optional.empty();
        }
        String shown = hosted.stream().limit(10).map(TopicPartition::toString).collect(Collectors.joining(", "))
                + (hosted.size() > 10 ? " and " + (hosted.size() - 10) + " more" : "");
        return Optional.of("not unregistering removed broker(s) " + new TreeSet<>(removed)
                + " nor deleting their claims:"
                + " Kafka still lists them as replicas of " + hosted.size() + " partition(s): " + shown + ". Raise"
                + " spec.brokers.replicas to " + (Collections.max(removed) + 1) + " so they start again on their"
                + " volumes and are drained, then lower it");
    }

    /** How many replicas the given brokers hold. */
    public static long replicasOn(KafkaSnapshot snapshot, Set<Integer> brokers) {
        long count = 0;
        for (PartitionState partition : snapshot.partitions().values()) {
            count += partition.replicas().stream().filter(brokers::contains).count();
        }
        return count;
    }

    static Set<Integer> range(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
