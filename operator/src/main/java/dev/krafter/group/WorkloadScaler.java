package dev.krafter.group;

import dev.krafter.api.v1alpha1.ScaleTargetRef;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Reads and sets the replicas of the Deployment or StatefulSet a ConsumerGroup scales, through its scale subresource. */
public final class WorkloadScaler {
    /** The target as found: its spec.replicas and its metadata (for {@link ScaleTargetPolicy}). */
    public record Workload(int replicas, ObjectMeta metadata) {}

    private final KubernetesClient client;

    public WorkloadScaler(KubernetesClient client) {
        this.client = client;
    }

    /** The workload in {@code namespace}, or empty when it does not exist. */
    public Optional<Workload> read(String namespace, ScaleTargetRef target) {
        Integer replicas;
        ObjectMeta metadata;
        if ("StatefulSet".equals(target.getKind())) {
            StatefulSet set = client.apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withName(target.getName())
                    .get();
            if (set == null) {
                return Optional.empty();
            }
            replicas = set.getSpec() == null ? null : set.getSpec().getReplicas();
            metadata = set.getMetadata();
        } else {
            Deployment deployment = client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(target.getName())
                    .get();
            if (deployment == null) {
                return Optional.empty();
            }
            replicas =
                    deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
            metadata = deployment.getMetadata();
        }
        // Kubernetes defaults spec.replicas to 1.
        return Optional.of(new Workload(replicas == null ? 1 : replicas, metadata));
    }

    public void scale(String namespace, ScaleTargetRef target, int replicas) {
        if ("StatefulSet".equals(target.getKind())) {
            client.apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withName(target.getName())
                    .scale(replicas);
        } else {
            client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(target.getName())
                    .scale(replicas);
        }
    }
}
