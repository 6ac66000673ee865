package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The credentials of a KafkaUser. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserAuthentication {
    public enum Type {
        @JsonProperty("tls")
        TLS,
        @JsonProperty("scram-sha-512")
        SCRAM_SHA_512
    }

    @Required
    @JsonPropertyDescription(
            "tls: a client certificate (CN=<userName>) signed by the cluster's clients CA, renewed before it expires; needs a TLS listener. scram-sha-512: a password stored in Kafka as a SCRAM-SHA-512 credential.")
    private Type type;

    @JsonPropertyDescription(
            "scram-sha-512 only: take the password from this Secret key instead of generating one. A changed value is stored in Kafka on the next reconcile.")
    private PasswordSource passwordFrom;

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public PasswordSource getPasswordFrom() {
        return passwordFrom;
    }

    public void setPasswordFrom(PasswordSource passwordFrom) {
        this.passwordFrom = passwordFrom;
    }

    /** Where a SCRAM password comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PasswordSource {
        @Required
        @JsonPropertyDescription("A key of a Secret in this namespace that holds the password.")
        private SecretConfig.SecretKeyRef secretKeyRef;

        public SecretConfig.SecretKeyRef getSecretKeyRef() {
            return secretKeyRef;
        }

        public void setSecretKeyRef(SecretConfig.SecretKeyRef secretKeyRef) {
            this.secretKeyRef = secretKeyRef;
        }
    }
}
