package dev.krafter.group;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.ScaleTargetRef;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which workloads a ConsumerGroup may scale. Pure. The target is looked up in the group's own namespace only (targetRef
 * has no namespace), and it must be the consumers' own workload: never one Krafter manages, so a ConsumerGroup cannot
 * scale a cluster's brokers away (or fight the operator over any of its objects).
 *
 * <ul>
 *   <li>{@code targetRef.name} is a DNS-1123 subdomain (the names Kubernetes accepts for Deployments and StatefulSets);
 *   <li>the workload carries no label with the {@code krafter.dev/} prefix;
 *   <li>no ownerReference of the workload points at a Krafter resource ({@code krafter.dev/*} apiVersion).
 * </ul>
 */
public final class ScaleTargetPolicy {
    static final String PREFIX = ApiGroup.GROUP + "/";
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME_LENGTH = 253;

    private ScaleTargetPolicy() {}

    /** Why {@code target}'s name cannot name a workload, if it cannot. */
    public static Optional<String> nameProblem(ScaleTargetRef target) {
        String name = target.getName();
        if (name == null
                || name.length() > MAX_NAME_LENGTH
                || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            return Optional.of(
                    "spec.autoscale.targetRef.name '" + name + "' is not a Kubernetes object name (a DNS-1123"
                            + " subdomain: lower-case letters, digits, '-' and '.', at most " + MAX_NAME_LENGTH
                            + " characters):"
                            + " name the Deployment or StatefulSet running the group's consumers");
        }
        return Optional.empty();
    }

    /** Why the workload {@code target} found with {@code metadata} must not be scaled by a ConsumerGroup, if so. */
    public static Optional<String> refusal(ScaleTargetRef target, ObjectMeta metadata) {
        String what = target.getKind() + " " + target.getName();
        String fix =
                ": a ConsumerGroup scales only the workload running its consumers; point spec.autoscale.targetRef at"
                        + " that Deployment or StatefulSet";
        Map<String, String> labels = metadata.getLabels() == null ? Map.of() : metadata.getLabels();
        Optional<String> label = labels.keySet().stream()
                .filter(key -> key.startsWith(PREFIX))
                .sorted()
                .findFirst();
        if (label.isPresent()) {
            return Optional.of(
                    what + " is managed by Krafter (label " + label.get() + "=" + labels.get(label.get()) + ")" + fix);
        }
        Optional<OwnerReference> owner = metadata.getOwnerReferences() == null
                ? Optional.empty()
                : metadata.getOwnerReferences().stream()
                        .filter(ref -> ref.getApiVersion() != null
                                && ref.getApiVersion().startsWith(PREFIX))
                        .findFirst();
        if (owner.isPresent()) {
            return Optional.of(what + " is owned by " + owner.get().getKind() + " "
                    + owner.get().getName() + " (" + owner.get().getApiVersion() + ")" + fix);
        }
        return Optional.empty();
    }
}
