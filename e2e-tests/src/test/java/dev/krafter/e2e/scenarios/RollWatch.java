package dev.krafter.e2e.scenarios;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a cluster through a roll the way a user with {@code kubectl get -w} would, polling the API every 250 ms:
 * which pods were deleted in which order (the moment each pod first showed a deletionTimestamp) and every distinct
 * (Reconciling reason, operation progress) the KafkaCluster's status went through.
 */
final class RollWatch extends PeriodicSampler {
    private static final Logger LOG = LoggerFactory.getLogger(RollWatch.class);
    private static final Duration PERIOD = Duration.ofMillis(250);

    /** A pod the test saw terminating: its name and when the test first saw it so. */
    record Deletion(String pod, Instant at) {}

    /**
     * One status the KafkaCluster showed while reconciling: the Reconciling reason, operation type, progress, phase, how
     * many pods the roll had in flight and its estimated completion.
     */
    record StatusSeen(
            String reconcilingReason,
            String operationType,
            String progress,
            String phase,
            int restarting,
            String estimatedCompletionAt) {}

    private final TestCluster cluster;
    private final String namespace;
    private final String name;
    private final List<Deletion> deletions = new CopyOnWriteArrayList<>();
    private final Set<String> deletedUids = new HashSet<>();
    private final Set<StatusSeen> statuses = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

    private RollWatch(TestCluster cluster, String namespace, String name) {
        super("roll-watch-" + namespace + "-" + name, PERIOD);
        this.cluster = cluster;
        this.namespace = namespace;
        this.name = name;
    }

    static RollWatch start(TestCluster cluster, String namespace, String name) {
        RollWatch watch = new RollWatch(cluster, namespace, name);
        watch.sample();
        watch.startSampling();
        return watch;
    }

    List<Deletion> deletions() {
        return List.copyOf(deletions);
    }

    List<String> deletedPods() {
        return deletions.stream().map(Deletion::pod).toList();
    }

    List<StatusSeen> statuses() {
        synchronized (statuses) {
            return new ArrayList<>(statuses);
        }
    }

    @Override
    protected void failed(Exception e) {
        LOG.debug("{}/{}: poll failed: {}", namespace, name, e.getMessage());
    }

    @Override
    protected void sample() {
        Instant now = Instant.now();
        for (Pod pod : cluster.client()
                .pods()
                .inNamespace(namespace)
                .withLabel(ClusterLabels.CLUSTER, name)
                .list()
                .getItems()) {
            if (pod.getMetadata().getDeletionTimestamp() != null
                    && deletedUids.add(pod.getMetadata().getUid())) {
                deletions.add(new Deletion(pod.getMetadata().getName(), now));
                LOG.info(
                        "{}/{}: pod {} deleted",
                        namespace,
                        name,
                        pod.getMetadata().getName());
            }
        }
        KafkaCluster resource = cluster.client()
                .resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (resource != null && resource.getStatus() != null) {
            String reason = ScenarioSupport.condition(resource, Conditions.RECONCILING)
                    .filter(c -> "True".equals(c.getStatus()))
                    .map(c -> c.getReason())
                    .orElse(null);
            OperationStatus op = resource.getStatus().getOperation();
            if (reason != null || op != null) {
                statuses.add(new StatusSeen(
                        reason,
                        op == null ? null : op.getType(),
                        op == null ? null : op.getProgress(),
                        op == null ? null : op.getPhase(),
                        op == null || op.getRestarting() == null
                                ? 0
                                : op.getRestarting().size(),
                        op == null ? null : op.getEstimatedCompletionAt()));
            }
        }
    }
}
