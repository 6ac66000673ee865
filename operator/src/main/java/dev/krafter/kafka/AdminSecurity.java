package dev.krafter.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The security part of the operator's Admin client config. With internal TLS the operator connects to the replication
 * listener with its own certificate (a super user); the PEM key, chain and CA are passed inline (Kafka's PEM key and
 * trust stores, KIP-651), so no file is written. Kafka logs these values as [hidden]: they are password-type configs.
 */
public final class AdminSecurity {
    /** Plaintext: a cluster without internal TLS. */
    public static final Map<String, Object> PLAINTEXT = Map.of();

    private AdminSecurity() {}

    /**
     * @param certificateChain PEM certificate(s): the operator's, then its issuer
     * @param privateKey       PEM PKCS#8 key, unencrypted
     * @param trustedCa        PEM CA certificate(s) the brokers' certificates are signed by
     */
    public static Map<String, Object> mutualTls(String certificateChain, String privateKey, String trustedCa) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, certificateChain);
        config.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, privateKey);
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, trustedCa);
        return config;
    }

    /** A digest that changes with any value (a renewed certificate), so the cached client is replaced; never logged. */
    static String fingerprint(Map<String, Object> security) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(security)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
