package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads what {@link PodProblems} diagnoses from: the claims of the cluster's pods, and the Events about a claim that
 * is not Bound or a StatefulSet that is missing pods. Events are only read for those, so a healthy cluster costs no
 * Event lookup. No informer watches claims or Events: the cluster's periodic resync (KRAFTER_CLUSTER_RESYNC_PERIOD)
 * sees a claim bind later, while pod changes wake the cluster at once ({@link ClusterPodEvents}).
 */
final class PodProblemsReader {
    private PodProblemsReader() {}

    static List<PodProblems.Problem> read(
            KubernetesClient client, String namespace, String cluster, ObservedCluster observed) {
        List<StatefulSet> sets = Stream.of(observed.controllerSet(), observed.brokerSet())
                .flatMap(Optional::stream)
                .toList();
        List<Pod> unready = observed.pods().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && !NodeStates.isReady(p))
                .toList();
        boolean missingPods = sets.stream()
                .anyMatch(s -> observed.podsOf(s.getMetadata().getName()).size()
                        < (s.getSpec().getReplicas() == null ? 0 : s.getSpec().getReplicas()));
        if (unready.isEmpty() && !missingPods) {
            return List.of();
        }
        List<PersistentVolumeClaim> claims = unready.isEmpty()
                ? List.of()
                : client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withLabel(ClusterLabels.CLUSTER, cluster)
                        .list()
                        .getItems();
        Map<String, PersistentVolumeClaim> claimsByName = claims.stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<Event> events = new ArrayList<>();
        for (String claim : unboundClaimsOf(unready, claimsByName)) {
            events.addAll(eventsAbout(client, namespace, "PersistentVolumeClaim", claim));
        }
        for (StatefulSet set : sets) {
            String name = set.getMetadata().getName();
            if (observed.podsOf(name).size()
                    < (set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas())) {
                events.addAll(eventsAbout(client, namespace, "StatefulSet", name));
            }
        }
        return PodProblems.of(sets, observed.pods(), claims, events);
    }

    /** Claims of not-Ready pods that exist and are not Bound. */
    private static Set<String> unboundClaimsOf(List<Pod> pods, Map<String, PersistentVolumeClaim> claims) {
        return pods.stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getVolumes() != null)
                .flatMap(p -> p.getSpec().getVolumes().stream())
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> claims.get(v.getPersistentVolumeClaim().getClaimName()))
                .filter(c -> c != null
                        && (c.getStatus() == null
                                || !"Bound".equals(c.getStatus().getPhase())))
                .map(c -> c.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    private static List<Event> eventsAbout(KubernetesClient client, String namespace, String kind, String name) {
        return client.v1()
                .events()
                .inNamespace(namespace)
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withKind(kind)
                        .withName(name)
                        .withNamespace(namespace)
                        .build())
                .list()
                .getItems();
    }
}
