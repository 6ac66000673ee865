package dev.krafter.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import dev.krafter.certs.RenewalPlanner;
import dev.krafter.certs.SubjectNames;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserCertificateTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final RenewalPlanner.Settings SETTINGS = RenewalPlanner.Settings.ofDays(10, 2, 100);
    private static final CertificateAuthority CA =
            CertificateAuthority.generate("kafka clients CA", NOW, NOW.plus(Duration.ofDays(100)));

    private static X509Certificate issued(CertificateAuthority ca, String user, Instant at) {
        return ca.issueClient(user, at, at.plus(SETTINGS.validity())).certificate();
    }

    @Test
    void aClientCertificateNamesOnlyTheUserAndIsForClientAuthentication() throws Exception {
        X509Certificate certificate = issued(CA, "alice", NOW);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(SubjectNames.of(certificate)).isEmpty();
        assertThat(CA.signed(certificate)).isTrue();
    }

    @Test
    void issuedWhenMissingRenamedSignedByAnotherCaOrInItsRenewalWindow() {
        assertThat(UserCertificate.renewal(Optional.empty(), "alice", CA, SETTINGS, NOW))
                .hasValue("no certificate yet");

        X509Certificate alice = issued(CA, "alice", NOW);
        assertThat(UserCertificate.renewal(Optional.of(alice), "alice", CA, SETTINGS, NOW.plus(Duration.ofDays(7))))
                .as("before its 2-day window")
                .isEmpty();
        assertThat(UserCertificate.renewal(
                        Optional.of(alice),
                        "alice",
                        CA,
                        SETTINGS,
                        NOW.plus(Duration.ofDays(8).plusHours(1))))
                .hasValueSatisfying(r -> assertThat(r).startsWith("expires at"));
        assertThat(UserCertificate.renewal(Optional.of(alice), "bob", CA, SETTINGS, NOW))
                .hasValueSatisfying(r -> assertThat(r).contains("CN=alice").contains("CN=bob"));

        CertificateAuthority replaced =
                CertificateAuthority.generate("new clients CA", NOW, NOW.plus(Duration.ofDays(100)));
        assertThat(UserCertificate.renewal(Optional.of(alice), "alice", replaced, SETTINGS, NOW))
                .hasValue("not signed by the current CA");
    }

    @Test
    void theSecretHoldsPemFilesAPemKeyStoreAndAPkcs12KeyStore() throws Exception {
        CertificateAuthority.Issued issued = CA.issueClient("alice", NOW, NOW.plus(SETTINGS.validity()));
        Map<String, byte[]> data = UserSecrets.tls(issued, CA.certificate(), List.of(CA.certificate()));

        assertThat(data).containsOnlyKeys("user.crt", "user.key", "user.pem", "user.p12", "user.password", "ca.crt");
        String pem = new String(data.get("user.pem"), StandardCharsets.UTF_8);
        assertThat(Pem.readPrivateKey(pem)).hasValue(issued.key());
        assertThat(Pem.readCertificates(pem)).containsExactly(issued.certificate(), CA.certificate());
        assertThat(Pem.readCertificates(new String(data.get("ca.crt"), StandardCharsets.UTF_8)))
                .containsExactly(CA.certificate());

        KeyStore p12 = KeyStore.getInstance("PKCS12");
        char[] password = new String(data.get("user.password"), StandardCharsets.UTF_8).toCharArray();
        p12.load(new ByteArrayInputStream(data.get("user.p12")), password);
        assertThat(p12.getCertificate("user")).isEqualTo(issued.certificate());
        assertThat(p12.getKey("user", password)).isEqualTo(issued.key());
        assertThat(UserSecrets.tlsComplete(data)).isTrue();
        assertThat(UserSecrets.certificate(data)).hasValue(issued.certificate());
    }

    @Test
    void duringAClientsCaRenewalTheOldCaSignsUntilHalfWayThenTheNewOne() {
        Instant start = NOW.plus(Duration.ofDays(98));
        CertificateAuthority renewed =
                CertificateAuthority.generate("kafka clients CA", start, start.plus(Duration.ofDays(100)));
        Map<String, byte[]> stored = Map.of(
                "ca.crt", UserSecrets.utf8(Pem.certificate(renewed.certificate())),
                "ca.key", UserSecrets.utf8(Pem.privateKey(renewed.key())),
                "previous-ca.crt", UserSecrets.utf8(Pem.certificate(CA.certificate())),
                "previous-ca.key", UserSecrets.utf8(Pem.privateKey(CA.key())));

        ClientsCa early = ClientsCa.fromOperatorSecret(stored, SETTINGS, start.plus(Duration.ofHours(1)))
                .orElseThrow();
        assertThat(early.signer().certificate()).isEqualTo(CA.certificate());
        assertThat(early.trusted()).containsExactly(renewed.certificate(), CA.certificate());

        ClientsCa late = ClientsCa.fromOperatorSecret(
                        stored, SETTINGS, start.plus(Duration.ofDays(1).plusHours(1)))
                .orElseThrow();
        assertThat(late.signer().certificate()).isEqualTo(renewed.certificate());
        assertThat(ClientsCa.fromOperatorSecret(Map.of(), SETTINGS, NOW)).isEmpty();
    }

    @Test
    void theJaasConfigQuotesWhatAPasswordMayContain() {
        assertThat(UserSecrets.jaasConfig("alice", "p\"w\\d"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
                        + " password=\"p\\\"w\\\\d\";");
        assertThat(UserSecrets.generatePassword())
                .hasSize(32)
                .matches("[A-Za-z0-9]+")
                .isNotEqualTo(UserSecrets.generatePassword());
        assertThat(UserSecrets.fingerprint("alice", "a"))
                .isNotEqualTo(UserSecrets.fingerprint("alice", "b"))
                .doesNotContain("a\u0000");
    }
}
