package dev.krafter.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which Kafka cluster id a KafkaCluster runs with. Every node formats its volume with it once and refuses to start on
 * a volume of another id ("cluster id mismatch"), so the id must outlive the custom resource exactly as long as the
 * volumes do. The operator records it in three places: {@code status.clusterId}, the broker ConfigMap and the
 * {@code krafter.dev/cluster-id} annotation of every claim. The first two die with the resource; the claims stay
 * with {@code deleteClaim: false}, so a cluster re-created on them (Argo CD's Replace, a restore) reads the id back
 * from them. {@code spec.clusterId} lets the user pin it, for claims that predate the annotation.
 */
public final class ClusterIds {
    private ClusterIds() {}

    /** The id to run with (empty: none known, make a new one), or why the cluster cannot go on. */
    public record Decision(Optional<String> id, Optional<String> refusal) {
        static Decision id(String id) {
            return new Decision(Optional.of(id), Optional.empty());
        }

        static Decision refused(String why) {
            return new Decision(Optional.empty(), Optional.of(why));
        }
    }

    /**
     * @param recorded what the running cluster recorded (status, else the broker ConfigMap)
     * @param claims   the kept claims of this cluster's name, each with the id it records (empty: none)
     * @param pinned   {@code spec.clusterId}
     */
    public static Decision decide(
            Optional<String> recorded, Map<String, Optional<String>> claims, Optional<String> pinned) {
        Map<String, List<String>> claimsById = new TreeMap<>();
        new TreeMap<>(claims)
                .forEach((claim, id) -> id.ifPresent(value -> claimsById
                        .computeIfAbsent(value, k -> new java.util.ArrayList<>())
                        .add(claim)));
        if (recorded.isPresent()) {
            if (pinned.isPresent() && !pinned.get().equals(recorded.get())) {
                return Decision.refused("spec.clusterId " + pinned.get() + " differs from the cluster id "
                        + recorded.get() + " the cluster runs with: it cannot change once the nodes formatted their"
                        + " volumes; set spec.clusterId to " + recorded.get() + " or remove it (the running cluster is"
                        + " left as it is)");
            }
            return Decision.id(recorded.get());
        }
        if (claimsById.size() > 1) {
            return Decision.refused("the kept claims of this cluster record different cluster ids " + claimsById
                    + ": delete the claims that are not this cluster's data, then the cluster starts on the others");
        }
        Optional<String> kept = claimsById.keySet().stream().findFirst();
        if (pinned.isPresent()) {
            if (kept.isPresent() && !kept.get().equals(pinned.get())) {
                return Decision.refused("spec.clusterId " + pinned.get() + " differs from cluster id " + kept.get()
                        + " recorded on the kept claims " + claimsById.get(kept.get()) + ": set spec.clusterId to "
                        + kept.get() + " (or remove it), or delete those claims to start an empty cluster");
            }
            return Decision.id(pinned.get());
        }
        if (kept.isPresent()) {
            return Decision.id(kept.get());
        }
        if (!claims.isEmpty()) {
            return Decision.refused(
                    "claims " + new TreeSet<>(claims.keySet()) + " of an earlier cluster of this name are"
                            + " kept but do not record its cluster id (made before Krafter recorded it), and a broker would not"
                            + " start on them with a new one: set spec.clusterId to the cluster.id in their meta.properties"
                            + " (the earlier resource's status.clusterId), or delete the claims to start an empty cluster");
        }
        return new Decision(Optional.empty(), Optional.empty());
    }
}
