package dev.krafter.user;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KafkaUser;
import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Secret of a KafkaUser's credentials, named after the resource and owned by it (deleted with it). Pure: what to
 * write is computed here from what is stored and what was issued; {@link UserSecretStore} reads and writes it.
 *
 * <p>tls: {@code user.crt}, {@code user.key} (PKCS#8, unencrypted), {@code user.pem} (key and chain in one file, a
 * Kafka PEM key store: {@code ssl.keystore.type=PEM}), {@code ca.crt} (the clients CA), and {@code user.p12} with its
 * password in {@code user.password} for clients that read only PKCS#12. scram-sha-512: {@code password} and
 * {@code sasl.jaas.config}.
 */
final class UserSecrets {
    static final String USER_CRT = "user.crt";
    static final String USER_KEY = "user.key";
    static final String USER_PEM = "user.pem";
    static final String USER_P12 = "user.p12";
    static final String USER_P12_PASSWORD = "user.password";
    static final String CA_CRT = "ca.crt";
    static final String PASSWORD = "password";
    static final String JAAS_CONFIG = "sasl.jaas.config";
    /**
     * A fingerprint of the password last stored in Kafka (a SHA-256 of user and password, kept next to the password
     * itself, so it tells nothing the Secret does not): a password that differs from it is stored again.
     */
    static final String SCRAM_FINGERPRINT = ApiGroup.GROUP + "/scram-fingerprint";

    static final String USER_LABEL = ApiGroup.GROUP + "/kafka-user";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final int GENERATED_PASSWORD_LENGTH = 32;

    private UserSecrets() {}

    /** A new password of 32 letters and digits (190 bits). */
    static String generatePassword() {
        StringBuilder password = new StringBuilder(GENERATED_PASSWORD_LENGTH);
        for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** The data of a scram-sha-512 user's Secret. */
    static Map<String, byte[]> scram(String userName, String password) {
        Map<String, byte[]> data = new TreeMap<>();
        data.put(PASSWORD, utf8(password));
        data.put(JAAS_CONFIG, utf8(jaasConfig(userName, password)));
        return data;
    }

    /** What a Kafka client sets as {@code sasl.jaas.config} (with {@code sasl.mechanism=SCRAM-SHA-512}). */
    static String jaasConfig(String userName, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(userName)
                + "\" password=\"" + quoted(password) + "\";";
    }

    static String fingerprint(String userName, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(utf8("krafter-scram\u0000" + userName + "\u0000" + password));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data of a tls user's Secret with a newly issued certificate. */
    static Map<String, byte[]> tls(
            CertificateAuthority.Issued issued, X509Certificate signer, List<X509Certificate> trusted) {
        String password = generatePassword();
        List<X509Certificate> chain = List.of(issued.certificate(), signer);
        Map<String, byte[]> data = new TreeMap<>();
        data.put(USER_CRT, utf8(Pem.certificate(issued.certificate())));
        data.put(USER_KEY, utf8(Pem.privateKey(issued.key())));
        data.put(USER_PEM, utf8(Pem.keyStore(issued.key(), chain)));
        data.put(USER_P12, pkcs12(issued, chain, password));
        data.put(USER_P12_PASSWORD, utf8(password));
        data.put(CA_CRT, utf8(Pem.certificates(trusted)));
        return data;
    }

    /** A stored tls Secret's data kept as it is, with the clients CA bundle brought up to date. */
    static Map<String, byte[]> tlsKept(Map<String, byte[]> stored, List<X509Certificate> trusted) {
        Map<String, byte[]> data = new TreeMap<>();
        for (String key : List.of(USER_CRT, USER_KEY, USER_PEM, USER_P12, USER_P12_PASSWORD)) {
            if (stored.containsKey(key)) {
                data.put(key, stored.get(key));
            }
        }
        data.put(CA_CRT, utf8(Pem.certificates(trusted)));
        return data;
    }

    /** Whether a stored tls Secret has every file a client needs (else the certificate is issued again). */
    static boolean tlsComplete(Map<String, byte[]> stored) {
        return List.of(USER_CRT, USER_KEY, USER_PEM, USER_P12, USER_P12_PASSWORD).stream()
                .allMatch(stored::containsKey);
    }

    static Optional<X509Certificate> certificate(Map<String, byte[]> stored) {
        byte[] pem = stored.get(USER_CRT);
        return pem == null ? Optional.empty() : Pem.readCertificate(new String(pem, StandardCharsets.UTF_8));
    }

    static Secret secret(KafkaUser user, Map<String, byte[]> data, Map<String, String> annotations) {
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "kafka-user");
        labels.put("app.kubernetes.io/managed-by", "krafter");
        labels.put(USER_LABEL, user.getMetadata().getName());
        labels.put("krafter.dev/cluster", user.getSpec().getClusterRef().getName());
        return new SecretBuilder()
                .withNewMetadata()
                .withName(user.getMetadata().getName())
                .withNamespace(user.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(new TreeMap<>(annotations))
                .withOwnerReferences(owner(user))
                .endMetadata()
                .withType("Opaque")
                .withData(encoded)
                .build();
    }

    static OwnerReference owner(KafkaUser user) {
        return new OwnerReferenceBuilder()
                .withApiVersion(ApiGroup.API_VERSION)
                .withKind("KafkaUser")
                .withName(user.getMetadata().getName())
                .withUid(user.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** The stored Secret's data, decoded. */
    static Map<String, byte[]> decoded(Secret secret) {
        Map<String, byte[]> data = new TreeMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return data;
    }

    private static byte[] pkcs12(CertificateAuthority.Issued issued, List<X509Certificate> chain, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("user", issued.key(), password.toCharArray(), chain.toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write a PKCS#12 key store", e);
        }
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
