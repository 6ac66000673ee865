package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = ReadableSpecDeserializer.class)
public class KafkaClusterSpec extends ReadableSpec {
    public static final String DEFAULT_VERSION = "4.4.0";

    @Default(DEFAULT_VERSION)
    @Pattern("^[0-9]+\\.[0-9]+\\.[0-9]+$")
    @JsonPropertyDescription(
            "Apache Kafka version, for example 4.4.0. Changing it rolls the brokers onto the new image; metadata.version is raised once every node runs it.")
    private String version = DEFAULT_VERSION;

    @Pattern(ImageReference.PATTERN)
    @JsonPropertyDescription(
            "Container image for every node. Defaults to krafter/kafka:<version>. When its tag starts with a version (4.4.0, 4.4.0-custom), that version must be spec.version. An image reference as the kubelet reads it: [registry[:port]/]repository/name[:tag][@digest], for example registry:5000/repository/name:tag@sha256:<64 hex digits>; the repository path is lower case, with no spaces.")
    private String image;

    @JsonPropertyDescription(
            "When true, metadata.version is not raised after an upgrade, so spec.version can still go back to the previous release (Kafka cannot lower metadata.version). Set it to false (or remove it) to finalize the upgrade once the new release has proven itself.")
    private Boolean holdMetadataVersion;

    @Pattern("^[A-Za-z0-9_-]{22}$")
    @JsonPropertyDescription(
            "Kafka cluster id (22 characters, as in meta.properties). Usually left unset: the operator generates it and, when the cluster is re-created on kept volumes, recovers it from the krafter.dev/cluster-id annotation of the claims. Set it to re-create a cluster on volumes that do not record it; it cannot change once the cluster exists.")
    private String clusterId;

    @Required
    @JsonPropertyDescription("The broker nodes.")
    private BrokersSpec brokers = new BrokersSpec();

    @JsonPropertyDescription("The KRaft controller quorum: combined with the brokers, or dedicated nodes.")
    private ControllersSpec controllers = new ControllersSpec();

    @Size(max = 10)
    @JsonPropertyDescription(
            "Client listeners. When empty, one internal plaintext listener named 'plain' on port 9092.")
    private List<ListenerSpec> listeners = new ArrayList<>();

    @JsonPropertyDescription(
            "Certificates of a cluster with TLS listeners: the cluster and clients CAs the operator generates (or yours, by Secret reference), validity and renewal. Nothing is issued while no listener has tls: true.")
    private CertificatesSpec certificates = new CertificatesSpec();

    @JsonPropertyDescription("Security of the cluster's internal listeners.")
    private SecuritySpec security;

    @JsonPropertyDescription(
            "Kafka authorization (ACLs). Unset: no authorizer, every authenticated or anonymous client may do everything. Needs internal TLS (spec.security.internalTls). Enabling, disabling or changing it rolls the nodes.")
    private AuthorizationSpec authorization;

    @JsonPropertyDescription("Prometheus metrics from every node.")
    private MetricsSpec metrics = new MetricsSpec();

    @JsonPropertyDescription("NetworkPolicy of the cluster's node pods: who may reach which port.")
    private NetworkPoliciesSpec networkPolicies = new NetworkPoliciesSpec();

    @JsonPropertyDescription("Timeouts of rolling restarts.")
    private RolloutSpec rollout = new RolloutSpec();

    @JsonPropertyDescription("How partitions move when brokers are added or removed.")
    private RebalanceSpec rebalance = new RebalanceSpec();

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Boolean getHoldMetadataVersion() {
        return holdMetadataVersion;
    }

    public void setHoldMetadataVersion(Boolean holdMetadataVersion) {
        this.holdMetadataVersion = holdMetadataVersion;
    }

    public String getClusterId() {
        return clusterId;
    }

    public void setClusterId(String clusterId) {
        this.clusterId = clusterId;
    }

    public BrokersSpec getBrokers() {
        return brokers;
    }

    public void setBrokers(BrokersSpec brokers) {
        this.brokers = brokers;
    }

    public ControllersSpec getControllers() {
        return controllers;
    }

    public void setControllers(ControllersSpec controllers) {
        this.controllers = controllers;
    }

    public List<ListenerSpec> getListeners() {
        return listeners;
    }

    public void setListeners(List<ListenerSpec> listeners) {
        this.listeners = listeners;
    }

    public CertificatesSpec getCertificates() {
        return certificates;
    }

    public void setCertificates(CertificatesSpec certificates) {
        this.certificates = certificates;
    }

    public SecuritySpec getSecurity() {
        return security;
    }

    public void setSecurity(SecuritySpec security) {
        this.security = security;
    }

    public AuthorizationSpec getAuthorization() {
        return authorization;
    }

    public void setAuthorization(AuthorizationSpec authorization) {
        this.authorization = authorization;
    }

    public MetricsSpec getMetrics() {
        return metrics;
    }

    public void setMetrics(MetricsSpec metrics) {
        this.metrics = metrics;
    }

    public NetworkPoliciesSpec getNetworkPolicies() {
        return networkPolicies;
    }

    public void setNetworkPolicies(NetworkPoliciesSpec networkPolicies) {
        this.networkPolicies = networkPolicies;
    }

    public RolloutSpec getRollout() {
        return rollout;
    }

    public void setRollout(RolloutSpec rollout) {
        this.rollout = rollout;
    }

    public RebalanceSpec getRebalance() {
        return rebalance;
    }

    public void setRebalance(RebalanceSpec rebalance) {
        this.rebalance = rebalance;
    }
}
