package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

class ReconcileSupportTest {
    private static final KafkaCluster CLUSTER = cluster("orders");

    @Test
    void aNotFoundForTheResourceItselfMeansItWasDeletedMeanwhile() {
        // As the API server answers a status PATCH of a KafkaCluster deleted a moment before.
        Exception e = new OperatorException(new KubernetesClientException(notFound("kafkaclusters", "orders")));
        assertThat(ReconcileSupport.deletedMeanwhile(CLUSTER, e)).isTrue();
    }

    @Test
    void aNotFoundForAnythingElseIsAFailure() {
        assertThat(ReconcileSupport.deletedMeanwhile(CLUSTER,
                new KubernetesClientException(notFound("statefulsets", "orders")))).as("a child of the same name").isFalse();
        assertThat(ReconcileSupport.deletedMeanwhile(CLUSTER,
                new KubernetesClientException(notFound("kafkaclusters", "payments")))).as("another cluster").isFalse();
        assertThat(ReconcileSupport.deletedMeanwhile(CLUSTER, new IllegalStateException("boom"))).isFalse();
    }

    private static Status notFound(String plural, String name) {
        return new StatusBuilder().withCode(404).withReason("NotFound").withNewDetails().withKind(plural).withName(name)
                .withGroup("krafter.dev").endDetails().build();
    }

    private static KafkaCluster cluster(String name) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        return cluster;
    }
}
