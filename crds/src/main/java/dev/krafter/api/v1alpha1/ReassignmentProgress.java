package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReassignmentProgress {
    @JsonPropertyDescription("Partition moves finished.")
    @Max(2147483647)
    private int moved;

    @JsonPropertyDescription("Partition moves planned.")
    @Max(2147483647)
    private int total;

    @JsonPropertyDescription("Replication throttle in force, bytes per second.")
    private Long throttleBytesPerSecond;

    public ReassignmentProgress() {}

    public ReassignmentProgress(int moved, int total, Long throttleBytesPerSecond) {
        this.moved = moved;
        this.total = total;
        this.throttleBytesPerSecond = throttleBytesPerSecond;
    }

    public int getMoved() {
        return moved;
    }

    public void setMoved(int moved) {
        this.moved = moved;
    }

    public int getTotal() {
        return total;
    }

    public void setTotal(int total) {
        this.total = total;
    }

    public Long getThrottleBytesPerSecond() {
        return throttleBytesPerSecond;
    }

    public void setThrottleBytesPerSecond(Long throttleBytesPerSecond) {
        this.throttleBytesPerSecond = throttleBytesPerSecond;
    }
}
