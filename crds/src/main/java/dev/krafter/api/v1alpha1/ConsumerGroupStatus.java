package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsumerGroupStatus extends KrafterStatus {
    /** Burrow's evaluation of a group's lag over a window of observations. */
    public enum LagStatus {
        OK,
        WARNING,
        STALLED,
        STOPPED,
        REWOUND,
        ERROR,
        NOT_FOUND
    }

    @JsonPropertyDescription("The Kafka group id observed.")
    private String groupId;

    @JsonPropertyDescription("Group state in Kafka: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead, ...")
    private String state;

    @JsonPropertyDescription("Active members.")
    @Max(2147483647)
    private Integer members;

    @JsonPropertyDescription("Sum of lag over every partition the group has committed offsets for.")
    private Long totalLag;

    @JsonPropertyDescription("Largest estimated lag in seconds over the group's partitions.")
    private Double maxLagSeconds;

    @JsonPropertyDescription("Burrow-style health of the lag over the evaluation window.")
    private LagStatus lagStatus;

    @JsonPropertyDescription("Lag per topic.")
    private List<TopicLag> topics = new ArrayList<>();

    @JsonPropertyDescription("The partitions with the most lag (at most 10).")
    private List<PartitionLag> worstPartitions = new ArrayList<>();

    @JsonPropertyDescription(
            "Messages deleted by retention before the group consumed them (sum over partitions of log start minus committed offset).")
    private Long messagesLost;

    @JsonPropertyDescription("Partitions whose lag exceeds lagPolicy.retentionRiskPercent of the retained log.")
    @Max(2147483647)
    private Integer partitionsAtRisk;

    @JsonPropertyDescription(
            "Topics this group had committed offsets for that Kafka no longer has (the topic, the group or its offsets were deleted, or the offsets expired), until the group commits for them again.")
    private List<String> vanishedOffsets;

    @JsonPropertyDescription("The last offset reset applied.")
    private AppliedReset lastAppliedReset;

    @JsonPropertyDescription("The last autoscaling decision.")
    private AutoscaleStatus autoscale;

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public Integer getMembers() {
        return members;
    }

    public void setMembers(Integer members) {
        this.members = members;
    }

    public Long getTotalLag() {
        return totalLag;
    }

    public void setTotalLag(Long totalLag) {
        this.totalLag = totalLag;
    }

    public Double getMaxLagSeconds() {
        return maxLagSeconds;
    }

    public void setMaxLagSeconds(Double maxLagSeconds) {
        this.maxLagSeconds = maxLagSeconds;
    }

    public LagStatus getLagStatus() {
        return lagStatus;
    }

    public void setLagStatus(LagStatus lagStatus) {
        this.lagStatus = lagStatus;
    }

    public List<TopicLag> getTopics() {
        return topics;
    }

    public void setTopics(List<TopicLag> topics) {
        this.topics = topics;
    }

    public List<PartitionLag> getWorstPartitions() {
        return worstPartitions;
    }

    public void setWorstPartitions(List<PartitionLag> worstPartitions) {
        this.worstPartitions = worstPartitions;
    }

    public Long getMessagesLost() {
        return messagesLost;
    }

    public void setMessagesLost(Long messagesLost) {
        this.messagesLost = messagesLost;
    }

    public Integer getPartitionsAtRisk() {
        return partitionsAtRisk;
    }

    public void setPartitionsAtRisk(Integer partitionsAtRisk) {
        this.partitionsAtRisk = partitionsAtRisk;
    }

    public List<String> getVanishedOffsets() {
        return vanishedOffsets;
    }

    public void setVanishedOffsets(List<String> vanishedOffsets) {
        this.vanishedOffsets = vanishedOffsets;
    }

    public AppliedReset getLastAppliedReset() {
        return lastAppliedReset;
    }

    public void setLastAppliedReset(AppliedReset lastAppliedReset) {
        this.lastAppliedReset = lastAppliedReset;
    }

    public AutoscaleStatus getAutoscale() {
        return autoscale;
    }

    public void setAutoscale(AutoscaleStatus autoscale) {
        this.autoscale = autoscale;
    }
}
