package dev.krafter.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the operator remembers between reconciles, kept as annotations of the broker ConfigMap (so an operator restart
 * carries on from the cluster, and deleting the cluster forgets it).
 */
final class BrokerConfigAnnotations {
    /** The dynamic config last applied live (JSON), the previouslyApplied of the next plan. */
    static final String APPLIED_LIVE = "krafter.dev/applied-live-config";
    /** The config keys Kafka reported read-only, so the hash is stable while Kafka is away. */
    static final String READ_ONLY_KEYS = "krafter.dev/read-only-keys";
    /** The Kafka release whose metadata.version is finalized (downgrade floor). */
    static final String METADATA_RELEASE = "krafter.dev/metadata-version-release";

    private BrokerConfigAnnotations() {}

    /** The {@link #APPLIED_LIVE} value; empty when it cannot be read (the next plan then sets every dynamic key). */
    static Optional<Map<String, String>> parseAppliedLive(String json) {
        try {
            return Optional.of(Serialization.jsonMapper().readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String formatAppliedLive(Map<String, String> applied) {
        return Serialization.asJson(new TreeMap<>(applied));
    }

    /** The {@link #READ_ONLY_KEYS} value: comma-separated keys. */
    static Set<String> parseKeys(String list) {
        return list.isBlank() ? Set.of() : Set.of(list.split(","));
    }

    static String formatKeys(Set<String> keys) {
        return String.join(",", new TreeSet<>(keys));
    }
}
