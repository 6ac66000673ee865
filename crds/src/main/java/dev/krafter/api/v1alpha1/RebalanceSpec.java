package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class RebalanceSpec {
    @Default("true")
    @JsonPropertyDescription(
            "Move partitions onto new brokers after a scale-up, and off removed brokers before a scale-down. When off, a scale-down of brokers that host replicas is refused.")
    private boolean enabled = true;

    @Min(1024)
    @Default("52428800")
    @JsonPropertyDescription("Replication throttle, bytes per second per broker, while partitions move.")
    private long throttleBytesPerSecond = 50L * 1024 * 1024;

    @Min(1)
    @Max(1000)
    @Default("5")
    @JsonPropertyDescription("Most partition moves in flight per broker at once.")
    private int maxConcurrentMovesPerBroker = 5;

    @Min(60)
    @Max(604800)
    @Default("1800")
    @JsonPropertyDescription(
            "Seconds a rebalance or drain may go without moving a replica before the cluster is reported Stalled (it keeps going): raise throttleBytesPerSecond, or check the brokers it moves to and from.")
    private int progressTimeoutSeconds = 1800;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public long getThrottleBytesPerSecond() {
        return throttleBytesPerSecond;
    }

    public void setThrottleBytesPerSecond(long throttleBytesPerSecond) {
        this.throttleBytesPerSecond = throttleBytesPerSecond;
    }

    public int getMaxConcurrentMovesPerBroker() {
        return maxConcurrentMovesPerBroker;
    }

    public void setMaxConcurrentMovesPerBroker(int maxConcurrentMovesPerBroker) {
        this.maxConcurrentMovesPerBroker = maxConcurrentMovesPerBroker;
    }

    public int getProgressTimeoutSeconds() {
        return progressTimeoutSeconds;
    }

    public void setProgressTimeoutSeconds(int progressTimeoutSeconds) {
        this.progressTimeoutSeconds = progressTimeoutSeconds;
    }
}
