package dev.krafter.user;

import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import dev.krafter.certs.RenewalPlanner;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clients CA of a cluster as a signer of user certificates, from the Secret that holds it: the operator's own
 * ({@code <cluster>-clients-ca}: {@code ca.crt}, {@code ca.key}, and {@code previous-ca.*} while a renewal overlaps) or
 * the one {@code spec.certificates.clientsCa} names ({@code tls.crt}/{@code tls.key} or {@code ca.crt}/{@code ca.key}).
 * While an operator CA renewal overlaps, the CA that signs is the one {@link RenewalPlanner} says signs node
 * certificates, so users move to the new CA together with the brokers, half-way through the window.
 *
 * @param signer  the CA that signs user certificates now
 * @param trusted the CA certificates a broker trusts for client authentication now
 */
record ClientsCa(CertificateAuthority signer, List<X509Certificate> trusted) {

    /** From the operator's {@code <cluster>-clients-ca} Secret; empty when it holds no CA yet. */
    static Optional<ClientsCa> fromOperatorSecret(
            Map<String, byte[]> data, RenewalPlanner.Settings settings, Instant now) {
        Optional<CertificateAuthority> newest = ca(data, "ca.crt", "ca.key");
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Optional<CertificateAuthority> previous = ca(data, "previous-ca.crt", "previous-ca.key");
        RenewalPlanner.CaPlan plan = RenewalPlanner.planCa(
                new RenewalPlanner.CaCertificates(
                        newest.map(CertificateAuthority::certificate),
                        previous.map(CertificateAuthority::certificate),
                        false),
                settings,
                now);
        if (plan.dropPrevious()) {
            previous = Optional.empty();
        }
        // A CA about to be renewed (plan.generate()) keeps signing: the cluster's reconcile renews it.
        CertificateAuthority signer =
                !plan.generate() && plan.signer() == RenewalPlanner.Signer.PREVIOUS && previous.isPresent()
                        ? previous.get()
                        : newest.get();
        return Optional.of(new ClientsCa(
                signer,
                RenewalPlanner.trustBundle(
                        newest.get().certificate(), previous.map(CertificateAuthority::certificate))));
    }

    /** From a user-provided CA Secret; empty when it has no readable certificate and key. */
    static Optional<ClientsCa> fromUserSecret(Map<String, byte[]> data) {
        Optional<CertificateAuthority> ca = ca(
                data,
                data.containsKey("tls.crt") ? "tls.crt" : "ca.crt",
                data.containsKey("tls.key") ? "tls.key" : "ca.key");
        return ca.map(c -> new ClientsCa(c, List.of(c.certificate())));
    }

    private static Optional<CertificateAuthority> ca(Map<String, byte[]> data, String certKey, String keyKey) {
        Optional<X509Certificate> certificate = Pem.readCertificate(text(data.get(certKey)));
        Optional<PrivateKey> key = Pem.readPrivateKey(text(data.get(keyKey)));
        return certificate.isPresent() && key.isPresent()
                ? Optional.of(new CertificateAuthority(certificate.get(), key.get()))
                : Optional.empty();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
