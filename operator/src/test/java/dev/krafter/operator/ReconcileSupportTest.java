package dev.krafter.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.failure.KafkaCalls;
import dev.krafter.failure.SpecProblem;
import dev.krafter.failure.TransientProblem;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.time.Duration;
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
        assertThat(ReconcileSupport.deletedMeanwhile(
                        CLUSTER, new KubernetesClientException(notFound("statefulsets", "orders"))))
                .as("a child of the same name")
                .isFalse();
        assertThat(ReconcileSupport.deletedMeanwhile(
                        CLUSTER, new KubernetesClientException(notFound("kafkaclusters", "payments"))))
                .as("another cluster")
                .isFalse();
        assertThat(ReconcileSupport.deletedMeanwhile(CLUSTER, new IllegalStateException("boom")))
                .isFalse();
    }

    @Test
    void aTransientProblemIsReconcilingWithItsReasonAndMessage() {
        TransientProblem problem = new KafkaCalls(Duration.ofSeconds(30)).timedOut("describe topic orders");
        Health health = ReconcileSupport.health(new OperatorException(problem));
        assertThat(health.state()).isEqualTo(Health.State.PROGRESSING);
        assertThat(health.reason()).isEqualTo(Reasons.KAFKA_UNREACHABLE);
        assertThat(health.message())
                .isEqualTo("Kafka did not answer within 30 s while trying to describe topic orders"
                        + " (the operator's KRAFTER_ADMIN_TIMEOUT)");
    }

    @Test
    void aSpecProblemIsStalledWithItsReasonAndMessage() {
        Health health = ReconcileSupport.health(new OperatorException(new SpecProblem(
                Reasons.CANNOT_PLACE_REPLICAS, "topic t needs replication factor 4 but only 3 brokers")));
        assertThat(health)
                .isEqualTo(Health.stalled(
                        Reasons.CANNOT_PLACE_REPLICAS, "topic t needs replication factor 4 but only 3 brokers"));
    }

    @Test
    void anythingElseIsAKafkaErrorWithTheInnermostMessage() {
        assertThat(ReconcileSupport.health(new OperatorException(new IllegalStateException("boom"))))
                .isEqualTo(Health.progressing(Reasons.KAFKA_ERROR, "boom"));
    }

    private static Status notFound(String plural, String name) {
        return new StatusBuilder()
                .withCode(404)
                .withReason("NotFound")
                .withNewDetails()
                .withKind(plural)
                .withName(name)
                .withGroup("krafter.dev")
                .endDetails()
                .build();
    }

    private static KafkaCluster cluster(String name) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        return cluster;
    }
}
