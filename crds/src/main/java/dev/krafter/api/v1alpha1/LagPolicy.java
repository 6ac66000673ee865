package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LagPolicy {
    @Min(0)
    @JsonPropertyDescription(
            "Total lag in messages above which lagStatus is at least WARNING. Unset: only Burrow's trend rules apply.")
    private Long warningLagMessages;

    @Min(0)
    @JsonPropertyDescription(
            "Lag in seconds above which lagStatus is at least WARNING. Unset: only Burrow's trend rules apply.")
    private Long warningLagSeconds;

    @Min(2)
    @Max(100)
    @Default("10")
    @JsonPropertyDescription("Observations in the evaluation window of the Burrow rules.")
    private int windowSize = 10;

    @Min(1)
    @Max(100)
    @Default("80")
    @JsonPropertyDescription(
            "A partition is at risk when its lag exceeds this percentage of the retained log (log-end minus log-start offset).")
    private int retentionRiskPercent = 80;

    public Long getWarningLagMessages() {
        return warningLagMessages;
    }

    public void setWarningLagMessages(Long warningLagMessages) {
        this.warningLagMessages = warningLagMessages;
    }

    public Long getWarningLagSeconds() {
        return warningLagSeconds;
    }

    public void setWarningLagSeconds(Long warningLagSeconds) {
        this.warningLagSeconds = warningLagSeconds;
    }

    public int getWindowSize() {
        return windowSize;
    }

    public void setWindowSize(int windowSize) {
        this.windowSize = windowSize;
    }

    public int getRetentionRiskPercent() {
        return retentionRiskPercent;
    }

    public void setRetentionRiskPercent(int retentionRiskPercent) {
        this.retentionRiskPercent = retentionRiskPercent;
    }
}
