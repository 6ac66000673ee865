package dev.krafter.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A CA certificate and its key: generates itself and signs certificates. Keys are EC P-256 (see the package
 * documentation for why).
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new self-signed CA valid from {@code notBefore} to {@code notAfter}. */
    public static CertificateAuthority generate(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ",O=krafter.dev");
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject, serial(), Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot generate CA " + commonName, e);
        }
    }

    /**
     * A certificate for {@code names} (DNS names, and IP addresses as IP SANs) with a new key, for TLS servers and
     * clients both (a node is the server of its listeners and the client of its peers).
     */
    public Issued issue(String commonName, Set<String> names, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        return new Issued(sign(commonName, names, pair.getPublic(), notBefore, notAfter), pair.getPrivate());
    }

    /**
     * A client certificate with a new key whose subject is exactly {@code CN=<user>}, which the brokers' principal
     * mapping turns into {@code User:<user>} (docs/security.md, "Principals"); no subject alternative names, client
     * authentication only; for the clients CA.
     */
    public Issued issueClient(String user, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        return new Issued(
                sign(
                        new X500Principal("CN=" + user),
                        Set.of(),
                        pair.getPublic(),
                        notBefore,
                        notAfter,
                        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}),
                pair.getPrivate());
    }

    X509Certificate sign(
            String commonName, Set<String> names, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        return sign(
                new X500Principal("CN=" + commonName + ",O=krafter.dev"),
                names,
                publicKey,
                notBefore,
                notAfter,
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
    }

    private X509Certificate sign(
            X500Principal subject,
            Set<String> names,
            PublicKey publicKey,
            Instant notBefore,
            Instant notAfter,
            KeyPurposeId[] purposes) {
        String commonName = subject.getName();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            if (!names.isEmpty()) {
                List<GeneralName> general = new ArrayList<>();
                for (String name : names) {
                    general.add(
                            IPAddress.isValid(name)
                                    ? new GeneralName(GeneralName.iPAddress, name)
                                    : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(general.toArray(GeneralName[]::new)));
            }
            return sign(builder, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    /** Whether {@code candidate} was signed by this CA (its signature verifies with this CA's key). */
    public boolean signed(X509Certificate candidate) {
        if (!candidate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            candidate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A certificate and its new private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {}

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** ECDSA for the operator's own keys; a user-provided RSA CA signs with RSA. */
    private static String signatureAlgorithm(PrivateKey signer) {
        return "RSA".equals(signer.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }
}
