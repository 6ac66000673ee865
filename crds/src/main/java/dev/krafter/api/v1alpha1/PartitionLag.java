package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitionLag {
    @JsonPropertyDescription("Topic name.")
    private String topic;

    @JsonPropertyDescription("Partition number.")
    @Max(2147483647)
    private int partition;

    @JsonPropertyDescription("The group's committed offset.")
    private long committedOffset;

    @JsonPropertyDescription("The partition's log-end offset.")
    private long logEndOffset;

    @JsonPropertyDescription("The partition's log-start offset (first retained message).")
    private long logStartOffset;

    @JsonPropertyDescription("logEndOffset - committedOffset.")
    private long lag;

    @JsonPropertyDescription("Estimated seconds behind the head of the log.")
    private Double lagSeconds;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getPartition() {
        return partition;
    }

    public void setPartition(int partition) {
        this.partition = partition;
    }

    public long getCommittedOffset() {
        return committedOffset;
    }

    public void setCommittedOffset(long committedOffset) {
        this.committedOffset = committedOffset;
    }

    public long getLogEndOffset() {
        return logEndOffset;
    }

    public void setLogEndOffset(long logEndOffset) {
        this.logEndOffset = logEndOffset;
    }

    public long getLogStartOffset() {
        return logStartOffset;
    }

    public void setLogStartOffset(long logStartOffset) {
        this.logStartOffset = logStartOffset;
    }

    public long getLag() {
        return lag;
    }

    public void setLag(long lag) {
        this.lag = lag;
    }

    public Double getLagSeconds() {
        return lagSeconds;
    }

    public void setLagSeconds(Double lagSeconds) {
        this.lagSeconds = lagSeconds;
    }
}
