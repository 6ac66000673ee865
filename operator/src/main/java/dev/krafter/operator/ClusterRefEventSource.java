package dev.krafter.operator;

import dev.krafter.api.v1alpha1.ClusterRef;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.status.ClusterStall;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The KafkaCluster a resource names in {@code spec.clusterRef}, as a secondary resource from an informer: a cluster that
 * appears, changes generation, turns Ready or stops being Ready, turns Stalled or recovers (or its stall changes), starts
 * being deleted or is gone wakes every resource of its namespace that names it (see {@link #wakesReferrers}), and
 * {@code context.getSecondaryResource(KafkaCluster.class)} reads it from the cache. Topic, ConsumerGroup and KafkaUser
 * share it, so a resource applied before its cluster (kubectl apply -f dir/ goes alphabetically) starts as soon as the
 * cluster exists instead of at its next periodic reconcile.
 */
public final class ClusterRefEventSource {
    private ClusterRefEventSource() {}

    /** The event source for primaries of {@code kind}; {@code clusterRef} reads a primary's ref (null when none). */
    public static <P extends HasMetadata> InformerEventSource<KafkaCluster, P> of(
            Class<P> kind, EventSourceContext<P> context, Function<P, ClusterRef> clusterRef) {
        InformerEventSourceConfiguration<KafkaCluster> clusters = InformerEventSourceConfiguration.from(
                        KafkaCluster.class, kind)
                .withSecondaryToPrimaryMapper(cluster -> context.getPrimaryCache()
                        .list(
                                cluster.getMetadata().getNamespace(),
                                p -> cluster.getMetadata().getName().equals(name(clusterRef, p)))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .<P>withPrimaryToSecondaryMapper(p -> name(clusterRef, p) == null
                        ? Set.of()
                        : Set.of(new ResourceID(
                                name(clusterRef, p), p.getMetadata().getNamespace())))
                .withOnUpdateFilter(ClusterRefEventSource::wakesReferrers)
                .build();
        return new InformerEventSource<>(clusters, context);
    }

    /**
     * Whether a change of a KafkaCluster wakes the resources that name it: a new generation, the start of deletion, its
     * Ready status flipping (Kafka became reachable, or stopped being), or its stall appearing, changing or clearing.
     * Other status writes (progress figures, timestamps) do not.
     */
    static boolean wakesReferrers(KafkaCluster newCluster, KafkaCluster oldCluster) {
        return newCluster.isMarkedForDeletion() != oldCluster.isMarkedForDeletion()
                || !Objects.equals(
                        newCluster.getMetadata().getGeneration(),
                        oldCluster.getMetadata().getGeneration())
                || isReady(newCluster) != isReady(oldCluster)
                || !Objects.equals(ClusterStall.of(newCluster), ClusterStall.of(oldCluster));
    }

    /** Whether the cluster's Ready condition is True. */
    public static boolean isReady(KafkaCluster cluster) {
        return cluster.getStatus() != null
                && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.READY);
    }

    private static <P> String name(Function<P, ClusterRef> clusterRef, P primary) {
        ClusterRef ref = clusterRef.apply(primary);
        return ref == null ? null : ref.getName();
    }
}
