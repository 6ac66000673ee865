package dev.krafter.user;

import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.RenewalPlanner;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * When a user's client certificate is (re-)issued: none yet, another subject than {@code CN=<user>} (the user name
 * changed), not signed by the clients CA that signs now (the CA was replaced or renewed), or in its renewal window, by
 * the same rules as node certificates ({@link RenewalPlanner}) and the cluster's {@code spec.certificates}.
 */
final class UserCertificate {
    private UserCertificate() {}

    static X500Principal subject(String userName) {
        return new X500Principal("CN=" + userName);
    }

    static Optional<String> renewal(
            Optional<X509Certificate> current,
            String userName,
            CertificateAuthority signer,
            RenewalPlanner.Settings settings,
            Instant now) {
        if (current.isPresent() && !current.get().getSubjectX500Principal().equals(subject(userName))) {
            return Optional.of(
                    "the subject is " + current.get().getSubjectX500Principal().getName() + ", not "
                            + subject(userName).getName());
        }
        return RenewalPlanner.nodeRenewal(current, Set.of(), signer, settings, now);
    }
}
