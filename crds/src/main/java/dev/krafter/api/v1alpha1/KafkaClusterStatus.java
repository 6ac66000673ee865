package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaClusterStatus extends KrafterStatus {
    @JsonPropertyDescription("The KRaft cluster id the operator generated at creation.")
    private String clusterId;

    @JsonPropertyDescription("Kafka version every node runs; empty during an upgrade until all nodes run the same one.")
    private String kafkaVersion;

    @JsonPropertyDescription("The finalized metadata.version feature level.")
    private String metadataVersion;

    @JsonPropertyDescription("host:port list of the internal bootstrap address, per listener.")
    private String bootstrapServers;

    @JsonPropertyDescription(
            "Whether the replication and controller listeners use TLS with mutual authentication: spec.security.internalTls, or when it is unset the value the operator chose at creation (true for clusters created by an operator that supports it, false for older ones).")
    private Boolean internalTls;

    @JsonPropertyDescription("Broker counts and ids.")
    private BrokersStatus brokers;

    @JsonPropertyDescription("The KRaft quorum.")
    private ControllersStatus controllers;

    @JsonPropertyDescription("Partition health across the cluster.")
    private PartitionHealth partitions;

    @JsonPropertyDescription(
            "The operation in progress, if any: creating, scaling, rebalancing, rolling restart, config change, upgrade.")
    private OperationStatus operation;

    @JsonPropertyDescription(
            "Node pods that are not running and why, as Kubernetes reports it (scheduling, volume, image, crash, memory, pod creation); empty when every pod runs. A problem that lasts longer than the operator's KRAFTER_POD_PROBLEM_STALL_AFTER makes the cluster Stalled with its reason.")
    private List<PodProblem> podProblems;

    @JsonPropertyDescription(
            "True while partitions still have to be balanced over the brokers after a scale-up, or after a scale-down that was reverted mid-drain; kept while a rolling restart goes first.")
    private Boolean rebalancePending;

    public String getClusterId() {
        return clusterId;
    }

    public void setClusterId(String clusterId) {
        this.clusterId = clusterId;
    }

    public String getKafkaVersion() {
        return kafkaVersion;
    }

    public void setKafkaVersion(String kafkaVersion) {
        this.kafkaVersion = kafkaVersion;
    }

    public String getMetadataVersion() {
        return metadataVersion;
    }

    public void setMetadataVersion(String metadataVersion) {
        this.metadataVersion = metadataVersion;
    }

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public Boolean getInternalTls() {
        return internalTls;
    }

    public void setInternalTls(Boolean internalTls) {
        this.internalTls = internalTls;
    }

    public BrokersStatus getBrokers() {
        return brokers;
    }

    public void setBrokers(BrokersStatus brokers) {
        this.brokers = brokers;
    }

    public ControllersStatus getControllers() {
        return controllers;
    }

    public void setControllers(ControllersStatus controllers) {
        this.controllers = controllers;
    }

    public PartitionHealth getPartitions() {
        return partitions;
    }

    public void setPartitions(PartitionHealth partitions) {
        this.partitions = partitions;
    }

    public OperationStatus getOperation() {
        return operation;
    }

    public void setOperation(OperationStatus operation) {
        this.operation = operation;
    }

    public List<PodProblem> getPodProblems() {
        return podProblems;
    }

    public void setPodProblems(List<PodProblem> podProblems) {
        this.podProblems = podProblems;
    }

    public Boolean getRebalancePending() {
        return rebalancePending;
    }

    public void setRebalancePending(Boolean rebalancePending) {
        this.rebalancePending = rebalancePending;
    }
}
