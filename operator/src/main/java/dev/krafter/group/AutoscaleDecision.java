package dev.krafter.group;

import dev.krafter.api.v1alpha1.ConsumerGroupStatus.LagStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides the replicas of a group's consuming workload from its lag. Pure.
 *
 * <ul>
 *   <li>target = ceil(totalLag / lagPerReplica), within [minReplicas, min(maxReplicas, partitions)]: consumers beyond
 *       the partition count sit idle;
 *   <li>a workload outside the bounds is brought inside at once;
 *   <li>scale up when the target is above the current replicas, unless the lag is STALLED or STOPPED while consumers
 *       run (more consumers do not help a group that does not consume) or the cooldown since the last change is
 *       running; a workload scaled to 0 by minReplicas 0 is STOPPED by construction and may scale up;
 *   <li>scale down only after the target stayed below the current replicas for a whole cooldown (no flapping), and
 *       not within a cooldown of the last change.
 * </ul>
 */
public record AutoscaleDecision(int desiredReplicas, boolean scale, String reason, Instant lowLagSince) {

    public record Input(
            int currentReplicas,
            long totalLag,
            LagStatus lagStatus,
            int partitions,
            int minReplicas,
            int maxReplicas,
            long lagPerReplica,
            Duration cooldown,
            Instant lastScaleTime,
            Instant lowLagSince,
            Instant now) {}

    public static AutoscaleDecision decide(Input in) {
        int upper = in.partitions() > 0 ? Math.min(in.maxReplicas(), in.partitions()) : in.maxReplicas();
        upper = Math.max(upper, in.minReplicas());
        long wanted = in.totalLag() <= 0 ? 0 : (in.totalLag() + in.lagPerReplica() - 1) / in.lagPerReplica();
        int target = (int) Math.max(in.minReplicas(), Math.min(upper, wanted));
        String why = "lag " + in.totalLag() + " / " + in.lagPerReplica() + " per replica asks for " + wanted
                + ", bounded to [" + in.minReplicas() + ", " + upper + "]"
                + (upper < in.maxReplicas() ? " (" + in.partitions() + " partitions)" : "");
        int current = in.currentReplicas();
        if (current < in.minReplicas() || current > upper) {
            int bounded = Math.max(in.minReplicas(), Math.min(upper, current));
            return new AutoscaleDecision(
                    bounded,
                    true,
                    current + " replicas are outside [" + in.minReplicas() + ", " + upper + "]: scaling to " + bounded,
                    null);
        }
        Instant cooldownEnds =
                in.lastScaleTime() == null ? null : in.lastScaleTime().plus(in.cooldown());
        boolean inCooldown = cooldownEnds != null && in.now().isBefore(cooldownEnds);
        if (target > current) {
            // With 0 replicas nobody can consume, so STOPPED is expected and says nothing about more consumers.
            if (current > 0 && (in.lagStatus() == LagStatus.STALLED || in.lagStatus() == LagStatus.STOPPED)) {
                return new AutoscaleDecision(
                        current,
                        false,
                        why + "; holding " + current + " replicas: lag is " + in.lagStatus()
                                + ", more consumers would not help",
                        null);
            }
            if (inCooldown) {
                return new AutoscaleDecision(target, false, why + "; cooldown until " + cooldownEnds, null);
            }
            return new AutoscaleDecision(target, true, why + ": scaling up from " + current, null);
        }
        if (target < current) {
            Instant lowSince = in.lowLagSince() == null ? in.now() : in.lowLagSince();
            Instant stableAt = lowSince.plus(in.cooldown());
            if (in.now().isBefore(stableAt)) {
                return new AutoscaleDecision(
                        target,
                        false,
                        why + "; scaling down from " + current + " once the lag stays this low until " + stableAt,
                        lowSince);
            }
            if (inCooldown) {
                return new AutoscaleDecision(target, false, why + "; cooldown until " + cooldownEnds, lowSince);
            }
            return new AutoscaleDecision(target, true, why + ": scaling down from " + current, null);
        }
        return new AutoscaleDecision(target, false, why + ": at " + current + " replicas", null);
    }
}
