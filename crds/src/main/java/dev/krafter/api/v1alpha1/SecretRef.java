package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret in the namespace of the custom resource that holds a certificate and its key (e.g. from cert-manager). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription(
            "Name of a Secret in this namespace with the PEM certificate in tls.crt (or ca.crt) and its unencrypted private key in tls.key (or ca.key), as cert-manager writes them. The operator reads it on every reconcile, so a renewed certificate is picked up without a restart.")
    private String secretName;

    public SecretRef() {}

    public SecretRef(String secretName) {
        this.secretName = secretName;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }
}
