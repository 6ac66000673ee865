package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OperationStatus {
    @JsonPropertyDescription(
            "Creating, ScalingUp, ScalingDown, RollingRestart, Rebalancing, ApplyingConfig or Upgrading.")
    private String type;

    @JsonPropertyDescription(
            "Step within the operation, for example 'restarting pod kafka-brokers-2' or 'waiting for ISR'.")
    private String phase;

    @JsonPropertyDescription("Progress as done/total, for example 2/6.")
    private String progress;

    @JsonPropertyDescription("When the operation started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription(
            "When the progress last changed (RFC 3339): a rebalance or drain that moves nothing for spec.rebalance.progressTimeoutSeconds is reported Stalled.")
    private String progressAt;

    @JsonPropertyDescription("Replication throttle in force, bytes per second, while partitions move.")
    private Long throttleBytesPerSecond;

    @JsonPropertyDescription(
            "Rolling restart: the pods it restarted that are not back yet (ready, registered, unfenced and in every ISR), with when each was restarted.")
    private List<PodRestart> restarting;

    @JsonPropertyDescription(
            "Rolling restart: seconds each pod it restarted took from its deletion until it was back (ready, registered, unfenced and in every ISR), in the order they came back.")
    private List<Integer> restartSeconds;

    @JsonPropertyDescription(
            "Rolling restart: when it should be done (RFC 3339), from the pods left, how many restart together now and the mean of restartSeconds. Absent until one pod was timed.")
    private String estimatedCompletionAt;

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

    public List<PodRestart> getRestarting() {
        return restarting;
    }

    public void setRestarting(List<PodRestart> restarting) {
        this.restarting = restarting;
    }

    public List<Integer> getRestartSeconds() {
        return restartSeconds;
    }

    public void setRestartSeconds(List<Integer> restartSeconds) {
        this.restartSeconds = restartSeconds;
    }

    public String getEstimatedCompletionAt() {
        return estimatedCompletionAt;
    }

    public void setEstimatedCompletionAt(String estimatedCompletionAt) {
        this.estimatedCompletionAt = estimatedCompletionAt;
    }
}
