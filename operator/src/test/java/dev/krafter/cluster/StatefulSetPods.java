package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * What the StatefulSet controller and the kubelet write for a node pod, for operator tests on an API server without
 * them: the pod from its StatefulSet's template, and its status through the pods/status subresource.
 */
final class StatefulSetPods {
    private StatefulSetPods() {}

    /** The pod the StatefulSet controller would create for {@code ordinal}: its template, its name, its claims. */
    static Pod create(KubernetesClient client, StatefulSet set, int ordinal) {
        String name = ClusterNames.podName(set.getMetadata().getName(), ordinal);
        Map<String, String> labels =
                new HashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", name);
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("StatefulSet")
                        .withName(set.getMetadata().getName())
                        .withUid(set.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withSpec(set.getSpec().getTemplate().getSpec())
                .editSpec()
                .withHostname(name)
                .withSubdomain(set.getSpec().getServiceName())
                .endSpec();
        for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
            pod.editSpec()
                    .addToVolumes(new VolumeBuilder()
                            .withName(template.getMetadata().getName())
                            .withNewPersistentVolumeClaim()
                            .withClaimName(template.getMetadata().getName() + "-" + name)
                            .endPersistentVolumeClaim()
                            .build())
                    .endSpec();
        }
        return client.resource(pod.build()).create();
    }

    /** Writes pod status through pods/status, as the kubelet and the scheduler do (re-reads on a conflict). */
    static void setStatus(KubernetesClient client, Pod pod, PodStatus status) {
        for (int attempt = 1; ; attempt++) {
            Pod current = client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .get();
            current.setStatus(status);
            try {
                client.resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** A scheduled pod whose kafka container runs since {@code since} and is Ready. */
    static PodStatus running(Instant since) {
        return new PodStatusBuilder()
                .withPhase("Running")
                .withConditions(
                        new PodConditionBuilder()
                                .withType("PodScheduled")
                                .withStatus("True")
                                .withLastTransitionTime(since.toString())
                                .build(),
                        new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .withLastTransitionTime(Instant.now()
                                        .truncatedTo(ChronoUnit.SECONDS)
                                        .toString())
                                .build())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("kafka")
                        .withImage("krafter/kafka:4.4.0")
                        .withImageID("")
                        .withReady(true)
                        .withRestartCount(0)
                        .withStarted(true)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(since.toString())
                        .endRunning()
                        .endState()
                        .build())
                .build();
    }
}
