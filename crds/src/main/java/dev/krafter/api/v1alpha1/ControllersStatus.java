package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControllersStatus {
    @JsonPropertyDescription("Node id of the active controller (quorum leader).")
    @Max(2147483647)
    private Integer quorumLeader;

    @JsonPropertyDescription(
            "Number of quorum voters: spec.controllers.replicas, or when it is unset the count the operator chose at creation (combined mode: 1 for 1 or 2 brokers, 3 from 3 brokers on; dedicated: 3).")
    @Max(5)
    private Integer replicas;

    @JsonPropertyDescription("Node ids of the quorum voters.")
    private List<Integer> voters = new ArrayList<>();

    public Integer getQuorumLeader() {
        return quorumLeader;
    }

    public void setQuorumLeader(Integer quorumLeader) {
        this.quorumLeader = quorumLeader;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public List<Integer> getVoters() {
        return voters;
    }

    public void setVoters(List<Integer> voters) {
        this.voters = voters;
    }
}
