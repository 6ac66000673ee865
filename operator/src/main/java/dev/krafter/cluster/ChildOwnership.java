package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ApiGroup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an existing object with the name of a desired child may be written by the cluster. The operator never takes
 * over an object it does not own: a cluster {@code a} with listener {@code x} and a cluster {@code a-x} both want
 * {@code a-x-bootstrap}, and an unrelated ServiceAccount {@code <cluster>-kafka} taken over would later be deleted with
 * the cluster. What it may take back is its own orphan: an object carrying the cluster's {@code krafter.dev/cluster}
 * label and either no controller, or the controller reference of an earlier KafkaCluster of the same name (deleted and
 * re-created: its children outlive it until the garbage collector gets to them, and {@code --cascade=orphan} leaves
 * them for good).
 */
public final class ChildOwnership {
    private ChildOwnership() {}

    /** Empty when the cluster may write {@code existing}; else why not, as a sentence for the Stalled message. */
    public static Optional<String> refusal(HasMetadata existing, String clusterName, String clusterUid) {
        List<OwnerReference> owners = existing.getMetadata().getOwnerReferences() == null
                ? List.of()
                : existing.getMetadata().getOwnerReferences();
        Optional<OwnerReference> controller = owners.stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
        if (controller.isPresent() && clusterUid.equals(controller.get().getUid())) {
            return Optional.empty();
        }
        Map<String, String> labels = existing.getMetadata().getLabels() == null
                ? Map.of()
                : existing.getMetadata().getLabels();
        boolean labelled = clusterName.equals(labels.get(ClusterLabels.CLUSTER));
        boolean earlierSelf = controller
                .map(o -> "KafkaCluster".equals(o.getKind())
                        && o.getApiVersion() != null
                        && o.getApiVersion().startsWith(ApiGroup.GROUP + "/")
                        && clusterName.equals(o.getName()))
                .orElse(true);
        if (labelled && earlierSelf) {
            return Optional.empty();
        }
        String what = existing.getKind() + " " + existing.getMetadata().getName();
        String whose = controller
                .map(o -> "it belongs to " + o.getKind() + " " + o.getName())
                .orElse(labelled ? "it is not" : "it was not made by Krafter for this cluster");
        return Optional.of(
                what + " already exists and this cluster does not own it (" + whose + "): Krafter never takes"
                        + " over an object it does not own. Delete or rename that object, or re-create this cluster under"
                        + " another name (or rename the listener whose Service it is)");
    }

    /** {@code existing} is the cluster's own child: controlled by it (by uid) and labelled with its name. */
    public static boolean controlledBy(HasMetadata existing, String clusterName, String clusterUid) {
        List<OwnerReference> owners = existing.getMetadata().getOwnerReferences() == null
                ? List.of()
                : existing.getMetadata().getOwnerReferences();
        Map<String, String> labels = existing.getMetadata().getLabels() == null
                ? Map.of()
                : existing.getMetadata().getLabels();
        return clusterName.equals(labels.get(ClusterLabels.CLUSTER))
                && owners.stream()
                        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && clusterUid.equals(o.getUid()));
    }

    /** An existing object the cluster must not write. */
    public static final class ForeignObjectException extends RuntimeException {
        public ForeignObjectException(String message) {
            super(message);
        }
    }
}
