package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Why one node pod of a KafkaCluster is not running, as Kubernetes reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodProblem {
    @JsonPropertyDescription("The pod (for PodCreateFailed, the pod the StatefulSet cannot create).")
    private String pod;

    @JsonPropertyDescription(
            "PodUnschedulable, VolumeNotBound, ImagePullFailed, ContainerCannotStart, CrashLooping, OOMKilled or PodCreateFailed.")
    private String reason;

    @JsonPropertyDescription(
            "The cause as Kubernetes reports it: the scheduler's message, the claim and its storage class, the container's waiting reason, or its last exit code and termination message.")
    private String message;

    @JsonPropertyDescription(
            "Since when (RFC 3339), from the times Kubernetes records (pod condition, claim creation, Event); the cluster turns Stalled when a problem lasts longer than the operator's KRAFTER_POD_PROBLEM_STALL_AFTER.")
    private String since;

    public PodProblem() {}

    public PodProblem(String pod, String reason, String message, String since) {
        this.pod = pod;
        this.reason = reason;
        this.message = message;
        this.since = since;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getSince() {
        return since;
    }

    public void setSince(String since) {
        this.since = since;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodProblem other
                && Objects.equals(pod, other.pod)
                && Objects.equals(reason, other.reason)
                && Objects.equals(message, other.message)
                && Objects.equals(since, other.since);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pod, reason, message, since);
    }

    @Override
    public String toString() {
        return pod + " " + reason + ": " + message + (since == null ? "" : " (since " + since + ")");
    }
}
