package dev.krafter.certs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.certs.RenewalPlanner.CaCertificates;
import dev.krafter.certs.RenewalPlanner.CaPlan;
import dev.krafter.certs.RenewalPlanner.Settings;
import dev.krafter.certs.RenewalPlanner.Signer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenewalPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Node certificates 365 days, renewed 30 days before expiry; CAs 1825 days. */
    private static final Settings SETTINGS = Settings.ofDays(365, 30, 1825);

    private static final Set<String> NAMES = Set.of("demo-broker-0.demo-nodes", "demo-bootstrap");

    private static CertificateAuthority ca(Instant from) {
        return CertificateAuthority.generate("demo cluster CA", from, from.plus(SETTINGS.caValidity()));
    }

    private static X509Certificate node(CertificateAuthority ca, Instant from, Set<String> names) {
        return ca.issue("demo-broker-0", names, from, RenewalPlanner.issuedNotAfter(ca.certificate(), SETTINGS, from))
                .certificate();
    }

    private static CaPlan plan(Optional<X509Certificate> newest, Optional<X509Certificate> previous, Instant now) {
        return RenewalPlanner.planCa(new CaCertificates(newest, previous, false), SETTINGS, now);
    }

    @Test
    void aMissingCaIsGeneratedAndAFreshOneLeftAlone() {
        assertThat(plan(Optional.empty(), Optional.empty(), T0))
                .isEqualTo(new CaPlan(true, false, Signer.NEWEST, "no CA yet"));
        CertificateAuthority ca = ca(T0);
        assertThat(plan(Optional.of(ca.certificate()), Optional.empty(), T0.plus(Duration.ofDays(1000))))
                .isEqualTo(new CaPlan(false, false, Signer.NEWEST, ""));
    }

    /** The three phases: both trusted with the old one signing, then the new one signing, then the old one gone. */
    @Test
    void aCaRenewalOverlapsOldAndNewUntilTheOldOneExpires() {
        CertificateAuthority old = ca(T0);
        Instant windowStart = T0.plus(SETTINGS.caValidity()).minus(SETTINGS.renewal());
        assertThat(plan(Optional.of(old.certificate()), Optional.empty(), windowStart.minusSeconds(1))
                        .generate())
                .isFalse();

        CaPlan renew = plan(Optional.of(old.certificate()), Optional.empty(), windowStart);
        assertThat(renew.generate()).isTrue();
        assertThat(renew.signer())
                .as("node certificates stay with the old CA while clients load the new one")
                .isEqualTo(Signer.PREVIOUS);
        assertThat(renew.reason()).contains("the CA expires at");

        CertificateAuthority renewed = ca(windowStart);
        Optional<X509Certificate> newest = Optional.of(renewed.certificate());
        Optional<X509Certificate> previous = Optional.of(old.certificate());
        assertThat(plan(newest, previous, windowStart.plus(Duration.ofDays(14))))
                .isEqualTo(new CaPlan(false, false, Signer.PREVIOUS, ""));
        assertThat(plan(newest, previous, windowStart.plus(Duration.ofDays(15))))
                .as("half-way through the window the new CA signs")
                .isEqualTo(new CaPlan(false, false, Signer.NEWEST, ""));
        assertThat(plan(newest, previous, RenewalPlanner.notAfter(old.certificate())))
                .as("the old CA leaves the bundle when it expires")
                .isEqualTo(new CaPlan(false, true, Signer.NEWEST, ""));
        assertThat(RenewalPlanner.trustBundle(renewed.certificate(), previous))
                .containsExactly(renewed.certificate(), old.certificate());
    }

    @Test
    void aUserProvidedCaIsNeverRenewedByTheOperator() {
        CertificateAuthority user = ca(T0);
        assertThat(RenewalPlanner.planCa(
                        new CaCertificates(Optional.of(user.certificate()), Optional.empty(), true),
                        SETTINGS,
                        RenewalPlanner.notAfter(user.certificate())))
                .isEqualTo(new CaPlan(false, false, Signer.NEWEST, ""));
    }

    @Test
    void aNodeCertificateIsIssuedWhenMissingRenamedOrInItsWindow() {
        CertificateAuthority ca = ca(T0);
        X509Certificate current = node(ca, T0, NAMES);
        assertThat(RenewalPlanner.nodeRenewal(Optional.empty(), NAMES, ca, SETTINGS, T0))
                .contains("no certificate yet");
        assertThat(RenewalPlanner.nodeRenewal(Optional.of(current), NAMES, ca, SETTINGS, T0.plus(Duration.ofDays(334))))
                .isEmpty();
        assertThat(RenewalPlanner.nodeRenewal(Optional.of(current), NAMES, ca, SETTINGS, T0.plus(Duration.ofDays(335))))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("expires at 2027-01-01"));
        assertThat(RenewalPlanner.nodeRenewal(
                        Optional.of(current), Set.of("demo-bootstrap", "203.0.113.7"), ca, SETTINGS, T0))
                .contains("names changed, added [203.0.113.7], removed [demo-broker-0.demo-nodes]");
        assertThat(RenewalPlanner.nodeRenewal(Optional.of(current), NAMES, ca(T0), SETTINGS, T0))
                .contains("not signed by the current CA");
    }

    /** Near the CA's expiry a node certificate is capped at it; renewing it again would change nothing. */
    /**
     * A certificate re-issued only for new names (a NodePort broker's node address) keeps the validity of the one it
     * replaces, which the node keeps on its controller connection until it restarts: the renewal before that one
     * expires is what restarts the node. Anything else starts a new validity period now.
     */
    @Test
    void aReissueForNewNamesOnlyKeepsTheValidityOfTheCertificateItReplaces() {
        CertificateAuthority ca = ca(T0);
        X509Certificate current = node(ca, T0, NAMES);
        Instant later = T0.plus(Duration.ofDays(100));

        assertThat(RenewalPlanner.issuedValidity(Optional.of(current), ca, SETTINGS, later))
                .isEqualTo(new RenewalPlanner.Validity(T0, T0.plus(SETTINGS.validity())));
        Instant inWindow = T0.plus(Duration.ofDays(340));
        assertThat(RenewalPlanner.issuedValidity(Optional.of(current), ca, SETTINGS, inWindow))
                .isEqualTo(new RenewalPlanner.Validity(inWindow, inWindow.plus(SETTINGS.validity())));
        CertificateAuthority newCa = ca(later);
        assertThat(RenewalPlanner.issuedValidity(Optional.of(current), newCa, SETTINGS, later))
                .isEqualTo(new RenewalPlanner.Validity(later, later.plus(SETTINGS.validity())));
        assertThat(RenewalPlanner.issuedValidity(Optional.empty(), ca, SETTINGS, later))
                .isEqualTo(new RenewalPlanner.Validity(later, later.plus(SETTINGS.validity())));
    }

    @Test
    void aCertificateCappedAtItsCaIsNotReissuedOnEveryPass() {
        CertificateAuthority ca = ca(T0);
        Instant late = T0.plus(SETTINGS.caValidity()).minus(Duration.ofDays(20));
        X509Certificate capped = node(ca, late, NAMES);
        assertThat(RenewalPlanner.notAfter(capped)).isEqualTo(RenewalPlanner.notAfter(ca.certificate()));
        assertThat(RenewalPlanner.nodeRenewal(Optional.of(capped), NAMES, ca, SETTINGS, late.plusSeconds(60)))
                .isEmpty();
    }
}
