package dev.krafter.roll;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the user's broker config reaches Kafka.
 *
 * <p>Every desired key goes into server.properties (so a broker that restarts, or starts for the first time,
 * starts with the right value). Only {@link #readOnly()} feeds the pod-template hash: changing a dynamic key
 * never restarts a pod, it is applied live as a cluster-wide default instead.
 *
 * @param setLive dynamic keys whose cluster-wide dynamic default must be set to this value
 * @param deleteLive keys applied live earlier and no longer desired: their cluster-wide dynamic default is removed
 * @param readOnly keys Kafka can only read at start-up: they need a rolling restart to change
 * @param live every desired dynamic key and value: what the operator should remember as "applied live" once
 *     {@link BrokerConfigs#applyLive} succeeded (the {@code previouslyApplied} of the next plan)
 */
public record ConfigPlan(
        Map<String, String> setLive, Set<String> deleteLive, Map<String, String> readOnly, Map<String, String> live) {

    public ConfigPlan {
        setLive = Map.copyOf(setLive);
        deleteLive = Set.copyOf(deleteLive);
        readOnly = Map.copyOf(readOnly);
        live = Map.copyOf(live);
    }

    public boolean hasLiveChanges() {
        return !setLive.isEmpty() || !deleteLive.isEmpty();
    }

    /** Stable text of the read-only keys, sorted: the config part of the pod-template hash. */
    public String readOnlyHashInput() {
        return new TreeMap<>(readOnly)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }
}
