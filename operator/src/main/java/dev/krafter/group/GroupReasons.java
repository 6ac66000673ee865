package dev.krafter.group;

/**
 * Condition types, condition reasons and Event reasons of a ConsumerGroup (besides the shared
 * {@link dev.krafter.status.Reasons}).
 */
public final class GroupReasons {
    public static final String OBSERVING = "Observing";
    public static final String WAITING_FOR_EMPTY_GROUP = "WaitingForEmptyGroup";
    public static final String WAITING_FOR_TOPIC = "WaitingForTopic";
    public static final String RESET_REFUSED = "OffsetResetRefused";
    public static final String RESET_UNCONFIRMED = "OffsetResetUnconfirmed";
    public static final String SCALE_TARGET_REFUSED = "ScaleTargetRefused";

    /** Ready reasons: the lag status of the group (status.lagStatus). */
    public static final String LAG_OK = "LagOK";

    public static final String LAG_WARNING = "LagWarning";
    public static final String LAG_STALLED = "LagStalled";
    public static final String LAG_STOPPED = "LagStopped";
    public static final String LAG_REWOUND = "LagRewound";
    public static final String LAG_ERROR = "LagError";
    public static final String GROUP_NOT_FOUND = "GroupNotFound";

    /** Condition types (each also its own reason and the reason of its Warning Event). */
    public static final String DATA_LOSS = "DataLoss";

    public static final String RETENTION_RISK = "RetentionRisk";
    public static final String OFFSETS_VANISHED = "OffsetsVanished";

    /** Events. */
    public static final String OFFSETS_RESET = "OffsetsReset";

    public static final String SCALED = "Scaled";
    public static final String SCALE_TARGET_NOT_FOUND = "ScaleTargetNotFound";
    public static final String GROUP_DELETED = "GroupDeleted";
    /** Event: a paused ConsumerGroup with deletionPolicy Delete was deleted; its Kafka group was left in place. */
    public static final String RETAINED = "Retained";

    private GroupReasons() {}
}
