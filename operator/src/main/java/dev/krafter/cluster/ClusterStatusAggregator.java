package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.BrokersStatus;
import dev.krafter.api.v1alpha1.ControllersStatus;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.PartitionHealth;
import dev.krafter.api.v1alpha1.PodProblem;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.NodeState;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The one place a KafkaCluster's status is computed: from the pods, from Kafka and from the step the reconcile took.
 * Pure: writes into the status object it is given and returns the {@link Health} for the conditions.
 */
public final class ClusterStatusAggregator {
    private ClusterStatusAggregator() {}

    /** What the reconcile saw and did. */
    public record Inputs(
            ClusterTopology topology,
            String desiredVersion,
            String desiredImage,
            List<NodeState> nodes,
            List<Pod> pods,
            Optional<KafkaSnapshot> snapshot,
            String kafkaProblem,
            Optional<OperationStatus> operation,
            Optional<Health> stalled,
            boolean everReady,
            PodDiagnosis podDiagnosis) {}

    /** The node pods' problems ({@link PodProblems}), and after how long at {@code now} one stalls the cluster. */
    public record PodDiagnosis(List<PodProblems.Problem> problems, Duration stallAfter, Instant now) {
        public static PodDiagnosis none(Instant now) {
            return new PodDiagnosis(List.of(), Duration.ofMinutes(5), now);
        }
    }

    public static Health aggregate(KafkaClusterStatus status, Inputs in) {
        ClusterTopology topology = in.topology();
        status.setBootstrapServers(topology.bootstrapServers());
        status.setKafkaVersion(runningVersion(in.pods(), in.desiredImage(), in.desiredVersion())
                .orElse(null));

        BrokersStatus brokers = new BrokersStatus();
        brokers.setDesired(topology.brokers());
        brokers.setSelector(ClusterLabels.brokerSelectorString(topology.cluster()));
        Set<Integer> readyPods = in.nodes().stream()
                .filter(n -> n.broker() && n.podReady())
                .map(NodeState::nodeId)
                .collect(Collectors.toSet());
        in.snapshot()
                .ifPresentOrElse(
                        snapshot -> {
                            brokers.setIds(snapshot.registeredBrokers().stream()
                                    .sorted()
                                    .toList());
                            brokers.setReady((int) readyPods.stream()
                                    .filter(snapshot::registeredAndUnfenced)
                                    .count());
                            ControllersStatus controllers = new ControllersStatus();
                            controllers.setReplicas(topology.controllers());
                            controllers.setQuorumLeader(
                                    snapshot.quorumLeader().isPresent()
                                            ? snapshot.quorumLeader().getAsInt()
                                            : null);
                            controllers.setVoters(
                                    snapshot.voters().stream().sorted().toList());
                            status.setControllers(controllers);
                            status.setPartitions(new PartitionHealth(
                                    snapshot.underReplicated(), snapshot.underMinIsr(), snapshot.offline()));
                            status.setMetadataVersion(snapshot.metadataVersion());
                        },
                        () -> {
                            // Without Kafka, keep the last known Kafka facts but do not claim brokers are ready.
                            brokers.setIds(
                                    status.getBrokers() == null
                                            ? List.of()
                                            : status.getBrokers().getIds());
                            brokers.setReady(0);
                        });
        status.setBrokers(brokers);
        if (status.getControllers() == null) {
            status.setControllers(new ControllersStatus());
        }
        status.getControllers().setReplicas(topology.controllers());
        status.setOperation(in.operation().orElse(null));
        List<PodProblems.Problem> problems = in.podDiagnosis().problems();
        status.setPodProblems(
                problems.isEmpty()
                        ? null
                        : problems.stream()
                                .map(ClusterStatusAggregator::toStatus)
                                .toList());

        if (in.stalled().isPresent()) {
            return in.stalled().get();
        }
        Optional<PodProblems.Problem> lasting = PodProblems.lastingLongerThan(
                problems, in.podDiagnosis().stallAfter(), in.podDiagnosis().now());
        if (lasting.isPresent()) {
            PodProblems.Problem p = lasting.get();
            return Health.stalled(
                    p.reason(),
                    "pod " + p.pod() + ": " + p.message() + " (since "
                            + p.since().orElseThrow() + ", longer than "
                            + in.podDiagnosis().stallAfter().toSeconds() + "s)"
                            + more(problems.size() - 1));
        }
        return withPodProblems(progress(in, topology, readyPods), problems);
    }

    private static Health progress(Inputs in, ClusterTopology topology, Set<Integer> readyPods) {
        if (in.operation().isPresent()) {
            OperationStatus op = in.operation().get();
            return Health.progressing(op.getType(), op.getPhase());
        }
        if (in.snapshot().isEmpty()) {
            return in.everReady()
                    ? Health.progressing(Reasons.KAFKA_UNREACHABLE, in.kafkaProblem())
                    : Health.progressing(ClusterReasons.CREATING, "waiting for Kafka: " + in.kafkaProblem());
        }
        Optional<String> notReady = notReady(topology, in.snapshot().get(), readyPods);
        if (notReady.isEmpty()) {
            return Health.ready(
                    Reasons.READY,
                    topology.brokers() + " broker(s) ready, "
                            + in.snapshot().get().partitions().size() + " partition(s) healthy");
        }
        return Health.progressing(in.everReady() ? ClusterReasons.DEGRADED : ClusterReasons.CREATING, notReady.get());
    }

    /** A not-Ready message names the first pod problem as Kubernetes reports it; status.podProblems lists them all. */
    static Health withPodProblems(Health health, List<PodProblems.Problem> problems) {
        if (problems.isEmpty() || health.isReady()) {
            return health;
        }
        PodProblems.Problem first = problems.get(0);
        return new Health(
                health.state(),
                health.reason(),
                health.message() + "; pod " + first.pod() + " " + first.reason() + ": " + first.message()
                        + more(problems.size() - 1));
    }

    private static String more(int others) {
        return others == 0 ? "" : " (and " + others + " more pod problem(s) in status.podProblems)";
    }

    private static PodProblem toStatus(PodProblems.Problem problem) {
        return new PodProblem(
                problem.pod(),
                problem.reason(),
                problem.message(),
                problem.since().map(Instant::toString).orElse(null));
    }

    /**
     * Why the cluster is not Ready: a desired broker not registered, fenced or its pod not ready; a partition offline or
     * under min ISR. Empty when Ready.
     */
    static Optional<String> notReady(ClusterTopology topology, KafkaSnapshot snapshot, Set<Integer> readyPods) {
        Set<Integer> missing = new TreeSet<>();
        for (int id : topology.brokerIds()) {
            if (!snapshot.registeredAndUnfenced(id) || !readyPods.contains(id)) {
                missing.add(id);
            }
        }
        StringBuilder why = new StringBuilder();
        if (!missing.isEmpty()) {
            why.append("broker(s) ").append(missing).append(" not registered, fenced or not ready");
        }
        if (snapshot.offline() > 0) {
            append(why, snapshot.offline() + " partition(s) offline");
        }
        if (snapshot.underMinIsr() > 0) {
            append(why, snapshot.underMinIsr() + " partition(s) under min.insync.replicas");
        }
        if (snapshot.quorumLeader().isEmpty()) {
            append(why, "the KRaft quorum has no leader");
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(why.toString());
    }

    private static void append(StringBuilder text, String part) {
        if (!text.isEmpty()) {
            text.append("; ");
        }
        text.append(part);
    }

    /**
     * The cluster has been Ready at some point (Ready now, or Reconciling for a reason other than its creation), so a
     * broker down is Degraded rather than still Creating.
     */
    static boolean everReady(KafkaClusterStatus status) {
        if (Conditions.isTrue(status.getConditions(), Conditions.READY)) {
            return true;
        }
        return Conditions.find(status.getConditions(), Conditions.RECONCILING)
                .map(c -> c.getReason() != null
                        && !ClusterReasons.CREATING.equals(c.getReason())
                        && !Reasons.NOT_APPLICABLE.equals(c.getReason()))
                .orElse(false);
    }

    static String imageTag(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    /**
     * The Kafka version every pod runs; empty while they run different images (during an upgrade). Pods on the desired
     * image run spec.version, whatever the image's tag (spec.image may name any tag); pods all on another image run
     * the version in its tag when the tag is one, else the version is unknown.
     */
    static Optional<String> runningVersion(List<Pod> pods, String desiredImage, String desiredVersion) {
        Set<String> images = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(ClusterObjects::kafkaImage)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        if (images.size() != 1) {
            return Optional.empty();
        }
        String image = images.iterator().next();
        if (image.equals(desiredImage)) {
            return Optional.of(desiredVersion);
        }
        return Optional.of(imageTag(image)).filter(tag -> tag.matches("[0-9]+\\.[0-9]+\\.[0-9]+"));
    }
}
