package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicStatus extends KrafterStatus {
    @JsonPropertyDescription("The Kafka topic this resource manages.")
    private String topicName;

    @JsonPropertyDescription("Kafka's topic id.")
    private String topicId;

    @JsonPropertyDescription(
            "Created: the operator created the Kafka topic for this resource. Adopted: the topic existed before (also after the resource was re-created); deletionPolicy Delete then deletes it only with the annotation krafter.dev/delete-adopted-topic set to the topic name.")
    private TopicOrigin origin;

    @JsonPropertyDescription("Partitions in Kafka.")
    @Max(2147483647)
    private Integer partitions;

    @JsonPropertyDescription(
            "Replication factor in Kafka (of the first partition; all partitions while no reassignment runs).")
    @Max(2147483647)
    private Integer replicationFactor;

    @JsonPropertyDescription("Partitions whose ISR is smaller than their replica set.")
    @Max(2147483647)
    private Integer underReplicatedPartitions;

    @JsonPropertyDescription("Progress of a replication-factor change.")
    private ReassignmentProgress reassignment;

    @JsonPropertyDescription(
            "spec.config keys the operator has set on the topic; a key removed from spec.config is deleted from the topic, so it returns to the cluster default.")
    private List<String> managedConfigKeys;

    public String getTopicName() {
        return topicName;
    }

    public void setTopicName(String topicName) {
        this.topicName = topicName;
    }

    public String getTopicId() {
        return topicId;
    }

    public void setTopicId(String topicId) {
        this.topicId = topicId;
    }

    public TopicOrigin getOrigin() {
        return origin;
    }

    public void setOrigin(TopicOrigin origin) {
        this.origin = origin;
    }

    public Integer getPartitions() {
        return partitions;
    }

    public void setPartitions(Integer partitions) {
        this.partitions = partitions;
    }

    public Integer getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(Integer replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public Integer getUnderReplicatedPartitions() {
        return underReplicatedPartitions;
    }

    public void setUnderReplicatedPartitions(Integer underReplicatedPartitions) {
        this.underReplicatedPartitions = underReplicatedPartitions;
    }

    public ReassignmentProgress getReassignment() {
        return reassignment;
    }

    public void setReassignment(ReassignmentProgress reassignment) {
        this.reassignment = reassignment;
    }

    public List<String> getManagedConfigKeys() {
        return managedConfigKeys;
    }

    public void setManagedConfigKeys(List<String> managedConfigKeys) {
        this.managedConfigKeys = managedConfigKeys;
    }
}
