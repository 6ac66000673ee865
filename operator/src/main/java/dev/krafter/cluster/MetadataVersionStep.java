package dev.krafter.cluster;

import dev.krafter.events.EventRecorder;
import dev.krafter.roll.NodeState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "metadata.version": once every node runs the desired release (no pod outdated, every pod ready on the desired
 * image), raises the finalized metadata.version to the highest level the nodes support ({@link MetadataVersionUpgrade});
 * once it is there, records the release as the downgrade floor (a broker ConfigMap annotation read by
 * {@link ClusterGuards#unsafeDowngrade}). Runs only when no other operation is under way.
 */
final class MetadataVersionStep {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataVersionStep.class);
    /** The finalized level propagates through the quorum with no event: read back soon to record the release. */
    static final Duration AFTER_RAISE = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Duration timeout;

    MetadataVersionStep(KubernetesClient client, EventRecorder events, Duration timeout) {
        this.client = client;
        this.events = events;
        this.timeout = timeout;
    }

    void run(
            ClusterFacts facts,
            ClusterChildren children,
            List<NodeState> nodes,
            ApplyObjectsStep.Applied applied,
            ReconcileOutcome outcome)
            throws Exception {
        if (facts.kafka().snapshot().isEmpty() || nodes.isEmpty()) {
            return;
        }
        boolean everyNodeCurrent = nodes.stream().noneMatch(NodeState::outdated)
                && nodes.stream().allMatch(NodeState::podReady)
                && applied.objects().pods().stream()
                        .allMatch(p -> applied.image().equals(ClusterObjects.kafkaImage(p)));
        Optional<MetadataVersionUpgrade.Levels> levels =
                MetadataVersionUpgrade.read(facts.kafka().admin(), timeout);
        if (levels.isEmpty()) {
            return;
        }
        boolean held = Boolean.TRUE.equals(facts.cluster().getSpec().getHoldMetadataVersion());
        Optional<Short> target = MetadataVersionUpgrade.raiseTo(levels.get(), everyNodeCurrent, held);
        if (held
                && everyNodeCurrent
                && levels.get().supportedMax() > levels.get().finalized()) {
            LOG.debug(
                    "{}: metadata.version held at level {} (the nodes support {}): spec.holdMetadataVersion is true",
                    facts.ref(),
                    levels.get().finalized(),
                    levels.get().supportedMax());
        }
        if (target.isPresent()) {
            MetadataVersionUpgrade.raise(facts.kafka().admin(), target.get(), timeout);
            String message =
                    "raised metadata.version from level " + levels.get().finalized() + " to " + target.get();
            LOG.info("{}: {}", facts.ref(), message);
            events.normal(facts.cluster(), ClusterReasons.UPGRADING, message);
            outcome.operation(ClusterReasons.UPGRADING, message, null);
            outcome.lookAgainWithin(AFTER_RAISE);
        } else if (everyNodeCurrent && levels.get().finalized() == levels.get().supportedMax()) {
            recordRelease(facts, children);
        }
    }

    /** Records the release on the broker ConfigMap, and hands the result to its informer for the next pass. */
    private void recordRelease(ClusterFacts facts, ClusterChildren children) {
        String version = facts.cluster().getSpec().getVersion();
        Optional<String> recorded = facts.observed().brokerConfigAnnotation(BrokerConfigAnnotations.METADATA_RELEASE);
        if (recorded.isPresent() && ClusterGuards.compareMinor(version, recorded.get()) <= 0) {
            return;
        }
        String name = ClusterNames.brokerConfig(facts.topology().cluster());
        Optional<ConfigMap> before = children.get(ConfigMap.class, name);
        ConfigMap edited = client.configMaps()
                .inNamespace(facts.namespace())
                .withName(name)
                .edit(cm -> {
                    cm.getMetadata().getAnnotations().put(BrokerConfigAnnotations.METADATA_RELEASE, version);
                    return cm;
                });
        before.ifPresent(previous -> children.updated(edited, previous));
    }
}
