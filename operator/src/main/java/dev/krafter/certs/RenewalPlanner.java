package dev.krafter.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to create or renew at an instant, from the certificates as they are: pure, so every rule is tested without a
 * cluster.
 *
 * <p>An operator-generated CA is renewed when it enters its renewal window ({@code renewal} before expiry). Renewing a
 * CA is done in three phases so no client or node ever sees a certificate it does not trust:
 * <ol>
 *   <li>the new CA is generated and published next to the old one (the trust bundle holds both); node certificates
 *       are still signed by the old CA, so clients have time to load the bundle;</li>
 *   <li>half-way through the renewal window the new CA becomes the signer and every node certificate is re-issued by
 *       it (brokers reload them live; with internal TLS the nodes also restart, to load them on the controller
 *       listener);</li>
 *   <li>when the old CA expires it leaves the bundle.</li>
 * </ol>
 * A user-provided CA is never renewed by the operator; when the user replaces it, node certificates follow.
 */
public final class RenewalPlanner {
    private RenewalPlanner() {}

    /**
     * @param validity   how long a node certificate is valid (capped at its CA's expiry)
     * @param renewal    how long before expiry a certificate (node or CA) is renewed
     * @param caValidity how long an operator-generated CA is valid
     */
    public record Settings(Duration validity, Duration renewal, Duration caValidity) {
        public static Settings ofDays(int validityDays, int renewalDays, int caValidityDays) {
            return new Settings(
                    Duration.ofDays(validityDays), Duration.ofDays(renewalDays), Duration.ofDays(caValidityDays));
        }
    }

    /**
     * The CAs of one kind as stored: the newest and, while a renewal overlaps, the one it replaces. A user-provided CA
     * is only ever {@code newest}.
     */
    public record CaCertificates(
            Optional<X509Certificate> newest, Optional<X509Certificate> previous, boolean userProvided) {}

    public enum Signer {
        NEWEST,
        PREVIOUS
    }

    /**
     * @param generate     generate a new CA now: it becomes the newest, the current newest becomes the previous
     * @param dropPrevious remove the previous CA (it expired)
     * @param signer       which CA signs node certificates after this plan is applied
     * @param reason       why a CA is generated, for events and logs; empty when nothing is generated
     */
    public record CaPlan(boolean generate, boolean dropPrevious, Signer signer, String reason) {}

    public static CaPlan planCa(CaCertificates cas, Settings settings, Instant now) {
        if (cas.userProvided()) {
            return new CaPlan(false, cas.previous().isPresent(), Signer.NEWEST, "");
        }
        if (cas.newest().isEmpty()) {
            return new CaPlan(true, cas.previous().isPresent(), Signer.NEWEST, "no CA yet");
        }
        X509Certificate newest = cas.newest().get();
        if (!now.isBefore(renewalStart(newest, settings))) {
            // The current newest becomes the previous: it keeps signing until half-way through the window.
            return new CaPlan(true, false, Signer.PREVIOUS, "the CA expires at " + notAfter(newest));
        }
        boolean dropPrevious =
                cas.previous().map(p -> !now.isBefore(notAfter(p))).orElse(false);
        boolean previousSigns = cas.previous().isPresent()
                && !dropPrevious
                && now.isBefore(notBefore(newest).plus(settings.renewal().dividedBy(2)));
        return new CaPlan(false, dropPrevious, previousSigns ? Signer.PREVIOUS : Signer.NEWEST, "");
    }

    /** The expiry a certificate issued now by {@code signer} gets: the validity, capped at the signer's expiry. */
    public static Instant issuedNotAfter(X509Certificate signer, Settings settings, Instant now) {
        Instant wanted = now.plus(settings.validity());
        return wanted.isAfter(notAfter(signer)) ? notAfter(signer) : wanted;
    }

    /** When a certificate is valid. */
    public record Validity(Instant notBefore, Instant notAfter) {}

    /**
     * The validity of a node certificate issued now in place of {@code current}. A re-issue only for new names (signed
     * by the same CA, not yet due for renewal) keeps the period of the certificate it replaces: a node holds its
     * certificate on its connection to the KRaft controllers until it restarts, and the renewal before that certificate
     * expires is what restarts it ({@code CertificateRestarts} in the cluster package goes by notBefore). Anything else
     * starts a new period now.
     */
    public static Validity issuedValidity(
            Optional<X509Certificate> current, CertificateAuthority signer, Settings settings, Instant now) {
        if (current.isPresent()
                && signer.signed(current.get())
                && now.isBefore(notAfter(current.get()))
                && !expiryDue(current.get(), signer, settings, now)) {
            return new Validity(notBefore(current.get()), notAfter(current.get()));
        }
        return new Validity(now, issuedNotAfter(signer.certificate(), settings, now));
    }

    /**
     * Why a node's certificate must be (re-)issued now, or empty when it is fine: missing, not signed by the signing
     * CA, names that differ from the ones clients use, or in its renewal window (only when a certificate issued now
     * would live longer: one capped at an expiring CA is renewed when the CA is).
     */
    public static Optional<String> nodeRenewal(
            Optional<X509Certificate> current,
            Set<String> names,
            CertificateAuthority signer,
            Settings settings,
            Instant now) {
        if (current.isEmpty()) {
            return Optional.of("no certificate yet");
        }
        X509Certificate certificate = current.get();
        if (!signer.signed(certificate)) {
            return Optional.of("not signed by the current CA");
        }
        Set<String> actual = SubjectNames.of(certificate);
        if (!actual.equals(names)) {
            List<String> added = new ArrayList<>(names);
            added.removeAll(actual);
            List<String> removed = new ArrayList<>(actual);
            removed.removeAll(names);
            return Optional.of("names changed" + (added.isEmpty() ? "" : ", added " + added)
                    + (removed.isEmpty() ? "" : ", removed " + removed));
        }
        if (expiryDue(certificate, signer, settings, now)) {
            return Optional.of("expires at " + notAfter(certificate));
        }
        if (!now.isBefore(notAfter(certificate))) {
            return Optional.of("expired at " + notAfter(certificate));
        }
        return Optional.empty();
    }

    /** In its renewal window, and a certificate issued now would live longer. */
    private static boolean expiryDue(
            X509Certificate certificate, CertificateAuthority signer, Settings settings, Instant now) {
        return !now.isBefore(renewalStart(certificate, settings))
                && issuedNotAfter(signer.certificate(), settings, now).isAfter(notAfter(certificate));
    }

    /** The CAs clients and nodes trust: the newest, and the previous while a renewal overlaps. */
    public static List<X509Certificate> trustBundle(X509Certificate newest, Optional<X509Certificate> previous) {
        List<X509Certificate> bundle = new ArrayList<>();
        bundle.add(newest);
        previous.ifPresent(bundle::add);
        return bundle;
    }

    static Instant renewalStart(X509Certificate certificate, Settings settings) {
        return notAfter(certificate).minus(settings.renewal());
    }

    public static Instant notAfter(X509Certificate certificate) {
        return certificate.getNotAfter().toInstant();
    }

    public static Instant notBefore(X509Certificate certificate) {
        return certificate.getNotBefore().toInstant();
    }
}
