package dev.krafter.user;

import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.UserAuthentication;
import dev.krafter.cluster.KafkaNodeConfig;
import dev.krafter.status.Health;
import java.util.List;
import java.util.Optional;

/**
 * Whether some listener of the cluster takes the user's kind of credential. Without one, a certificate or a password
 * would authenticate nobody, and a user who holds it would only learn that from a refused connection.
 */
final class UserListeners {
    private UserListeners() {}

    /** Stalled with a reason that names the missing listener, or empty when a listener takes the credential. */
    static Optional<Health> missing(
            UserAuthentication.Type type, List<ListenerSpec> listeners, String cluster, String userName) {
        if (type == UserAuthentication.Type.TLS && listeners.stream().noneMatch(KafkaNodeConfig::mutualTls)) {
            return Optional.of(Health.stalled(
                    UserReasons.NO_TLS_LISTENER,
                    "KafkaCluster " + cluster + " has no"
                            + " listener with authentication: tls, so no listener would take a client certificate as User:"
                            + userName + ": add a listener with tls: true, authentication: tls to the cluster,"
                            + " or use authentication type scram-sha-512"));
        }
        if (type == UserAuthentication.Type.SCRAM_SHA_512 && listeners.stream().noneMatch(KafkaNodeConfig::scram)) {
            return Optional.of(Health.stalled(
                    UserReasons.NO_SCRAM_LISTENER,
                    "KafkaCluster " + cluster + " has no"
                            + " listener with authentication: scram-sha-512, so no listener would take User:" + userName
                            + "'s password: add a listener with authentication: scram-sha-512 (and tls: true) to the cluster,"
                            + " or use authentication type tls"));
        }
        return Optional.empty();
    }
}
