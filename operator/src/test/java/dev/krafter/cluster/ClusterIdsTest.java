package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterIdsTest {
    private static final String A = "q1Sh-9_ITmWYRmHNnOx2hA";
    private static final String B = "AAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void aRecreatedClusterTakesTheIdItsKeptClaimsRecord() {
        assertThat(ClusterIds.decide(
                                Optional.empty(),
                                Map.of("data-k-broker-0", Optional.of(A), "data-k-broker-1", Optional.of(A)),
                                Optional.empty())
                        .id())
                .contains(A);
    }

    @Test
    void theRunningClusterKeepsItsIdAndAPinnedIdCannotChangeIt() {
        assertThat(ClusterIds.decide(Optional.of(A), Map.of(), Optional.empty()).id())
                .contains(A);
        assertThat(ClusterIds.decide(Optional.of(A), Map.of(), Optional.of(A)).id())
                .contains(A);
        assertThat(ClusterIds.decide(Optional.of(A), Map.of(), Optional.of(B)).refusal())
                .hasValueSatisfying(
                        m -> assertThat(m).contains("spec.clusterId " + B).contains("set spec.clusterId to " + A));
    }

    @Test
    void claimsWithoutARecordedIdNeedThePinnedId() {
        Map<String, Optional<String>> unrecorded = Map.of("data-k-broker-0", Optional.empty());
        assertThat(ClusterIds.decide(Optional.empty(), unrecorded, Optional.empty())
                        .refusal())
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("[data-k-broker-0]")
                        .contains("set spec.clusterId")
                        .contains("meta.properties"));
        assertThat(ClusterIds.decide(Optional.empty(), unrecorded, Optional.of(A))
                        .id())
                .contains(A);
    }

    @Test
    void aPinnedIdOtherThanTheClaimsOrClaimsThatDisagreeAreRefused() {
        assertThat(ClusterIds.decide(Optional.empty(), Map.of("data-k-broker-0", Optional.of(A)), Optional.of(B))
                        .refusal())
                .hasValueSatisfying(m -> assertThat(m).contains("set spec.clusterId to " + A));
        assertThat(ClusterIds.decide(
                                Optional.empty(),
                                Map.of("data-k-broker-0", Optional.of(A), "data-k-broker-1", Optional.of(B)),
                                Optional.empty())
                        .refusal())
                .isPresent();
    }

    @Test
    void aNewClusterWithoutClaimsGetsANewId() {
        ClusterIds.Decision fresh = ClusterIds.decide(Optional.empty(), Map.of(), Optional.empty());
        assertThat(fresh.id()).isEmpty();
        assertThat(fresh.refusal()).isEmpty();
        assertThat(ClusterIds.decide(Optional.empty(), Map.of(), Optional.of(A)).id())
                .contains(A);
    }
}
