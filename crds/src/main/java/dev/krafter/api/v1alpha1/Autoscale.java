package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Autoscale {
    @Required
    @JsonPropertyDescription("The Deployment or StatefulSet running the group's consumers, in the same namespace.")
    private ScaleTargetRef targetRef;

    @Min(0)
    @Max(2147483647)
    @Default("1")
    @JsonPropertyDescription("Fewest replicas.")
    private int minReplicas = 1;

    @Required
    @Min(1)
    @Max(2147483647)
    @JsonPropertyDescription("Most replicas; also capped by the partition count, since extra consumers sit idle.")
    private int maxReplicas;

    @Required
    @Min(1)
    @JsonPropertyDescription("Lag one replica is expected to carry: desired = ceil(totalLag / lagPerReplica).")
    private long lagPerReplica;

    @Min(0)
    @Max(2147483647)
    @Default("300")
    @JsonPropertyDescription("Seconds after a scale change before the next one.")
    private int cooldownSeconds = 300;

    public ScaleTargetRef getTargetRef() {
        return targetRef;
    }

    public void setTargetRef(ScaleTargetRef targetRef) {
        this.targetRef = targetRef;
    }

    public int getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(int minReplicas) {
        this.minReplicas = minReplicas;
    }

    public int getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(int maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public long getLagPerReplica() {
        return lagPerReplica;
    }

    public void setLagPerReplica(long lagPerReplica) {
        this.lagPerReplica = lagPerReplica;
    }

    public int getCooldownSeconds() {
        return cooldownSeconds;
    }

    public void setCooldownSeconds(int cooldownSeconds) {
        this.cooldownSeconds = cooldownSeconds;
    }
}
