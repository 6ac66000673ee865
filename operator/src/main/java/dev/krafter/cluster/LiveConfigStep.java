package dev.krafter.cluster;

import dev.krafter.events.EventRecorder;
import dev.krafter.failure.KafkaFailures;
import dev.krafter.failure.SpecProblem;
import dev.krafter.kafka.ConfigValues;
import dev.krafter.roll.BrokerConfigs;
import dev.krafter.roll.ConfigPlan;
import dev.krafter.status.Reasons;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "live config": splits the desired broker config into what Kafka can change at run time and what needs a
 * restart, judged by Kafka's own describeConfigs ({@link BrokerConfigs#plan}), and applies the first live
 * (incrementalAlterConfigs, cluster-wide default). Only the read-only part feeds the pod-template hash. While Kafka is
 * away, the read-only keys it reported last (a broker ConfigMap annotation) keep the hash stable.
 */
final class LiveConfigStep {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConfigStep.class);
    /** Kafka applies altered config on every broker on its own time, with no event: read back soon. */
    static final Duration AFTER_LIVE_CHANGE = Duration.ofSeconds(2);

    /**
     * @param desired             the whole broker config the spec asks for (durability defaults as the cluster runs)
     * @param appliedLive         the dynamic config applied live so far (to record)
     * @param readOnlyKeys        the keys that need a restart
     * @param recordReadOnlyKeys  Kafka classified the keys now or before: record them
     * @param firstClassification Kafka classified the config for the first time of an existing cluster
     * @param refused             Kafka refused a live value: the Stalled message
     */
    record Result(
            Map<String, String> desired,
            Map<String, String> appliedLive,
            Set<String> readOnlyKeys,
            boolean recordReadOnlyKeys,
            boolean firstClassification,
            Optional<String> refused) {

        /** The read-only part of the desired config: what the pod-template hash covers. */
        Map<String, String> readOnly() {
            Map<String, String> readOnly = new TreeMap<>(desired);
            readOnly.keySet().retainAll(readOnlyKeys);
            return readOnly;
        }
    }

    private final EventRecorder events;
    private final Duration timeout;

    LiveConfigStep(EventRecorder events, Duration timeout) {
        this.events = events;
        this.timeout = timeout;
    }

    Result run(ClusterFacts facts, int brokerReplicas, ReconcileOutcome outcome) throws Exception {
        // Durability defaults keep what the brokers run with; a new cluster's are sized to its brokers.
        ObservedCluster observed = facts.observed();
        Map<String, String> running = observed.brokerConfig()
                .map(c -> c.getData() == null ? null : c.getData().get(KafkaNodeConfig.SERVER_PROPERTIES))
                .map(KafkaNodeConfig::parse)
                .orElse(Map.of());
        Map<String, String> desired = KafkaNodeConfig.desiredBrokerConfig(
                brokerReplicas,
                running,
                ConfigValues.toKafkaStrings(
                        facts.cluster().getSpec().getBrokers().getConfig()));
        Map<String, String> appliedLive = observed.brokerConfigAnnotation(BrokerConfigAnnotations.APPLIED_LIVE)
                .map(json -> BrokerConfigAnnotations.parseAppliedLive(json).orElseGet(() -> {
                    LOG.warn(
                            "{}: ignoring unreadable {} annotation", facts.ref(), BrokerConfigAnnotations.APPLIED_LIVE);
                    return Map.of();
                }))
                .orElse(Map.of());
        Optional<Set<String>> storedReadOnlyKeys = observed.brokerConfigAnnotation(
                        BrokerConfigAnnotations.READ_ONLY_KEYS)
                .map(BrokerConfigAnnotations::parseKeys);
        Optional<ConfigPlan> plan = plan(facts, desired, appliedLive);
        if (plan.isPresent() && plan.get().hasLiveChanges()) {
            Optional<String> refused = applyLive(facts, plan.get());
            if (refused.isPresent()) {
                return new Result(desired, appliedLive, Set.of(), false, false, refused);
            }
            appliedLive = plan.get().live();
            outcome.operation(
                    ClusterReasons.APPLYING_CONFIG,
                    "applied " + new TreeSet<>(plan.get().setLive().keySet())
                            + (plan.get().deleteLive().isEmpty()
                                    ? ""
                                    : ", removed " + new TreeSet<>(plan.get().deleteLive()))
                            + " live, without restart",
                    null);
            // Brokers take the change from the metadata log a moment later: confirm it then, not at the resync.
            outcome.lookAgainWithin(AFTER_LIVE_CHANGE);
        }
        Set<String> readOnlyKeys = plan.map(p -> p.readOnly().keySet()).orElse(storedReadOnlyKeys.orElse(Set.of()));
        boolean firstClassification = plan.isPresent() && storedReadOnlyKeys.isEmpty() && observed.created();
        return new Result(
                desired,
                appliedLive,
                readOnlyKeys,
                plan.isPresent() || storedReadOnlyKeys.isPresent(),
                firstClassification,
                Optional.empty());
    }

    private Optional<ConfigPlan> plan(ClusterFacts facts, Map<String, String> desired, Map<String, String> appliedLive)
            throws Exception {
        OptionalInt broker = facts.kafka()
                .configSource(
                        facts.topology(),
                        facts.observed().podsOf(facts.topology().brokerStatefulSet()));
        if (broker.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BrokerConfigs.plan(
                    desired,
                    appliedLive,
                    BrokerConfigs.describeBroker(facts.kafka().admin(), broker.getAsInt(), timeout)));
        } catch (TimeoutException | ExecutionException e) {
            if (e instanceof ExecutionException
                    && !(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                throw e;
            }
            // The broker went down after the snapshot: the config is planned on the next pass, and the status says
            // what is wrong instead of a failed reconcile.
            LOG.info(
                    "{}: broker {} did not answer describeConfigs within {}; config is planned on the next pass",
                    facts.ref(),
                    broker.getAsInt(),
                    timeout);
            return Optional.empty();
        }
    }

    /** Applies dynamic config live; a value Kafka refuses is returned as the Stalled message. */
    private Optional<String> applyLive(ClusterFacts facts, ConfigPlan plan) throws Exception {
        try {
            BrokerConfigs.applyLive(facts.kafka().admin(), plan, timeout);
            LOG.info(
                    "{}: applied broker config live: set {}, removed {}",
                    facts.ref(),
                    plan.setLive().keySet(),
                    plan.deleteLive());
            events.normal(
                    facts.cluster(),
                    ClusterReasons.APPLYING_CONFIG,
                    "applied live without restart: "
                            + new TreeSet<>(plan.setLive().keySet())
                            + (plan.deleteLive().isEmpty() ? "" : "; removed " + new TreeSet<>(plan.deleteLive())));
            return Optional.empty();
        } catch (ExecutionException e) {
            RuntimeException problem = KafkaFailures.classify(
                    e, Reasons.INVALID_SPEC, "apply spec.brokers.config " + new TreeMap<>(plan.setLive()) + " live");
            if (problem instanceof SpecProblem) {
                return Optional.of(problem.getMessage() + "; fix the value");
            }
            throw problem;
        }
    }
}
