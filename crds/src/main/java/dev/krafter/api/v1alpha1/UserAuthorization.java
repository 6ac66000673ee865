package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The ACLs of a KafkaUser. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserAuthorization {
    @JsonPropertyDescription(
            "ACLs of principal User:<userName>, applied with Kafka's Admin API. The cluster needs an authorizer (spec.authorization of the KafkaCluster).")
    private List<AclRule> acls = new ArrayList<>();

    public List<AclRule> getAcls() {
        return acls;
    }

    public void setAcls(List<AclRule> acls) {
        this.acls = acls;
    }
}
