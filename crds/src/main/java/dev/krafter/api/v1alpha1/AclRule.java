package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** One ACL entry: operations on a resource, allowed or denied, from a host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AclRule {
    public enum Operation {
        All,
        Read,
        Write,
        Create,
        Delete,
        Alter,
        Describe,
        ClusterAction,
        DescribeConfigs,
        AlterConfigs,
        IdempotentWrite
    }

    public enum Type {
        @JsonProperty("allow")
        ALLOW,
        @JsonProperty("deny")
        DENY
    }

    @Required
    @JsonPropertyDescription("The resource the operations apply to.")
    private AclResource resource;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription(
            "Operations: All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite (those Kafka allows for the resource type).")
    private List<Operation> operations = new ArrayList<>();

    @Default("\"*\"")
    @JsonPropertyDescription("Host (IP address) the rule applies to; * for any.")
    private String host = "*";

    @Default("allow")
    @JsonPropertyDescription("allow or deny; a deny rule wins over any allow.")
    private Type type = Type.ALLOW;

    public AclResource getResource() {
        return resource;
    }

    public void setResource(AclResource resource) {
        this.resource = resource;
    }

    public List<Operation> getOperations() {
        return operations;
    }

    public void setOperations(List<Operation> operations) {
        this.operations = operations;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }
}
