package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OperationStatus {
    @JsonPropertyDescription("Creating, ScalingUp, ScalingDown, RollingRestart, Rebalancing, ApplyingConfig or Upgrading.")
    private String type;

    @JsonPropertyDescription("Step within the operation, for example 'restarting pod kafka-brokers-2' or 'waiting for ISR'.")
    private String phase;

    @JsonPropertyDescription("Progress as done/total, for example 2/6.")
    private String progress;

    @JsonPropertyDescription("When the operation started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the progress last changed (RFC 3339): a rebalance or drain that moves nothing for spec.rebalance.progressTimeoutSeconds is reported Stalled.")
    private String progressAt;

    @JsonPropertyDescription("Replication throttle in force, bytes per second, while partitions move.")
    private Long throttleBytesPerSecond;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getProgress() {
        return progress;
    }

    public void setProgress(String progress) {
        this.progress = progress;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public Long getThrottleBytesPerSecond() {
        return throttleBytesPerSecond;
    }

    public void setThrottleBytesPerSecond(Long throttleBytesPerSecond) {
        this.throttleBytesPerSecond = throttleBytesPerSecond;
    }

    public String getProgressAt() {
        return progressAt;
    }

    public void setProgressAt(String progressAt) {
        this.progressAt = progressAt;
    }
}
