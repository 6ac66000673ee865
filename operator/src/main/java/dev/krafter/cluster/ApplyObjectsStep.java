package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step "apply desired objects": writes every child the spec asks for, as {@link ClusterObjects} builds them, through
 * {@link ClusterApplier} (only what changed is written). Services come first: a broker that advertises an external
 * address must not start before that address is known; then the certificates ({@link CertificatesStep}), which name
 * those addresses. The StatefulSets use {@code OnDelete}, so changing them
 * restarts nothing by itself: the roll step decides which pod restarts when.
 */
final class ApplyObjectsStep {
    /**
     * The objects as stored after the step, with the pods as they are now, the image the pods should run, and the pods
     * that must restart to load renewed certificates, with why ({@link CertificateRestarts}).
     */
    record Applied(ObservedCluster objects, String image, Map<String, String> certificateRestarts) {}

    private final KubernetesClient client;
    private final String imageRepository;
    private final CertificatesStep certificates;
    private final ClusterNetworkPolicy.OperatorPods operatorPods;

    ApplyObjectsStep(
            KubernetesClient client,
            String imageRepository,
            CertificatesStep certificates,
            ClusterNetworkPolicy.OperatorPods operatorPods) {
        this.client = client;
        this.imageRepository = imageRepository;
        this.certificates = certificates;
        this.operatorPods = operatorPods;
    }

    /**
     * @param brokerReplicas the broker count the scaling step decided on for now
     * @param config         the live-config step's result: the read-only config feeds the pod-template hash
     */
    Applied run(
            ClusterFacts facts,
            ClusterChildren children,
            int brokerReplicas,
            LiveConfigStep.Result config,
            ReconcileOutcome outcome) {
        ClusterApplier applier = new ClusterApplier(client, children);
        KafkaCluster cluster = facts.cluster();
        ClusterTopology topology = facts.topology();
        ObservedCluster observed = facts.observed();
        String clusterId = facts.status().getClusterId();
        int current = facts.currentBrokers();
        // Config and external Services cover the brokers that exist too, while a scale-down is still draining them.
        ClusterTopology configTopology = topology.withBrokers(Math.max(brokerReplicas, current));

        applier.apply(ClusterObjects.serviceAccount(cluster));
        // Before the pods exist, so that no node is ever reachable on 9090/9091 from outside the cluster.
        networkPolicy(cluster, topology, children, applier);
        Map<String, Service> services = new HashMap<>();
        for (Service service : ClusterObjects.services(cluster, topology, configTopology)) {
            Service stored = applier.apply(service);
            services.put(stored.getMetadata().getName(), stored);
        }
        children.prune(Service.class, services.keySet());
        KafkaNodeConfig.ExternalAddresses external = ExternalAddressResolver.resolve(configTopology, services::get);
        brokerReplicas =
                ExternalAddressResolver.brokersToRun(configTopology, external, brokerReplicas, current, outcome);
        // Certificates name the external addresses, and exist before a pod that mounts them is created.
        CertificateRestarts.Issued issued = certificates.run(facts, children, configTopology, services::get, outcome);

        ConfigMap brokerConfig =
                ClusterObjects.brokerConfigMap(cluster, configTopology, config.desired(), external, clusterId);
        Map<String, String> annotations = brokerConfig.getMetadata().getAnnotations();
        annotations.put(
                BrokerConfigAnnotations.APPLIED_LIVE, BrokerConfigAnnotations.formatAppliedLive(config.appliedLive()));
        if (config.recordReadOnlyKeys()) {
            annotations.put(
                    BrokerConfigAnnotations.READ_ONLY_KEYS, BrokerConfigAnnotations.formatKeys(config.readOnlyKeys()));
        }
        // The downgrade floor is only what Kafka finalized (MetadataVersionStep records it): a version no node ever ran
        // (an image that does not exist) must not become a floor.
        observed.brokerConfigAnnotation(BrokerConfigAnnotations.METADATA_RELEASE)
                .ifPresent(release -> annotations.put(BrokerConfigAnnotations.METADATA_RELEASE, release));
        applier.apply(brokerConfig);

        String image = ClusterObjects.image(cluster, imageRepository);
        String restartToken = annotation(cluster, ApiGroup.RESTART_ANNOTATION);
        Optional<StatefulSet> controllerSet = Optional.empty();
        if (topology.dedicated()) {
            applier.apply(ClusterObjects.controllerConfigMap(cluster, topology, clusterId));
            controllerSet = Optional.of(applier.apply(ClusterObjects.controllerStatefulSet(
                    cluster,
                    topology,
                    new ClusterObjects.NodeSetInputs(
                            image, clusterId, topology.controllers(), Map.of(), restartToken))));
        }
        StatefulSet brokerSet = applier.apply(ClusterObjects.brokerStatefulSet(
                cluster,
                configTopology,
                new ClusterObjects.NodeSetInputs(image, clusterId, brokerReplicas, config.readOnly(), restartToken)));
        applier.apply(ClusterObjects.podDisruptionBudget(cluster));
        List<Pod> pods = observed.pods();
        if (config.firstClassification()) {
            pods = adoptPods(facts, children, observed.brokerSet().get(), brokerSet);
        }
        ObservedCluster applied =
                new ObservedCluster(Optional.of(brokerSet), controllerSet, Optional.of(brokerConfig), pods, services);
        return new Applied(applied, image, CertificateRestarts.plan(topology, issued, applied.pods()));
    }

    private void networkPolicy(
            KafkaCluster cluster, ClusterTopology topology, ClusterChildren children, ClusterApplier applier) {
        boolean enabled = ClusterNetworkPolicy.enabled(cluster);
        if (enabled) {
            try {
                applier.apply(ClusterNetworkPolicy.desired(cluster, topology, operatorPods));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 422) {
                    throw e;
                }
                // Only the listeners' networkPolicyPeers come from the spec as they are: the API server judges them.
                throw new ClusterNetworkPolicy.RefusedException("the API server refuses the cluster's NetworkPolicy: "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null
                                ? e.getStatus().getMessage()
                                : e.getMessage())
                        + "; correct spec.listeners[].networkPolicyPeers");
            }
        }
        children.prune(
                NetworkPolicy.class, enabled ? Set.of(ClusterNames.networkPolicy(topology.cluster())) : Set.of());
    }

    /**
     * The first time Kafka classifies the config, pods started from the very same files are not outdated: only the way
     * the hash is computed changed. Later read-only changes roll as usual.
     *
     * @return the cluster's pods, those adopted as the update left them
     */
    private List<Pod> adoptPods(
            ClusterFacts facts, ClusterChildren children, StatefulSet previous, StatefulSet updated) {
        String oldHash = NodeStates.templateHash(previous);
        String newHash = NodeStates.templateHash(updated);
        if (oldHash == null || oldHash.equals(newHash)) {
            return facts.observed().pods();
        }
        List<Pod> pods = new ArrayList<>();
        for (Pod pod : facts.observed().pods()) {
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            boolean adopt =
                    pod.getMetadata().getName().startsWith(facts.topology().brokerStatefulSet() + "-")
                            && annotations != null
                            && oldHash.equals(annotations.get(ClusterLabels.TEMPLATE_HASH));
            pods.add(
                    !adopt
                            ? pod
                            : children.updated(
                                    client.pods()
                                            .inNamespace(pod.getMetadata().getNamespace())
                                            .withName(pod.getMetadata().getName())
                                            .edit(p -> {
                                                p.getMetadata()
                                                        .getAnnotations()
                                                        .put(ClusterLabels.TEMPLATE_HASH, newHash);
                                                return p;
                                            }),
                                    pod));
        }
        return pods;
    }

    private static String annotation(KafkaCluster cluster, String key) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
