package dev.krafter.e2e.cluster;

/**
 * The tests cannot get a cluster (or a tool or image a cluster needs) here: a skip with this message locally, a
 * failure under CI.
 */
public final class ClusterUnavailableException extends RuntimeException {
    public ClusterUnavailableException(String message) {
        super(message);
    }
}
