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

    @JsonPropertyDescription("Node ids of the quorum voters.")
    private List<Integer> voters = new ArrayList<>();

    public Integer getQuorumLeader() {
        return quorumLeader;
    }

    public void setQuorumLeader(Integer quorumLeader) {
        this.quorumLeader = quorumLeader;
    }

    public List<Integer> getVoters() {
        return voters;
    }

    public void setVoters(List<Integer> voters) {
        this.voters = voters;
    }
}
