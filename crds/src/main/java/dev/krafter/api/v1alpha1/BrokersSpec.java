package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokersSpec {
    @SpecReplicas
    @Min(1)
    @Max(1000)
    @Default("3")
    @JsonPropertyDescription(
            "Number of brokers. Scaling up rebalances partitions onto the new brokers; scaling down drains the removed ones first.")
    private int replicas = 3;

    @JsonPropertyDescription(
            "CPU and memory of each broker container. The heap is sized from the memory limit unless jvmOptions sets it.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Where each broker keeps its log directory.")
    private StorageSpec storage = new StorageSpec();

    @JsonPropertyDescription("JVM options of each broker.")
    private JvmOptions jvmOptions;

    @PreserveUnknownFields
    @SchemaFrom(type = Object.class)
    @JsonPropertyDescription(
            "Kafka broker configuration (server.properties keys). Keys Kafka can change at run time are applied live; others roll the brokers. Keys the operator owns (node.id, process.roles, listeners, ...) are refused, and so are keys Kafka marks PASSWORD (use secretConfig).")
    private Map<String, Object> config = new LinkedHashMap<>();

    @JsonPropertyDescription(
            "Broker config values taken from Secrets, for the keys Kafka marks PASSWORD (refused in config): each Secret key is mounted into the broker pods and added to their server.properties at start, so the value never appears in the ConfigMap, the status or the operator's logs. Adding, removing or changing an entry rolls the brokers; a changed value in the Secret is read at the next restart (annotate krafter.dev/restart to roll now).")
    private List<SecretConfig> secretConfig = new ArrayList<>();

    @JsonPropertyDescription(
            "Node label used as each broker's rack (broker.rack), for example topology.kubernetes.io/zone. Replicas are then spread across racks.")
    private String rackTopologyKey;

    @JsonPropertyDescription("Scheduling and metadata of broker pods.")
    private PodTemplate template;

    public List<SecretConfig> getSecretConfig() {
        return secretConfig;
    }

    public void setSecretConfig(List<SecretConfig> secretConfig) {
        this.secretConfig = secretConfig;
    }

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public JvmOptions getJvmOptions() {
        return jvmOptions;
    }

    public void setJvmOptions(JvmOptions jvmOptions) {
        this.jvmOptions = jvmOptions;
    }

    public Map<String, Object> getConfig() {
        return config;
    }

    public void setConfig(Map<String, Object> config) {
        this.config = config;
    }

    public String getRackTopologyKey() {
        return rackTopologyKey;
    }

    public void setRackTopologyKey(String rackTopologyKey) {
        this.rackTopologyKey = rackTopologyKey;
    }

    public PodTemplate getTemplate() {
        return template;
    }

    public void setTemplate(PodTemplate template) {
        this.template = template;
    }
}
