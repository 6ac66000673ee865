package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data claims of the cluster's nodes ({@code data-<cluster>-broker-<i>}, {@code data-<cluster>-controller-<i>},
 * labelled {@code krafter.dev/cluster}), whether made for this resource or kept from an earlier one of the same name,
 * and the cluster id each records ({@link ClusterIds}).
 */
final class ClusterClaims {
    private final List<PersistentVolumeClaim> claims;

    private ClusterClaims(List<PersistentVolumeClaim> claims) {
        this.claims = claims;
    }

    static ClusterClaims read(KubernetesClient client, KafkaCluster cluster) {
        String name = cluster.getMetadata().getName();
        List<String> prefixes = List.of(
                ClusterObjects.DATA_VOLUME + "-" + ClusterNames.brokers(name) + "-",
                ClusterObjects.DATA_VOLUME + "-" + ClusterNames.controllers(name) + "-");
        return new ClusterClaims(client
                .persistentVolumeClaims()
                .inNamespace(cluster.getMetadata().getNamespace())
                .withLabel(ClusterLabels.CLUSTER, name)
                .list()
                .getItems()
                .stream()
                .filter(c -> prefixes.stream()
                        .anyMatch(p -> c.getMetadata().getName().startsWith(p)))
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .toList());
    }

    /** Claim name → the cluster id it records. */
    Map<String, Optional<String>> ids() {
        Map<String, Optional<String>> ids = new LinkedHashMap<>();
        claims.forEach(c -> ids.put(c.getMetadata().getName(), recorded(c)));
        return ids;
    }

    /** Records {@code clusterId} on every claim that records none yet (never overwrites one). */
    void record(KubernetesClient client, String clusterId) {
        for (PersistentVolumeClaim claim : claims) {
            if (recorded(claim).isEmpty()) {
                client.persistentVolumeClaims()
                        .inNamespace(claim.getMetadata().getNamespace())
                        .withName(claim.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                Serialization.asJson(Map.of(
                                        "metadata",
                                        Map.of("annotations", Map.of(ClusterLabels.CLUSTER_ID, clusterId)))));
            }
        }
    }

    private static Optional<String> recorded(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(ClusterLabels.CLUSTER_ID))
                .filter(id -> !id.isBlank());
    }
}
