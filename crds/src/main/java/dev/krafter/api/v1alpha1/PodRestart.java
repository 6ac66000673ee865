package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A pod a rolling restart deleted and is waiting for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodRestart {
    @JsonPropertyDescription("The pod's name.")
    private String pod;

    @JsonPropertyDescription("When the operator deleted it (RFC 3339).")
    private String restartedAt;

    public PodRestart() {}

    public PodRestart(String pod, String restartedAt) {
        this.pod = pod;
        this.restartedAt = restartedAt;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getRestartedAt() {
        return restartedAt;
    }

    public void setRestartedAt(String restartedAt) {
        this.restartedAt = restartedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodRestart other
                && Objects.equals(pod, other.pod)
                && Objects.equals(restartedAt, other.restartedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pod, restartedAt);
    }

    @Override
    public String toString() {
        return pod + " since " + restartedAt;
    }
}
