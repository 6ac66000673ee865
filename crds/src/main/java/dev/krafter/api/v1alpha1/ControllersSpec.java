package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControllersSpec {
    public enum Mode {
        /** Every broker is also a KRaft controller voter (small clusters). */
        @JsonProperty("combined")
        COMBINED,
        /** Controllers run as their own StatefulSet (production). */
        @JsonProperty("dedicated")
        DEDICATED
    }

    @Default("combined")
    @JsonPropertyDescription(
            "combined: the first 'replicas' brokers are also controllers; dedicated: a separate StatefulSet of controllers. Fixed after creation.")
    private Mode mode = Mode.COMBINED;

    @Min(1)
    @Max(5)
    @JsonPropertyDescription(
            "Quorum voters: 1, 3 or 5. Fixed after creation. In combined mode, at most the broker count. When unset, the operator chooses at creation and keeps it (status.controllers.replicas shows it): in combined mode 1 voter for 1 or 2 brokers and 3 from 3 brokers on; 3 dedicated controllers in dedicated mode.")
    private Integer replicas;

    @JsonPropertyDescription("CPU and memory of each dedicated controller container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Where each dedicated controller keeps its metadata log.")
    private StorageSpec storage;

    @JsonPropertyDescription("JVM options of each dedicated controller.")
    private JvmOptions jvmOptions;

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** The voter count the spec sets, or null when the operator chooses it. */
    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public JvmOptions getJvmOptions() {
        return jvmOptions;
    }

    public void setJvmOptions(JvmOptions jvmOptions) {
        this.jvmOptions = jvmOptions;
    }
}
