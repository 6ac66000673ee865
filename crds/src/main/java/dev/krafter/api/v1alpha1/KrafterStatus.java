package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every Krafter status carries: the generation it describes and kstatus-style conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class KrafterStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready, Reconciling and Stalled conditions (kstatus), in the metav1.Condition shape.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("One short line for kubectl get, derived from the conditions each time status is written:"
            + " 'Ready', the reason of work under way with its progress where known ('RollingRestart 2/3': pods done"
            + " of pods to restart; 'Rebalancing 40/120': replicas moved of replicas to move), 'Stalled: <reason>', or"
            + " the reason the resource is not ready; a condition type that is True besides Ready, Reconciling and"
            + " Stalled follows in brackets ('Ready (DataLoss)'). For people only: automation reads the conditions.")
    private String summary;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }
}
