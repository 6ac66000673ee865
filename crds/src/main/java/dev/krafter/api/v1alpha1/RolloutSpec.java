package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

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

    @Size(max = 1000)
    @JsonPropertyDescription("Topics (or '*' for all) whose partitions may drop below min.insync.replicas, or go offline when their only in-sync replica restarts, during a rolling restart. Needed to roll at all when a topic's replication factor is not above its min.insync.replicas: the roll is Stalled naming such topics. acks=all producers to them get NotEnoughReplicas errors while each broker restarts. Prefer raising the topic's replication factor.")
    private List<String> restartBelowMinIsr = new ArrayList<>();

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

    public List<String> getRestartBelowMinIsr() {
        return restartBelowMinIsr;
    }

    public void setRestartBelowMinIsr(List<String> restartBelowMinIsr) {
        this.restartBelowMinIsr = restartBelowMinIsr == null ? new ArrayList<>() : restartBelowMinIsr;
    }
}
