package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One broker config value taken from a Secret: {@code {name: <kafka key>, secretKeyRef: {name, key}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretConfig {
    @Required
    @Pattern("^[a-zA-Z0-9._-]+$")
    @JsonPropertyDescription(
            "The Kafka broker config key, one Kafka marks PASSWORD: ssl.keystore.password, ssl.key.password, ssl.truststore.password, sasl.jaas.config, delegation.token.secret.key, ... or a listener.name.<listener>.<key> variant of one.")
    private String name;

    @Required
    @JsonPropertyDescription(
            "The key of a Secret in the KafkaCluster's namespace holding the value. The brokers read it from a mounted file; the operator never reads it.")
    private SecretKeyRef secretKeyRef;

    public SecretConfig() {}

    public SecretConfig(String name, String secretName, String secretKey) {
        this.name = name;
        this.secretKeyRef = new SecretKeyRef(secretName, secretKey);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public SecretKeyRef getSecretKeyRef() {
        return secretKeyRef;
    }

    public void setSecretKeyRef(SecretKeyRef secretKeyRef) {
        this.secretKeyRef = secretKeyRef;
    }

    /** A key of a Secret in the same namespace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Secret.")
        private String name;

        @Required
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key within the Secret's data.")
        private String key;

        public SecretKeyRef() {}

        public SecretKeyRef(String name, String key) {
            this.name = name;
            this.key = key;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }
    }
}
