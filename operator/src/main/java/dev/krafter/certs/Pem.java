package dev.krafter.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM text of certificates and keys, as Kafka's PEM key stores (ssl.keystore.type=PEM) and OpenSSL read them. */
public final class Pem {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private static final java.util.regex.Pattern CERTIFICATE_BLOCK =
            java.util.regex.Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

    private Pem() {}

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(c -> pem.append(certificate(c)));
        return pem.toString();
    }

    /** An unencrypted PKCS#8 private key ("BEGIN PRIVATE KEY"), the form Kafka reads without ssl.key.password. */
    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** A key store file for Kafka: the private key, then the certificate chain from the node up to its CA. */
    public static String keyStore(PrivateKey key, List<X509Certificate> chain) {
        return privateKey(key) + certificates(chain);
    }

    /** Every certificate in the text (empty when there is none or it cannot be read). */
    public static List<X509Certificate> readCertificates(String pem) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        try {
            // Only the certificate blocks: a key store file starts with the private key.
            StringBuilder blocks = new StringBuilder();
            java.util.regex.Matcher matcher = CERTIFICATE_BLOCK.matcher(pem);
            while (matcher.find()) {
                blocks.append(matcher.group()).append('\n');
            }
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509")
                    .generateCertificates(
                            new ByteArrayInputStream(blocks.toString().getBytes(StandardCharsets.US_ASCII)))
                    .forEach(c -> certificates.add((X509Certificate) c));
            return certificates;
        } catch (CertificateException e) {
            return List.of();
        }
    }

    public static Optional<X509Certificate> readCertificate(String pem) {
        return readCertificates(pem).stream().findFirst();
    }

    /** The private key of PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") text. */
    public static Optional<PrivateKey> readPrivateKey(String pem) {
        if (pem == null || pem.isBlank()) {
            return Optional.empty();
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return Optional.of(converter.getKeyPair(pair).getPrivate());
            }
            if (object instanceof PrivateKeyInfo info) {
                return Optional.of(converter.getPrivateKey(info));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
