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
    @JsonPropertyDescription(
            "Seconds a restarted pod may take to become ready, registered and back in every ISR before the roll is reported as stuck and retried with backoff.")
    private int podTimeoutSeconds = 600;

    @Min(5)
    @Max(3600)
    @Default("30")
    @JsonPropertyDescription(
            "Seconds to wait before re-checking when a restart would put a partition under min.insync.replicas.")
    private int safetyRetrySeconds = 30;

    @Min(1)
    @Max(1000)
    @Default("1")
    @JsonPropertyDescription(
            "Most nodes a rolling restart takes down at the same time. 1 restarts one node at a time. Above 1, several brokers restart together only while every partition they host keeps at least min.insync.replicas in-sync replicas without them and the KRaft quorum keeps a majority of voters; brokers of one rack are preferred, so with replicas spread over racks a whole rack restarts at once. The remaining brokers carry the clients' load meanwhile, so raise it only with headroom for that.")
    private int maxConcurrent = 1;

    @Size(max = 1000)
    @JsonPropertyDescription(
            "Topics (or '*' for all) whose partitions may drop below min.insync.replicas, or go offline when their only in-sync replica restarts, during a rolling restart. Needed to roll at all when a topic's replication factor is not above its min.insync.replicas: the roll is Stalled naming such topics. acks=all producers to them get NotEnoughReplicas errors while each broker restarts. Prefer raising the topic's replication factor.")
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

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public List<String> getRestartBelowMinIsr() {
        return restartBelowMinIsr;
    }

    public void setRestartBelowMinIsr(List<String> restartBelowMinIsr) {
        this.restartBelowMinIsr = restartBelowMinIsr == null ? new ArrayList<>() : restartBelowMinIsr;
    }
}
