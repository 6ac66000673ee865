package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The cluster's Kubernetes objects as they are now, read once per reconcile. */
public record ObservedCluster(Optional<StatefulSet> brokerSet, Optional<StatefulSet> controllerSet,
        Optional<ConfigMap> brokerConfig, List<Pod> pods, Map<String, Service> services) {

    public static ObservedCluster read(KubernetesClient client, KafkaCluster cluster) {
        String ns = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        var sets = client.apps().statefulSets().inNamespace(ns);
        List<Pod> pods = client.pods().inNamespace(ns).withLabels(ClusterLabels.clusterSelector(name)).list().getItems()
                .stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        Map<String, Service> services = client.services().inNamespace(ns).withLabels(ClusterLabels.clusterSelector(name))
                .list().getItems().stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity(), (a, b) -> a));
        return new ObservedCluster(
                Optional.ofNullable(sets.withName(ClusterNames.brokers(name)).get()),
                Optional.ofNullable(sets.withName(ClusterNames.controllers(name)).get()),
                Optional.ofNullable(client.configMaps().inNamespace(ns).withName(ClusterNames.brokerConfig(name)).get()),
                pods, services);
    }

    public boolean created() {
        return brokerSet.isPresent();
    }

    /** Replicas of the broker StatefulSet as it exists, or 0 before creation. */
    public int brokerReplicas() {
        return brokerSet.map(s -> s.getSpec().getReplicas() == null ? 0 : s.getSpec().getReplicas()).orElse(0);
    }

    public Optional<String> brokerConfigAnnotation(String key) {
        return brokerConfig.map(c -> c.getMetadata().getAnnotations()).map(a -> a.get(key));
    }

    public List<Pod> podsOf(String statefulSet) {
        return pods.stream().filter(p -> p.getMetadata().getName().startsWith(statefulSet + "-")).toList();
    }
}
