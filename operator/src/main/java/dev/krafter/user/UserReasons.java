package dev.krafter.user;

/** Condition and Event reasons of a KafkaUser (besides the shared {@link dev.krafter.status.Reasons}). */
public final class UserReasons {
    /** Stalled: a tls user on a cluster with no authentication: tls listener, which alone takes its certificate. */
    public static final String NO_TLS_LISTENER = "NoTlsListener";
    /** Stalled: a scram-sha-512 user on a cluster with no authentication: scram-sha-512 listener. */
    public static final String NO_SCRAM_LISTENER = "NoScramListener";
    /** Reconciling: the cluster has an mTLS listener but its clients CA is not created yet. */
    public static final String WAITING_FOR_CLIENTS_CA = "WaitingForClientsCa";
    /** Stalled: the Secret key of spec.authentication.passwordFrom is missing or empty. */
    public static final String PASSWORD_SECRET_INVALID = "PasswordSecretInvalid";
    /** Stalled: the user has ACLs but the cluster runs no authorizer. */
    public static final String AUTHORIZER_DISABLED = "AuthorizerDisabled";

    /** Event: credentials, ACLs or quotas in Kafka were changed to match the spec (drift reverted included). */
    public static final String UPDATED = "Updated";
    /** Event: a client certificate was issued or renewed. */
    public static final String CERTIFICATE_ISSUED = "CertificateIssued";
    /** Event: the user's credentials, ACLs and quotas were removed from Kafka with the resource. */
    public static final String DELETED = "Deleted";
    /** Event: the resource was deleted and Kafka left as it is (another KafkaUser names the principal, or paused). */
    public static final String RETAINED = "Retained";

    private UserReasons() {}
}
