package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecuritySpec {
    // No schema default: "unset" must stay visible, so that clusters created before this field existed keep their
    // plaintext internal listeners (the operator records the effective value in status.internalTls at creation).
    @JsonPropertyDescription(
            "TLS with mutual authentication (cluster CA certificates) on the replication (9091, also the operator's admin connection) and controller (9090) listeners. Unset: true for a cluster created by this operator version, false for a cluster created before (status.internalTls says which). It cannot change once the cluster exists: the switch is refused with Stalled=True (see docs/security.md for the migration).")
    private Boolean internalTls;

    public SecuritySpec() {}

    public SecuritySpec(Boolean internalTls) {
        this.internalTls = internalTls;
    }

    public Boolean getInternalTls() {
        return internalTls;
    }

    public void setInternalTls(Boolean internalTls) {
        this.internalTls = internalTls;
    }
}
