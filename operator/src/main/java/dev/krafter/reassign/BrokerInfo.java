package dev.krafter.reassign;

import java.util.Objects;
import java.util.Optional;

/** A broker that may hold replicas: its node id and, when the cluster is rack-aware, its rack (broker.rack). */
public record BrokerInfo(int id, Optional<String> rack) {
    public BrokerInfo {
        Objects.requireNonNull(rack, "rack");
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + id);
        }
    }

    public static BrokerInfo of(int id) {
        return new BrokerInfo(id, Optional.empty());
    }

    public static BrokerInfo of(int id, String rack) {
        return new BrokerInfo(id, Optional.ofNullable(rack));
    }
}
