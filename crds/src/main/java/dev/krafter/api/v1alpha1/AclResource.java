package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The resource of an ACL entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AclResource {
    public enum Type {
        @JsonProperty("topic")
        TOPIC,
        @JsonProperty("group")
        GROUP,
        @JsonProperty("cluster")
        CLUSTER,
        @JsonProperty("transactionalId")
        TRANSACTIONAL_ID
    }

    public enum PatternType {
        @JsonProperty("literal")
        LITERAL,
        @JsonProperty("prefixed")
        PREFIXED
    }

    @Required
    @JsonPropertyDescription("topic, group, cluster or transactionalId.")
    private Type type;

    @JsonPropertyDescription(
            "The topic, group or transactional id name (or prefix); * with patternType literal for all of them. Not used for type cluster.")
    private String name;

    @Default("literal")
    @JsonPropertyDescription("literal: the name exactly (or * for all); prefixed: every name starting with it.")
    private PatternType patternType = PatternType.LITERAL;

    public AclResource() {}

    public AclResource(Type type, String name, PatternType patternType) {
        this.type = type;
        this.name = name;
        this.patternType = patternType;
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public PatternType getPatternType() {
        return patternType;
    }

    public void setPatternType(PatternType patternType) {
        this.patternType = patternType;
    }
}
