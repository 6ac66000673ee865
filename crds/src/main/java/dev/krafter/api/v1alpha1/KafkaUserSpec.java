package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = ReadableSpecDeserializer.class)
public class KafkaUserSpec extends ReadableSpec {
    @Required
    @JsonPropertyDescription("The KafkaCluster this user belongs to.")
    private ClusterRef clusterRef;

    @Pattern("^[a-zA-Z0-9._@-]{1,128}$")
    @JsonPropertyDescription(
            "Kafka user name, when it differs from metadata.name: the principal is User:<userName>, the certificate's CN or the SCRAM user name. Letters, digits, '.', '_', '@' and '-'.")
    private String userName;

    @JsonPropertyDescription(
            "How the user proves who it is. Unset: no credentials are managed (ACLs and quotas only, for a principal authenticated otherwise).")
    private UserAuthentication authentication;

    @JsonPropertyDescription(
            "What the user may do: its ACLs. ACLs of this principal in Kafka that are not listed here are removed.")
    private UserAuthorization authorization;

    @JsonPropertyDescription(
            "Kafka client quotas of this user (entity user=<userName>); a quota removed here is removed from Kafka.")
    private UserQuotas quotas;

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public UserAuthentication getAuthentication() {
        return authentication;
    }

    public void setAuthentication(UserAuthentication authentication) {
        this.authentication = authentication;
    }

    public UserAuthorization getAuthorization() {
        return authorization;
    }

    public void setAuthorization(UserAuthorization authorization) {
        this.authorization = authorization;
    }

    public UserQuotas getQuotas() {
        return quotas;
    }

    public void setQuotas(UserQuotas quotas) {
        this.quotas = quotas;
    }
}
