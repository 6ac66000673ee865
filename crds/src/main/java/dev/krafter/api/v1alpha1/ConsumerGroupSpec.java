package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = ReadableSpecDeserializer.class)
public class ConsumerGroupSpec extends ReadableSpec {
    @Required
    @JsonPropertyDescription("The KafkaCluster the group consumes from.")
    private ClusterRef clusterRef;

    @Pattern("^[^\\s]{1,255}$")
    @JsonPropertyDescription("Kafka group id (group.id of the consumers); metadata.name when unset.")
    private String groupId;

    @JsonPropertyDescription("A one-shot offset reset, applied once per id while the group has no active members.")
    private OffsetReset offsetReset;

    @JsonPropertyDescription("When lag counts as unhealthy.")
    private LagPolicy lagPolicy = new LagPolicy();

    @JsonPropertyDescription("Scale a Deployment or StatefulSet of consumers from the group's lag.")
    private Autoscale autoscale;

    @Default("Retain")
    @JsonPropertyDescription(
            "Retain: deleting this resource leaves the group's committed offsets. Delete: they are deleted too, once the group has no members.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public OffsetReset getOffsetReset() {
        return offsetReset;
    }

    public void setOffsetReset(OffsetReset offsetReset) {
        this.offsetReset = offsetReset;
    }

    public LagPolicy getLagPolicy() {
        return lagPolicy;
    }

    public void setLagPolicy(LagPolicy lagPolicy) {
        this.lagPolicy = lagPolicy;
    }

    public Autoscale getAutoscale() {
        return autoscale;
    }

    public void setAutoscale(Autoscale autoscale) {
        this.autoscale = autoscale;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }
}
