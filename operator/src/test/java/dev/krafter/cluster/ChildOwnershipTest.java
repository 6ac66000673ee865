package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildOwnershipTest {
    private static ServiceAccount object(
            Map<String, String> labels, String ownerKind, String ownerName, String ownerUid) {
        ServiceAccountBuilder builder = new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("a-kafka")
                .withLabels(labels)
                .endMetadata();
        if (ownerKind != null) {
            builder.editMetadata()
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("KafkaCluster".equals(ownerKind) ? "krafter.dev/v1alpha1" : "apps/v1")
                            .withKind(ownerKind)
                            .withName(ownerName)
                            .withUid(ownerUid)
                            .withController(true)
                            .build())
                    .endMetadata();
        }
        return builder.build();
    }

    @Test
    void theClustersOwnObjectIsWritten() {
        assertThat(ChildOwnership.refusal(object(Map.of(), "KafkaCluster", "a", "uid-a"), "a", "uid-a"))
                .isEmpty();
    }

    @Test
    void anObjectOfAnotherOwnerOrOfNobodyIsNeverTakenOver() {
        assertThat(ChildOwnership.refusal(
                        object(Map.of("krafter.dev/cluster", "a-x"), "KafkaCluster", "a-x", "uid-ax"), "a", "uid-a"))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("ServiceAccount a-kafka").contains("belongs to KafkaCluster a-x"));
        assertThat(ChildOwnership.refusal(object(Map.of("team", "payments"), null, null, null), "a", "uid-a"))
                .hasValueSatisfying(m -> assertThat(m).contains("not made by Krafter for this cluster"));
        assertThat(ChildOwnership.refusal(
                        object(Map.of("krafter.dev/cluster", "a"), "Deployment", "other", "uid-o"), "a", "uid-a"))
                .as("labelled, but another controller")
                .isPresent();
    }

    @Test
    void theClustersOrphanIsReadopted() {
        assertThat(ChildOwnership.refusal(object(Map.of("krafter.dev/cluster", "a"), null, null, null), "a", "uid-a"))
                .as("no controller")
                .isEmpty();
        assertThat(ChildOwnership.refusal(
                        object(Map.of("krafter.dev/cluster", "a"), "KafkaCluster", "a", "uid-old"), "a", "uid-a"))
                .as("an earlier KafkaCluster a, deleted")
                .isEmpty();
        assertThat(ChildOwnership.refusal(object(Map.of(), "KafkaCluster", "a", "uid-old"), "a", "uid-a"))
                .as("without the cluster label it is not known to be this cluster's")
                .isPresent();
    }
}
