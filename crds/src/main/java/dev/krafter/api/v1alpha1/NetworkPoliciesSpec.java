package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

public class NetworkPoliciesSpec {
    @Default("true")
    @JsonPropertyDescription(
            "Create a NetworkPolicy <cluster>-kafka that lets only the cluster's own nodes and the operator reach the replication port 9091, and only the cluster's own nodes the controller port 9090; client listener ports, metrics (9404) and probes (9500) stay open to any source. It only takes effect where the network plugin enforces NetworkPolicies. false deletes it. Clusters stored before this field get it too (default true) on operator upgrade: only other pods that reached 9090 or 9091 are cut off.")
    private boolean enabled = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
