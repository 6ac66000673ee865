package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.status.Conditions;
import dev.krafter.status.Reasons;
import dev.krafter.validation.Validation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;

/**
 * Upgrading the operator must not stop or roll a cluster that runs: when today's validation refuses a spec that an
 * earlier operator accepted, the cluster is left exactly as it is (nothing applied, rolled or scaled, not Stalled) and
 * the condition {@value ClusterReasons#SPEC_NOT_APPLIED} says what to change. "Accepted earlier" is read from status: the cluster exists and
 * its current generation was reconciled without being refused as {@code InvalidSpec}. A spec edited since (a new
 * generation) is judged like any other and Stalled when invalid.
 */
final class StoredSpecHold {
    private StoredSpecHold() {}

    static boolean applies(KafkaCluster cluster, boolean created) {
        Long generation = cluster.getMetadata().getGeneration();
        List<Condition> conditions = cluster.getStatus().getConditions();
        boolean refusedBefore = Conditions.find(conditions, Conditions.STALLED)
                .map(c -> "True".equals(c.getStatus()) && Reasons.INVALID_SPEC.equals(c.getReason()))
                .orElse(false);
        return created
                && generation != null
                && generation.equals(cluster.getStatus().getObservedGeneration())
                && !refusedBefore;
    }

    static String message(Validation validation) {
        return "this operator version refuses the spec, which an earlier version accepted: " + validation.message()
                + ". The running cluster is left as it is (nothing is applied, rolled or scaled) until the spec is changed";
    }

    static List<Condition> held(KafkaCluster cluster, String message, Clock clock) {
        return Conditions.withExtra(
                cluster.getStatus().getConditions(),
                ClusterReasons.SPEC_NOT_APPLIED,
                true,
                true,
                Reasons.INVALID_SPEC,
                message,
                generation(cluster),
                clock);
    }

    static List<Condition> lifted(KafkaCluster cluster) {
        return Conditions.without(cluster.getStatus().getConditions(), ClusterReasons.SPEC_NOT_APPLIED);
    }

    private static long generation(KafkaCluster cluster) {
        return cluster.getMetadata().getGeneration() == null
                ? 0
                : cluster.getMetadata().getGeneration();
    }
}
