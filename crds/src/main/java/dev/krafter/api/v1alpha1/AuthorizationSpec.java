package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthorizationSpec {
    public enum Type {
        /** Kafka's StandardAuthorizer: ACLs stored in the KRaft metadata log. */
        @JsonProperty("simple")
        SIMPLE
    }

    @Required
    @JsonPropertyDescription(
            "simple: Kafka's StandardAuthorizer (ACLs in the KRaft metadata). Once enabled, everything not allowed by an ACL is denied.")
    private Type type = Type.SIMPLE;

    @Size(max = 50)
    @JsonPropertyDescription(
            "Principals allowed everything, besides the nodes' and the operator's own (always super users), e.g. User:admin or User:CN=admin,O=example. Changing the list rolls the nodes.")
    private List<String> superUsers = new ArrayList<>();

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public List<String> getSuperUsers() {
        return superUsers;
    }

    public void setSuperUsers(List<String> superUsers) {
        this.superUsers = superUsers;
    }
}
