package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JvmOptions {
    @Pattern("^[0-9]+[kKmMgG]?$")
    @JsonPropertyDescription(
            "Heap size (-Xms and -Xmx), for example 2g. When unset, the entrypoint sizes it from the container memory limit.")
    private String heap;

    @JsonPropertyDescription("Extra JVM arguments, for example -XX:+UseZGC.")
    private List<String> extraArgs = new ArrayList<>();

    public String getHeap() {
        return heap;
    }

    public void setHeap(String heap) {
        this.heap = heap;
    }

    public List<String> getExtraArgs() {
        return extraArgs;
    }

    public void setExtraArgs(List<String> extraArgs) {
        this.extraArgs = extraArgs;
    }
}
