package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ScaleTargetRef;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class ScaleTargetPolicyTest {
    private static ScaleTargetRef target(String kind, String name) {
        ScaleTargetRef ref = new ScaleTargetRef();
        ref.setKind(kind);
        ref.setName(name);
        return ref;
    }

    @Test
    void theConsumersOwnDeploymentMayBeScaled() {
        ObjectMeta meta = new ObjectMetaBuilder()
                .withName("worker")
                .addToLabels("app", "worker")
                .addToLabels("app.kubernetes.io/managed-by", "Helm")
                .addNewOwnerReference()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withName("w")
                .endOwnerReference()
                .build();
        assertThat(ScaleTargetPolicy.nameProblem(target("Deployment", "worker")))
                .isEmpty();
        assertThat(ScaleTargetPolicy.refusal(target("Deployment", "worker"), meta))
                .isEmpty();
    }

    @Test
    void theBrokersOfAKafkaClusterAreRefusedNamingTheLabel() {
        ObjectMeta meta = new ObjectMetaBuilder()
                .withName("demo-broker")
                .addToLabels("krafter.dev/cluster", "demo")
                .addNewOwnerReference()
                .withApiVersion("krafter.dev/v1alpha1")
                .withKind("KafkaCluster")
                .withName("demo")
                .endOwnerReference()
                .build();
        assertThat(ScaleTargetPolicy.refusal(target("StatefulSet", "demo-broker"), meta))
                .hasValue(
                        "StatefulSet demo-broker is managed by Krafter (label krafter.dev/cluster=demo): a ConsumerGroup scales"
                                + " only the workload running its consumers; point spec.autoscale.targetRef at that Deployment"
                                + " or StatefulSet");
    }

    @Test
    void aWorkloadOwnedByAKrafterResourceIsRefusedEvenWithoutItsLabels() {
        ObjectMeta meta = new ObjectMetaBuilder()
                .withName("x")
                .addNewOwnerReference()
                .withApiVersion("krafter.dev/v1alpha1")
                .withKind("KafkaCluster")
                .withName("demo")
                .endOwnerReference()
                .build();
        assertThat(ScaleTargetPolicy.refusal(target("Deployment", "x"), meta))
                .hasValueSatisfying(m ->
                        assertThat(m).startsWith("Deployment x is owned by KafkaCluster demo (krafter.dev/v1alpha1)"));
    }

    @Test
    void anyKrafterLabelIsEnough() {
        ObjectMeta meta = new ObjectMetaBuilder()
                .withName("x")
                .addToLabels("krafter.dev/anything", "")
                .build();
        assertThat(ScaleTargetPolicy.refusal(target("Deployment", "x"), meta)).isPresent();
    }

    @Test
    void aNameThatIsNoKubernetesNameIsRefused() {
        assertThat(ScaleTargetPolicy.nameProblem(target("Deployment", "../other-ns/worker")))
                .hasValueSatisfying(m -> assertThat(m)
                        .startsWith(
                                "spec.autoscale.targetRef.name '../other-ns/worker' is not a Kubernetes object name"));
        assertThat(ScaleTargetPolicy.nameProblem(target("Deployment", "Worker")))
                .isPresent();
        assertThat(ScaleTargetPolicy.nameProblem(target("Deployment", "a".repeat(254))))
                .isPresent();
        assertThat(ScaleTargetPolicy.nameProblem(target("Deployment", "my.worker-1")))
                .isEmpty();
    }
}
