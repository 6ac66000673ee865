package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicLag {
    @JsonPropertyDescription("Topic name.")
    private String topic;

    @JsonPropertyDescription("Partitions of the topic the group has committed offsets for.")
    @Max(2147483647)
    private int partitions;

    @JsonPropertyDescription("Sum of the partitions' lag.")
    private long lag;

    @JsonPropertyDescription("Largest estimated lag in seconds among the topic's partitions.")
    private Double maxLagSeconds;

    public TopicLag() {}

    public TopicLag(String topic, int partitions, long lag, Double maxLagSeconds) {
        this.topic = topic;
        this.partitions = partitions;
        this.lag = lag;
        this.maxLagSeconds = maxLagSeconds;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public long getLag() {
        return lag;
    }

    public void setLag(long lag) {
        this.lag = lag;
    }

    public Double getMaxLagSeconds() {
        return maxLagSeconds;
    }

    public void setMaxLagSeconds(Double maxLagSeconds) {
        this.maxLagSeconds = maxLagSeconds;
    }
}
