package dev.krafter.cluster;

/** Condition reasons and operation types of a KafkaCluster (besides the shared {@link dev.krafter.status.Reasons}). */
public final class ClusterReasons {
    public static final String CREATING = "Creating";
    public static final String SCALING_UP = "ScalingUp";
    public static final String SCALING_DOWN = "ScalingDown";
    public static final String ROLLING_RESTART = "RollingRestart";
    public static final String REBALANCING = "Rebalancing";
    public static final String APPLYING_CONFIG = "ApplyingConfig";
    public static final String UPGRADING = "Upgrading";
    /** Ready before, now a broker is down or a partition is offline or under min ISR; recovers by itself or not. */
    public static final String DEGRADED = "Degraded";
    /** Stalled: a change the running cluster cannot take (quorum shape, downgrade). */
    public static final String CHANGE_REFUSED = "ChangeRefused";
    /** Stalled: an operation cannot proceed (scale-down with rebalancing off, a roll past its timeout). */
    public static final String BLOCKED = "Blocked";

    /** Stalled: a Secret the spec names for a CA or listener certificate is missing or unreadable. */
    public static final String CERTIFICATE_SECRET = "CertificateSecretInvalid";

    private ClusterReasons() {
    }
}
