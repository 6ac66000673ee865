package dev.krafter.entrypoint;

import java.util.Optional;

/** Decides what to do with the data volume before Kafka starts. Pure. */
public final class StorageCheck {

    private StorageCheck() {}

    public enum Action {
        FORMAT,
        USE_EXISTING
    }

    /**
     * @param metaProperties the content of {@code <log dir>/meta.properties}, empty when the file does not exist
     * @throws ConfigException when the volume belongs to another cluster: it is never reformatted
     */
    public static Action decide(Optional<String> metaProperties, String clusterId, String logDir) {
        if (metaProperties.isEmpty()) {
            return Action.FORMAT;
        }
        String existing = ServerProperties.parse(metaProperties.get()).get("cluster.id");
        if (existing == null || existing.isBlank()) {
            throw new ConfigException(
                    logDir + "/meta.properties has no cluster.id; refusing to start. Inspect the volume;"
                            + " delete it only if its data is not needed");
        }
        if (!existing.trim().equals(clusterId)) {
            throw new ConfigException(
                    "cluster id mismatch: the data volume " + logDir + " belongs to cluster '" + existing.trim()
                            + "' but KRAFTER_CLUSTER_ID is '" + clusterId
                            + "'. Refusing to start (existing data is never reformatted):"
                            + " delete the volume if its data is not needed, or fix the cluster id");
        }
        return Action.USE_EXISTING;
    }
}
