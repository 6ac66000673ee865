package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;

public class PartitionHealth {
    @JsonPropertyDescription("Partitions whose ISR is smaller than their replica set.")
    @Max(2147483647)
    private int underReplicated;

    @JsonPropertyDescription(
            "Partitions whose ISR is smaller than min.insync.replicas: acks=all producers fail on them.")
    @Max(2147483647)
    private int underMinIsr;

    @JsonPropertyDescription("Partitions with no leader.")
    @Max(2147483647)
    private int offline;

    public PartitionHealth() {}

    public PartitionHealth(int underReplicated, int underMinIsr, int offline) {
        this.underReplicated = underReplicated;
        this.underMinIsr = underMinIsr;
        this.offline = offline;
    }

    public int getUnderReplicated() {
        return underReplicated;
    }

    public void setUnderReplicated(int underReplicated) {
        this.underReplicated = underReplicated;
    }

    public int getUnderMinIsr() {
        return underMinIsr;
    }

    public void setUnderMinIsr(int underMinIsr) {
        this.underMinIsr = underMinIsr;
    }

    public int getOffline() {
        return offline;
    }

    public void setOffline(int offline) {
        this.offline = offline;
    }
}
