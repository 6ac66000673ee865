package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class RolloutSpec {
    @Min(30)
    @Max(86400)
    @Default("600")
    @JsonPropertyDescription("Seconds a restarted pod may take to become ready, registered and back in every ISR before the roll is reported as stuck and retried with backoff.")
    private int podTimeoutSeconds = 600;

    @Min(5)
    @Max(3600)
    @Default("30")
    @JsonPropertyDescription("Seconds to wait before re-checking when a restart would put a partition under min.insync.replicas.")
    private int safetyRetrySeconds = 30;

    public int getPodTimeoutSeconds() {
        return podTimeoutSeconds;
    }

    public void setPodTimeoutSeconds(int podTimeoutSeconds) {
        this.podTimeoutSeconds = podTimeoutSeconds;
    }

    public int getSafetyRetrySeconds() {
        return safetyRetrySeconds;
    }

    public void setSafetyRetrySeconds(int safetyRetrySeconds) {
        this.safetyRetrySeconds = safetyRetrySeconds;
    }
}
