package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.operator.Resources;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator when a KafkaCluster is gone, so it releases what it holds for it (the cached Admin client and what
 * is built on it) without a finalizer. JOSDK 5.2 calls a {@code Cleaner} only through a finalizer (a Cleaner reconciler
 * always gets one), and a finalizer would block {@code kubectl delete} while the operator is down; without one, the
 * delete event reaches no reconciler code. So this event source watches the clusters (in the controller's namespaces)
 * for their deletion only: it never triggers a reconcile. A deletion missed while the operator was down needs no
 * release (a new process holds nothing); one missed while the watch was reconnecting arrives on the relist.
 */
final class ClusterDeletions extends InformerEventSource<KafkaCluster, KafkaCluster> {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDeletions.class);

    private final Consumer<KafkaCluster> release;

    ClusterDeletions(EventSourceContext<KafkaCluster> context, Consumer<KafkaCluster> release) {
        super(
                InformerEventSourceConfiguration.from(KafkaCluster.class, KafkaCluster.class)
                        .withName("kafkacluster-deletions")
                        .withOnAddFilter(cluster -> false)
                        .withOnUpdateFilter((updated, old) -> false)
                        .withOnDeleteFilter((cluster, finalStateUnknown) -> false)
                        .build(),
                context);
        this.release = release;
    }

    @Override
    public void onDelete(KafkaCluster cluster, boolean deletedFinalStateUnknown) {
        try {
            LOG.info(
                    "{}: deleted; releasing the operator's Kafka client and what is built on it",
                    Resources.ref(cluster));
            release.accept(cluster);
        } catch (RuntimeException e) {
            LOG.warn("{}: releasing after deletion failed: {}", Resources.ref(cluster), e.toString(), e);
        }
        super.onDelete(cluster, deletedFinalStateUnknown);
    }
}
