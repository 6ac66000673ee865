package dev.krafter.group;

import dev.krafter.api.v1alpha1.ScaleTargetRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.OptionalInt;

/** Reads and sets the replicas of the Deployment or StatefulSet a ConsumerGroup scales, through its scale subresource. */
public final class WorkloadScaler {
    private final KubernetesClient client;

    public WorkloadScaler(KubernetesClient client) {
        this.client = client;
    }

    /** Current spec.replicas, or empty when the workload does not exist. */
    public OptionalInt replicas(String namespace, ScaleTargetRef target) {
        Integer replicas;
        if ("StatefulSet".equals(target.getKind())) {
            StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(target.getName()).get();
            if (set == null) {
                return OptionalInt.empty();
            }
            replicas = set.getSpec() == null ? null : set.getSpec().getReplicas();
        } else {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(target.getName()).get();
            if (deployment == null) {
                return OptionalInt.empty();
            }
            replicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        }
        // Kubernetes defaults spec.replicas to 1.
        return OptionalInt.of(replicas == null ? 1 : replicas);
    }

    public void scale(String namespace, ScaleTargetRef target, int replicas) {
        if ("StatefulSet".equals(target.getKind())) {
            client.apps().statefulSets().inNamespace(namespace).withName(target.getName()).scale(replicas);
        } else {
            client.apps().deployments().inNamespace(namespace).withName(target.getName()).scale(replicas);
        }
    }
}
