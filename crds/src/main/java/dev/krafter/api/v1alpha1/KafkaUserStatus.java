package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaUserStatus extends KrafterStatus {
    @JsonPropertyDescription("The Kafka user name; the principal is User:<userName>.")
    private String userName;

    @JsonPropertyDescription("The Secret holding the user's credentials (named after the resource), when it has any.")
    private String secret;

    @JsonPropertyDescription(
            "tls: when the user's certificate expires; it is renewed before, as the cluster's spec.certificates says.")
    private String certificateNotAfter;

    @Max(2147483647)
    @JsonPropertyDescription("ACL entries of the user in Kafka.")
    private Integer acls;

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getCertificateNotAfter() {
        return certificateNotAfter;
    }

    public void setCertificateNotAfter(String certificateNotAfter) {
        this.certificateNotAfter = certificateNotAfter;
    }

    public Integer getAcls() {
        return acls;
    }

    public void setAcls(Integer acls) {
        this.acls = acls;
    }
}
