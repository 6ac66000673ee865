package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscaleStatus {
    @JsonPropertyDescription("Replicas of the target when last observed.")
    @Max(2147483647)
    private Integer currentReplicas;

    @JsonPropertyDescription("Replicas the lag asks for, within the bounds.")
    @Max(2147483647)
    private Integer desiredReplicas;

    @JsonPropertyDescription("Why, for example 'lag 12000 / 5000 per replica' or 'cooldown until ...'.")
    private String reason;

    @JsonPropertyDescription("When the target was last scaled (RFC 3339).")
    private String lastScaleTime;

    public Integer getCurrentReplicas() {
        return currentReplicas;
    }

    public void setCurrentReplicas(Integer currentReplicas) {
        this.currentReplicas = currentReplicas;
    }

    public Integer getDesiredReplicas() {
        return desiredReplicas;
    }

    public void setDesiredReplicas(Integer desiredReplicas) {
        this.desiredReplicas = desiredReplicas;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getLastScaleTime() {
        return lastScaleTime;
    }

    public void setLastScaleTime(String lastScaleTime) {
        this.lastScaleTime = lastScaleTime;
    }
}
