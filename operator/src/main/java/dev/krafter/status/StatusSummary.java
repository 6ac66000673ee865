package dev.krafter.status;

import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.TopicStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code status.summary}, the Status column of {@code kubectl get}: one short line read from the conditions (and the
 * progress status records for the work under way), so it cannot disagree with them. It works from condition reasons
 * and types alone, so a new reason or condition type shows without a change here.
 */
public final class StatusSummary {
    private static final Set<String> STANDARD = Set.of(Conditions.READY, Conditions.RECONCILING, Conditions.STALLED);

    private StatusSummary() {}

    /** The summary of {@code status}; null while it has no Ready condition. */
    public static String of(KrafterStatus status) {
        List<Condition> conditions = status.getConditions();
        Optional<Condition> ready = Conditions.find(conditions, Conditions.READY);
        if (ready.isEmpty()) {
            return null;
        }
        String main;
        String reason;
        if (Conditions.isTrue(conditions, Conditions.STALLED)) {
            reason = reasonOf(conditions, Conditions.STALLED);
            main = "Stalled: " + reason;
        } else if (Conditions.isTrue(conditions, Conditions.RECONCILING)) {
            reason = reasonOf(conditions, Conditions.RECONCILING);
            main = progress(status, reason).map(p -> reason + " " + p).orElse(reason);
        } else if ("True".equals(ready.get().getStatus())) {
            reason = Reasons.READY;
            main = Reasons.READY;
        } else {
            reason = reasonOf(conditions, Conditions.READY);
            main = reason;
        }
        String others = conditions.stream()
                .filter(c -> !STANDARD.contains(c.getType()) && "True".equals(c.getStatus()))
                .map(Condition::getType)
                .filter(type -> !type.equals(reason))
                .collect(Collectors.joining(", "));
        return others.isEmpty() ? main : main + " (" + others + ")";
    }

    /**
     * done/total of the work {@code reason} names, where status records it: a KafkaCluster's operation of that type,
     * a Topic's replica moves.
     */
    static Optional<String> progress(KrafterStatus status, String reason) {
        if (status instanceof KafkaClusterStatus cluster) {
            OperationStatus operation = cluster.getOperation();
            return Optional.ofNullable(operation)
                    .filter(op -> reason.equals(op.getType()))
                    .map(OperationStatus::getProgress)
                    .filter(p -> !p.isBlank());
        }
        if (status instanceof TopicStatus topic && topic.getReassignment() != null) {
            return Optional.of(topic.getReassignment().getMoved() + "/"
                    + topic.getReassignment().getTotal());
        }
        return Optional.empty();
    }

    private static String reasonOf(List<Condition> conditions, String type) {
        return Conditions.find(conditions, type)
                .map(Condition::getReason)
                .filter(r -> r != null && !r.isBlank())
                .orElse("Unknown");
    }
}
