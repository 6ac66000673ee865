package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = ReadableSpecDeserializer.class)
public class TopicSpec extends ReadableSpec {
    @Required
    @JsonPropertyDescription("The KafkaCluster this topic lives in.")
    private ClusterRef clusterRef;

    @Pattern("^[a-zA-Z0-9._-]{1,249}$")
    @JsonPropertyDescription(
            "Kafka topic name, when it differs from metadata.name (Kafka allows upper case and '_', Kubernetes names don't). Cannot be changed after creation.")
    private String topicName;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Number of partitions; the cluster's num.partitions when unset. Can grow, never shrink.")
    private Integer partitions;

    @Min(1)
    @Max(32)
    @JsonPropertyDescription(
            "Replicas per partition; the cluster's default.replication.factor when unset. At most the broker count; a change moves replicas.")
    private Integer replicationFactor;

    @PreserveUnknownFields
    @SchemaFrom(type = Object.class)
    @JsonPropertyDescription(
            "Topic configuration (kafka-configs.sh keys, for example retention.ms, cleanup.policy). Keys removed from here return to the cluster default.")
    private Map<String, Object> config = new LinkedHashMap<>();

    @Default("Delete")
    @JsonPropertyDescription(
            "Delete: deleting this resource deletes the topic and its data. Retain: the topic stays in Kafka.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public String getTopicName() {
        return topicName;
    }

    public void setTopicName(String topicName) {
        this.topicName = topicName;
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

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }
}
