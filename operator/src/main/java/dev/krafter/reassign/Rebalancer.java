package dev.krafter.reassign;

import dev.krafter.failure.SpecProblem;
import dev.krafter.status.Reasons;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Entry point for reconcilers: moves partitions so the cluster is balanced over the brokers it should use.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Call {@link #step} on every reconcile</b> while the operation lasts (scale-up: after the new brokers have
 *       registered; scale-down: before removing the drained brokers; Topic replication-factor change). Each call does
 *       what can be done now and returns at once; it never waits for data to copy. Requeue (e.g. after 10-30 s) until
 *       {@link RebalanceProgress#done()} is true.</li>
 *   <li><b>No state is kept in memory or in the CR:</b> each step reads partitions, in-flight reassignments and
 *       throttles from Kafka, so after an operator restart the next step carries on. Pass the total reported by the
 *       previous step as {@link RebalanceRequest#knownTotalMoves()} (e.g. parsed from {@code status.operation.progress})
 *       so "moved/total" keeps counting across restarts; pass 0 when starting.</li>
 *   <li><b>Status:</b> while not done, set condition {@code Reconciling=True} reason {@code Rebalancing},
 *       {@code status.operation.type=Rebalancing}, {@code status.operation.progress=}{@link RebalanceProgress#progress()},
 *       {@code status.operation.phase=}{@link RebalanceProgress#phase()} and
 *       {@code status.operation.throttleBytesPerSecond=}{@link RebalanceProgress#throttleBytesPerSecond()}; for a
 *       Topic, {@code status.reassignment=}{@link RebalanceProgress#toReassignmentProgress()}.</li>
 *   <li><b>Done</b> means: every partition in scope has its target replication factor on the wanted brokers (none on
 *       drained ones), replicas and preferred leaders are balanced, throttles are removed and a preferred leader
 *       election was run. A drained broker then holds no replica of a topic in scope and may be removed.</li>
 *   <li><b>Changed mind</b> (e.g. a scale-up reverted before it finished): call {@link #cancel} with the old request's
 *       scope, then {@link #step} with the new request; replicas already moved are moved back only if the new wish
 *       requires it.</li>
 *   <li><b>Drained brokers are cordoned</b> ({@code cordoned.log.dirs=*}, KIP-1066) by the first step, so no new
 *       replica lands on them while they empty; they stay cordoned until removed, or until {@link #cancel} or
 *       {@link #uncordon} gives them back.</li>
 *   <li><b>Errors:</b> a request that cannot be met (replication factor above the usable brokers, racks too small,
 *       unknown topic, half the brokers with a rack) throws {@link SpecProblem} (reason {@code CannotPlaceReplicas})
 *       whose message says what to change: report it as {@code Stalled}. Kafka failures are sorted by
 *       {@link dev.krafter.failure.KafkaFailures}: a {@link dev.krafter.failure.TransientProblem} (retry) or, when
 *       Kafka refuses, a {@link SpecProblem}.</li>
 *   <li><b>Timeout:</b> every Kafka call waits at most the {@code timeout} passed in (the operator's
 *       KRAFTER_ADMIN_TIMEOUT).</li>
 *   <li>Throttles follow Kafka's reassignment tool: {@code leader/follower.replication.throttled.rate} on the brokers
 *       sending or receiving, {@code leader/follower.replication.throttled.replicas} on the topics moving; only moving
 *       replicas are slowed. They are removed when done (broker rates only once no other reassignment is in flight).</li>
 * </ul>
 */
public final class Rebalancer {
    private Rebalancer() {}

    /** One step of the rebalance; {@code admin} stays open and owned by the caller. */
    public static RebalanceProgress step(Admin admin, Duration timeout, RebalanceRequest request) {
        return refusingAsSpecProblem(() -> executor(admin, timeout).step(request));
    }

    /**
     * The work a step would still do, without doing it. The planner aims at perfect balance, so on a cluster where
     * topics were created by Kafka's own placement there is usually something to gain: call {@link #step} for
     * operations (scaling, drain, replication-factor change), not merely because this plan is not empty.
     */
    public static ReassignmentPlan pendingWork(Admin admin, Duration timeout, RebalanceRequest request) {
        return refusingAsSpecProblem(() -> executor(admin, timeout).plan(request));
    }

    /**
     * The brokers registered in the cluster that may take new replicas, with their racks, for a Topic's
     * replication-factor change: brokers being drained (cordoned) are left out.
     */
    public static List<BrokerInfo> registeredBrokers(Admin admin, Duration timeout) {
        return executor(admin, timeout).usableBrokers();
    }

    /** The brokers among {@code brokers} (running ones) that are cordoned. */
    public static java.util.Set<Integer> cordoned(Admin admin, Duration timeout, java.util.Set<Integer> brokers) {
        return Cordons.cordoned(new KafkaReassignmentAdmin(admin, timeout).brokerConfigs(brokers, Cordons.CONFIGS));
    }

    /** Removes the drain's cordon from the given brokers, if they have one (they are running). */
    public static void uncordon(Admin admin, Duration timeout, String resource, java.util.Set<Integer> brokers) {
        executor(admin, timeout).uncordon(resource, brokers);
    }

    /** Cancels the request's in-flight reassignments and removes its throttles. */
    public static RebalanceProgress cancel(Admin admin, Duration timeout, RebalanceRequest request) {
        return executor(admin, timeout).cancel(request);
    }

    private static ReassignmentExecutor executor(Admin admin, Duration timeout) {
        return new ReassignmentExecutor(new KafkaReassignmentAdmin(admin, timeout));
    }

    /** The planner's refusal (IllegalArgumentException, saying what to change) as the problem a reconciler reports. */
    private static <T> T refusingAsSpecProblem(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw new SpecProblem(Reasons.CANNOT_PLACE_REPLICAS, e.getMessage(), e);
        }
    }
}
