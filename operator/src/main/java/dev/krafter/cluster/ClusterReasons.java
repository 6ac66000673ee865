package dev.krafter.cluster;

import java.util.List;

/**
 * Condition reasons, operation types, condition types and Event reasons of a KafkaCluster (besides the shared
 * {@link dev.krafter.status.Reasons}).
 */
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

    /** Condition type and Warning Event: an external listener without TLS or without authentication. */
    public static final String INSECURE_LISTENER = "InsecureListener";
    /** Reason of the InsecureListener condition. */
    public static final String EXTERNAL_LISTENER_INSECURE = "ExternalListenerInsecure";

    /** Condition type: the stored spec, accepted by an earlier operator, is refused today and not applied. */
    public static final String SPEC_NOT_APPLIED = "SpecNotApplied";

    /** Event: the roll restarts one pod. */
    public static final String RESTARTING_POD = "RestartingPod";
    /** Event: a rebalance finished, partitions are balanced over the brokers. */
    public static final String REBALANCED = "Rebalanced";
    /** Event: a cluster or clients CA was generated (first, or renewed before it expires). */
    public static final String CERTIFICATE_AUTHORITY_RENEWED = "CertificateAuthorityRenewed";
    /** Event: node certificates were issued (first, renewed, or re-issued for new names). */
    public static final String CERTIFICATES_RENEWED = "CertificatesRenewed";

    // Why a node pod is not Ready, as Kubernetes reports it (PodProblems): in status.podProblems and the Ready message,
    // and the Stalled reason once the problem lasts longer than KRAFTER_POD_PROBLEM_STALL_AFTER.
    /** The scheduler finds no node for the pod (PodScheduled=False, reason Unschedulable). */
    public static final String POD_UNSCHEDULABLE = "PodUnschedulable";
    /** The pod's data claim is not Bound (no such StorageClass, no provisioner, no matching volume). */
    public static final String VOLUME_NOT_BOUND = "VolumeNotBound";
    /** The image cannot be pulled or is not on the node (ErrImagePull, ImagePullBackOff, ErrImageNeverPull, InvalidImageName). */
    public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
    /** The container cannot be created or started (CreateContainerConfigError, CreateContainerError, RunContainerError). */
    public static final String CONTAINER_CANNOT_START = "ContainerCannotStart";
    /** The container keeps exiting (CrashLoopBackOff); the message carries its last exit code and termination message. */
    public static final String CRASH_LOOPING = "CrashLooping";
    /** The container keeps being killed for exceeding its memory limit. */
    public static final String OOM_KILLED = "OOMKilled";
    /** The StatefulSet cannot create the pod (FailedCreate: a quota, a PodSecurity refusal, an admission webhook). */
    public static final String POD_CREATE_FAILED = "PodCreateFailed";

    /** Every reason a pod problem can have. */
    public static final List<String> POD_PROBLEM_REASONS = List.of(
            POD_UNSCHEDULABLE,
            VOLUME_NOT_BOUND,
            IMAGE_PULL_FAILED,
            CONTAINER_CANNOT_START,
            CRASH_LOOPING,
            OOM_KILLED,
            POD_CREATE_FAILED);

    private ClusterReasons() {}
}
