package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScaleTargetRef {
    @Default("apps/v1")
    @Pattern("^apps/v1$")
    @JsonPropertyDescription("apps/v1.")
    private String apiVersion = "apps/v1";

    @Required
    @Pattern("^(Deployment|StatefulSet)$")
    @JsonPropertyDescription("Deployment or StatefulSet.")
    private String kind;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @Size(max = 253)
    @JsonPropertyDescription("Name of the workload in the same namespace (a DNS-1123 subdomain). It must not be one of"
            + " Krafter's own (labelled krafter.dev/* or owned by a Krafter resource).")
    private String name;

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
