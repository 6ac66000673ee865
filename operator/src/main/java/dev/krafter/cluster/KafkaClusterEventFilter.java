package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.operator.Resources;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a KafkaCluster start a reconcile: a spec change (generation), a new {@code krafter.dev/restart}
 * annotation value, pausing or resuming ({@code krafter.dev/paused}) and the start of deletion. Status writes alone do not, so the operator's own status patches cause no extra work. JOSDK's
 * generation-aware filtering would drop the annotation change (metadata does not bump the generation), leaving the
 * requested restart to the next periodic resync.
 */
public final class KafkaClusterEventFilter implements OnUpdateFilter<KafkaCluster> {
    @Override
    public boolean accept(KafkaCluster newCluster, KafkaCluster oldCluster) {
        Long oldGeneration = oldCluster.getMetadata().getGeneration();
        Long newGeneration = newCluster.getMetadata().getGeneration();
        return oldGeneration == null
                || newGeneration == null
                || newGeneration > oldGeneration
                || !Objects.equals(restartToken(newCluster), restartToken(oldCluster))
                || Resources.isPaused(newCluster) != Resources.isPaused(oldCluster)
                || newCluster.isMarkedForDeletion() != oldCluster.isMarkedForDeletion();
    }

    private static String restartToken(KafkaCluster cluster) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ApiGroup.RESTART_ANNOTATION);
    }
}
