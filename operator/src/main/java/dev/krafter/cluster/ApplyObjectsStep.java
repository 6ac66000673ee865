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
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Step "apply desired objects": writes every child the spec asks for, as {@link ClusterObjects} builds them, through
 * {@link ClusterApplier} (only what changed is written). Services come first: a broker that advertises an external
 * address must not start before that address is known; then the certificates ({@link CertificatesStep}), which name
 * those addresses. The StatefulSets use {@code OnDelete}, so changing them
 * restarts nothing by itself: the roll step decides which pod restarts when.
 */
final class ApplyObjectsStep {
    /** The objects as stored after the step, with the pods as they are now, and the image the pods should run. */
    record Applied(ObservedCluster objects, String image) {
    }

    private final KubernetesClient client;
    private final ClusterApplier applier;
    private final String imageRepository;
    private final CertificatesStep certificates;
    private final ClusterNetworkPolicy.OperatorPods operatorPods;

    ApplyObjectsStep(KubernetesClient client, String imageRepository, CertificatesStep certificates,
            ClusterNetworkPolicy.OperatorPods operatorPods) {
        this.client = client;
        this.applier = new ClusterApplier(client);
        this.imageRepository = imageRepository;
        this.certificates = certificates;
        this.operatorPods = operatorPods;
    }

    /**
     * @param brokerReplicas the broker count the scaling step decided on for now
     * @param config         the live-config step's result: the read-only config feeds the pod-template hash
     */
    Applied run(ClusterFacts facts, int brokerReplicas, LiveConfigStep.Result config, ReconcileOutcome outcome) {
        KafkaCluster cluster = facts.cluster();
        ClusterTopology topology = facts.topology();
        ObservedCluster observed = facts.observed();
        String clusterId = facts.status().getClusterId();
        int current = facts.currentBrokers();
        // Config and external Services cover the brokers that exist too, while a scale-down is still draining them.
        ClusterTopology configTopology = topology.withBrokers(Math.max(brokerReplicas, current));

        applier.apply(ClusterObjects.serviceAccount(cluster));
        // Before the pods exist, so that no node is ever reachable on 9090/9091 from outside the cluster.
        networkPolicy(cluster, topology);
        applier.apply(ClusterObjects.headlessService(cluster, topology));
        applier.apply(ClusterObjects.bootstrapService(cluster, topology));
        Map<String, Service> services = new HashMap<>();
        for (Service service : ClusterObjects.externalServices(cluster, configTopology)) {
            Service stored = applier.apply(service);
            services.put(stored.getMetadata().getName(), stored);
        }
        KafkaNodeConfig.ExternalAddresses external = ExternalAddressResolver.resolve(configTopology, services::get);
        brokerReplicas = ExternalAddressResolver.brokersToRun(configTopology, external, brokerReplicas, current, outcome);
        // Certificates name the external addresses, and exist before a pod that mounts them is created.
        certificates.run(facts, configTopology, services::get, outcome);

        ConfigMap brokerConfig = ClusterObjects.brokerConfigMap(cluster, configTopology, config.desired(), external,
                clusterId);
        Map<String, String> annotations = brokerConfig.getMetadata().getAnnotations();
        annotations.put(BrokerConfigAnnotations.APPLIED_LIVE, BrokerConfigAnnotations.formatAppliedLive(config.appliedLive()));
        if (config.recordReadOnlyKeys()) {
            annotations.put(BrokerConfigAnnotations.READ_ONLY_KEYS, BrokerConfigAnnotations.formatKeys(config.readOnlyKeys()));
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
            controllerSet = Optional.of(applier.apply(ClusterObjects.controllerStatefulSet(cluster, topology,
                    new ClusterObjects.NodeSetInputs(image, clusterId, topology.controllers(), Map.of(), restartToken))));
        }
        StatefulSet brokerSet = applier.apply(ClusterObjects.brokerStatefulSet(cluster, configTopology,
                new ClusterObjects.NodeSetInputs(image, clusterId, brokerReplicas, config.readOnly(), restartToken)));
        applier.apply(ClusterObjects.podDisruptionBudget(cluster));
        if (config.firstClassification()) {
            adoptPods(facts, observed.brokerSet().get(), brokerSet);
        }
        ObservedCluster applied = new ObservedCluster(Optional.of(brokerSet), controllerSet, Optional.of(brokerConfig),
                ObservedCluster.read(client, cluster).pods(), services);
        return new Applied(applied, image);
    }

    private void networkPolicy(KafkaCluster cluster, ClusterTopology topology) {
        if (ClusterNetworkPolicy.enabled(cluster)) {
            try {
                applier.apply(ClusterNetworkPolicy.desired(cluster, topology, operatorPods));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 422) {
                    throw e;
                }
                // Only the listeners' networkPolicyPeers come from the spec as they are: the API server judges them.
                throw new ClusterNetworkPolicy.RefusedException("the API server refuses the cluster's NetworkPolicy: "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                                : e.getMessage()) + "; correct spec.listeners[].networkPolicyPeers");
            }
            return;
        }
        Resource<NetworkPolicy> stored = client.network().v1().networkPolicies()
                .inNamespace(cluster.getMetadata().getNamespace()).withName(ClusterNames.networkPolicy(topology.cluster()));
        NetworkPolicy existing = stored.get();
        if (existing != null && ChildOwnership.refusal(existing, topology.cluster(), cluster.getMetadata().getUid()).isEmpty()) {
            stored.delete();
        }
    }

    /**
     * The first time Kafka classifies the config, pods started from the very same files are not outdated: only the way
     * the hash is computed changed. Later read-only changes roll as usual.
     */
    private void adoptPods(ClusterFacts facts, StatefulSet previous, StatefulSet updated) {
        String oldHash = NodeStates.templateHash(previous);
        String newHash = NodeStates.templateHash(updated);
        if (oldHash == null || oldHash.equals(newHash)) {
            return;
        }
        for (Pod pod : facts.observed().podsOf(facts.topology().brokerStatefulSet())) {
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            if (annotations != null && oldHash.equals(annotations.get(ClusterLabels.TEMPLATE_HASH))) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .edit(p -> {
                            p.getMetadata().getAnnotations().put(ClusterLabels.TEMPLATE_HASH, newHash);
                            return p;
                        });
            }
        }
    }

    private static String annotation(KafkaCluster cluster, String key) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
