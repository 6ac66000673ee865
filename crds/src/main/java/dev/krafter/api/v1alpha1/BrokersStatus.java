package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokersStatus {
    @JsonPropertyDescription("spec.brokers.replicas as last observed.")
    @Max(2147483647)
    private Integer desired;

    @StatusReplicas
    @JsonPropertyDescription("Brokers registered and unfenced in Kafka whose pods are ready.")
    @Max(2147483647)
    private Integer ready;

    @JsonPropertyDescription("Node ids of the registered brokers.")
    private List<Integer> ids = new ArrayList<>();

    @LabelSelector
    @JsonPropertyDescription("Label selector of the broker pods (for the scale subresource).")
    private String selector;

    public Integer getDesired() {
        return desired;
    }

    public void setDesired(Integer desired) {
        this.desired = desired;
    }

    public Integer getReady() {
        return ready;
    }

    public void setReady(Integer ready) {
        this.ready = ready;
    }

    public List<Integer> getIds() {
        return ids;
    }

    public void setIds(List<Integer> ids) {
        this.ids = ids;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }
}
