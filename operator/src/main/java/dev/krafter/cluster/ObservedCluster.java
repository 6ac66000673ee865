package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The cluster's Kubernetes objects as they are now, read once per reconcile from the informer caches. */
public record ObservedCluster(
        Optional<StatefulSet> brokerSet,
        Optional<StatefulSet> controllerSet,
        Optional<ConfigMap> brokerConfig,
        List<Pod> pods,
        Map<String, Service> services) {

    static ObservedCluster read(ClusterChildren children, KafkaCluster cluster) {
        String name = cluster.getMetadata().getName();
        Map<String, Service> services = children.all(Service.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity(), (a, b) -> a));
        return new ObservedCluster(
                children.get(StatefulSet.class, ClusterNames.brokers(name)),
                children.get(StatefulSet.class, ClusterNames.controllers(name)),
                children.get(ConfigMap.class, ClusterNames.brokerConfig(name)),
                children.all(Pod.class),
                services);
    }

    public boolean created() {
        return brokerSet.isPresent();
    }

    /** Replicas of the broker StatefulSet as it exists, or 0 before creation. */
    public int brokerReplicas() {
        return brokerSet
                .map(s -> s.getSpec().getReplicas() == null ? 0 : s.getSpec().getReplicas())
                .orElse(0);
    }

    public Optional<String> brokerConfigAnnotation(String key) {
        return brokerConfig.map(c -> c.getMetadata().getAnnotations()).map(a -> a.get(key));
    }

    public List<Pod> podsOf(String statefulSet) {
        return pods.stream()
                .filter(p -> p.getMetadata().getName().startsWith(statefulSet + "-"))
                .toList();
    }
}
