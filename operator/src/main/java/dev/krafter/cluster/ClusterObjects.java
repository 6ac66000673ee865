package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.BrokersSpec;
import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.JvmOptions;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Desired Kubernetes objects of a KafkaCluster: pure functions of the custom resource and a few facts the reconciler
 * passes in (cluster id, replica counts, read-only config, external addresses). No client calls.
 */
public final class ClusterObjects {
    public static final String DATA_VOLUME = "data";
    public static final String CONFIG_VOLUME = "config";
    public static final String RACK_VOLUME = "rack";
    public static final String TLS_VOLUME = "tls";
    /**
     * The only writable place outside the data volume, the root file system being read-only: the entrypoint's generated
     * {@code /tmp/kafka/server.properties}, the JVM's temporary files (compression codecs unpack their native libraries
     * there, hsperfdata) and client config files an admin writes with {@code kubectl exec}.
     */
    public static final String TMP_VOLUME = "tmp";

    public static final String TMP_PATH = "/tmp";
    static final Quantity TMP_SIZE_LIMIT = new Quantity("64Mi");
    /** Pod annotation naming the TLS listeners: turning TLS on or off for a listener changes the template, so it rolls. */
    public static final String TLS_LISTENERS_ANNOTATION = "krafter.dev/tls-listeners";
    /**
     * Pod annotation summing up the security settings Kafka reads only at start-up (internal TLS, listener
     * authentication, the authorizer and its super users): a change rolls the nodes. Absent when none is set, so
     * clusters from before are not rolled by an operator upgrade.
     */
    public static final String SECURITY_ANNOTATION = "krafter.dev/security";

    public static final String DATA_PATH = "/var/lib/kafka/data";
    public static final String CONFIG_PATH = "/etc/kafka/base";
    public static final String RACK_PATH = "/etc/kafka/rack";
    public static final String SECRET_CONFIG_VOLUME = "secret-config";
    /** Where the broker image's entrypoint reads spec.brokers.secretConfig values: one file per Kafka key. */
    public static final String SECRET_CONFIG_PATH = "/etc/kafka/secret-config";
    /** Owner and group (the pod's fsGroup) may read the secret files, nobody else. */
    private static final int SECRET_FILE_MODE = 0440;

    public static final long RUN_AS_USER = 1001L;
    /** The Kafka container of every node pod; found by this name, never by position (meshes inject sidecars first). */
    public static final String KAFKA_CONTAINER = "kafka";
    /** Label and annotation keys under this prefix are the operator's; a user's template cannot set them. */
    public static final String RESERVED_KEY_PREFIX = "krafter.dev/";
    /** Seconds Kafka gets for its controlled shutdown (leadership moved away) before it is killed. */
    public static final long TERMINATION_GRACE_SECONDS = 120L;

    private ClusterObjects() {}

    /** What a node StatefulSet depends on besides the custom resource. */
    public record NodeSetInputs(
            String image, String clusterId, int replicas, Map<String, String> readOnlyConfig, String restartToken) {}

    public static String image(KafkaCluster cluster, String imageRepository) {
        String image = cluster.getSpec().getImage();
        return image != null && !image.isBlank()
                ? image
                : imageRepository + ":" + cluster.getSpec().getVersion();
    }

    /** The image of the pod's Kafka container; null when the pod has none. */
    public static String kafkaImage(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null
                ? null
                : pod.getSpec().getContainers().stream()
                        .filter(c -> KAFKA_CONTAINER.equals(c.getName()))
                        .map(Container::getImage)
                        .findFirst()
                        .orElse(null);
    }

    public static OwnerReference owner(KafkaCluster cluster) {
        return new OwnerReferenceBuilder()
                .withApiVersion(ApiGroup.API_VERSION)
                .withKind("KafkaCluster")
                .withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static ObjectMeta meta(KafkaCluster cluster, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(owner(cluster))
                .build();
    }

    // ---------------------------------------------------------------- config

    /**
     * The brokers' config: {@code server.properties} plus {@code node-<ordinal>.properties} overrides. The cluster id
     * is kept in an annotation too, so that losing the status (a restore from a GitOps repository) never loses it.
     */
    public static ConfigMap brokerConfigMap(
            KafkaCluster cluster,
            ClusterTopology topology,
            Map<String, String> desiredConfig,
            KafkaNodeConfig.ExternalAddresses external,
            String clusterId) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(KafkaNodeConfig.SERVER_PROPERTIES, KafkaNodeConfig.brokerServerProperties(topology, desiredConfig));
        data.putAll(KafkaNodeConfig.brokerNodeFiles(topology, external));
        if (topology.security().internalTls()) {
            data.put(KafkaNodeConfig.CLIENT_PROPERTIES, KafkaNodeConfig.podClientProperties(topology));
        }
        ObjectMeta meta = meta(
                cluster,
                ClusterNames.brokerConfig(topology.cluster()),
                ClusterLabels.pool(topology.cluster(), ClusterLabels.POOL_BROKER, false));
        meta.setAnnotations(new LinkedHashMap<>(Map.of(
                ClusterLabels.CLUSTER_ID, clusterId,
                ClusterLabels.QUORUM, quorumShape(topology),
                InternalTls.ANNOTATION, Boolean.toString(topology.security().internalTls()))));
        return new ConfigMapBuilder().withMetadata(meta).withData(data).build();
    }

    public static ConfigMap controllerConfigMap(KafkaCluster cluster, ClusterTopology topology, String clusterId) {
        ObjectMeta meta = meta(
                cluster,
                ClusterNames.controllerConfig(topology.cluster()),
                ClusterLabels.pool(topology.cluster(), ClusterLabels.POOL_CONTROLLER, false));
        meta.setAnnotations(new LinkedHashMap<>(Map.of(ClusterLabels.CLUSTER_ID, clusterId)));
        return new ConfigMapBuilder()
                .withMetadata(meta)
                .withData(
                        Map.of(KafkaNodeConfig.SERVER_PROPERTIES, KafkaNodeConfig.controllerServerProperties(topology)))
                .build();
    }

    /** e.g. "internal-tls; authentication mtls=tls,scram=scram-sha-512; authorization User:admin"; empty when none. */
    static Optional<String> securitySummary(ClusterTopology topology, boolean brokerRole) {
        List<String> parts = new ArrayList<>();
        if (topology.security().internalTls()) {
            parts.add("internal-tls");
        }
        List<String> authenticated = brokerRole
                ? topology.listeners().stream()
                        .filter(l -> l.getAuthentication() != null
                                && l.getAuthentication() != ListenerSpec.Authentication.NONE)
                        .map(l -> l.getName() + "="
                                + l.getAuthentication()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', '-'))
                        .toList()
                : List.of();
        if (!authenticated.isEmpty()) {
            parts.add("authentication " + String.join(",", authenticated));
        }
        if (topology.security().authorization()) {
            parts.add(("authorization " + String.join(",", topology.security().superUsers())).trim());
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /** "combined/3" or "dedicated/3": the quorum shape, fixed at creation. */
    public static String quorumShape(ClusterTopology topology) {
        return (topology.dedicated() ? "dedicated" : "combined") + "/" + topology.controllers();
    }

    // ---------------------------------------------------------------- services

    /**
     * Every Service the cluster wants; any other Service it owns is deleted. The external ones cover
     * {@code externalTopology}: the brokers that still exist during a scale-down, so a removed broker's Services go once
     * its StatefulSet has shrunk, and a removed listener's at once.
     */
    public static List<Service> services(
            KafkaCluster cluster, ClusterTopology topology, ClusterTopology externalTopology) {
        List<Service> services =
                new ArrayList<>(List.of(headlessService(cluster, topology), bootstrapService(cluster, topology)));
        services.addAll(externalServices(cluster, externalTopology));
        return services;
    }

    /** Stable DNS names for every node, also for pods not ready yet (a quorum must find its voters to start). */
    public static Service headlessService(KafkaCluster cluster, ClusterTopology topology) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(port("controller", ClusterNames.CONTROLLER_PORT));
        ports.add(port("replication", ClusterNames.REPLICATION_PORT));
        topology.listeners().forEach(l -> ports.add(port(l.getName(), l.getPort())));
        return new ServiceBuilder()
                .withMetadata(meta(
                        cluster, ClusterNames.headless(topology.cluster()), ClusterLabels.common(topology.cluster())))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(ClusterLabels.clusterSelector(topology.cluster()))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    /** The brokers' internal client listeners, and the replication port the operator's Admin client uses. */
    public static Service bootstrapService(KafkaCluster cluster, ClusterTopology topology) {
        List<ServicePort> ports = new ArrayList<>();
        topology.internalListeners().forEach(l -> ports.add(port(l.getName(), l.getPort())));
        ports.add(port("replication", ClusterNames.REPLICATION_PORT));
        return new ServiceBuilder()
                .withMetadata(meta(
                        cluster, ClusterNames.bootstrap(topology.cluster()), ClusterLabels.common(topology.cluster())))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ClusterLabels.brokerSelector(topology.cluster()))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    /**
     * Per external listener: a bootstrap Service over all brokers and one Service per broker, of the listener's type
     * (NodePort or LoadBalancer). Node ports are assigned by Kubernetes; the broker advertises the assigned port (see
     * {@link ExternalAddressResolver}).
     */
    public static List<Service> externalServices(KafkaCluster cluster, ClusterTopology topology) {
        List<Service> services = new ArrayList<>();
        for (ListenerSpec listener : topology.externalListeners()) {
            String type = listener.getType() == ListenerSpec.Type.NODEPORT ? "NodePort" : "LoadBalancer";
            Map<String, String> labels = ClusterLabels.common(topology.cluster());
            labels.put("krafter.dev/listener", listener.getName());
            services.add(new ServiceBuilder()
                    .withMetadata(meta(
                            cluster, ClusterNames.externalBootstrap(topology.cluster(), listener.getName()), labels))
                    .withNewSpec()
                    .withType(type)
                    .withSelector(ClusterLabels.brokerSelector(topology.cluster()))
                    .withPorts(port(listener.getName(), listener.getPort()))
                    .endSpec()
                    .build());
            for (int ordinal = 0; ordinal < topology.brokers(); ordinal++) {
                Map<String, String> selector = new LinkedHashMap<>(ClusterLabels.brokerSelector(topology.cluster()));
                selector.put(ClusterLabels.POD_NAME, ClusterNames.podName(topology.brokerStatefulSet(), ordinal));
                Map<String, String> brokerLabels = new LinkedHashMap<>(labels);
                brokerLabels.put("krafter.dev/broker-ordinal", Integer.toString(ordinal));
                services.add(new ServiceBuilder()
                        .withMetadata(meta(
                                cluster,
                                ClusterNames.externalBroker(topology.cluster(), listener.getName(), ordinal),
                                brokerLabels))
                        .withNewSpec()
                        .withType(type)
                        .withPublishNotReadyAddresses(true)
                        .withSelector(selector)
                        .withPorts(port(listener.getName(), listener.getPort()))
                        .endSpec()
                        .build());
            }
        }
        return services;
    }

    private static ServicePort port(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .withProtocol("TCP")
                .build();
    }

    // ---------------------------------------------------------------- access and disruption

    public static ServiceAccount serviceAccount(KafkaCluster cluster) {
        String name = cluster.getMetadata().getName();
        return new ServiceAccountBuilder()
                .withMetadata(meta(cluster, ClusterNames.serviceAccount(name), ClusterLabels.common(name)))
                .withAutomountServiceAccountToken(false)
                .build();
    }

    /** At most one node of the cluster (broker or controller) voluntarily disrupted at a time. */
    public static PodDisruptionBudget podDisruptionBudget(KafkaCluster cluster) {
        String name = cluster.getMetadata().getName();
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta(cluster, ClusterNames.podDisruptionBudget(name), ClusterLabels.common(name)))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withSelector(new LabelSelectorBuilder()
                        .withMatchLabels(ClusterLabels.clusterSelector(name))
                        .build())
                .endSpec()
                .build();
    }

    // ---------------------------------------------------------------- statefulsets

    public static StatefulSet brokerStatefulSet(KafkaCluster cluster, ClusterTopology topology, NodeSetInputs inputs) {
        BrokersSpec brokers = cluster.getSpec().getBrokers();
        return nodeSet(
                cluster,
                topology,
                ClusterLabels.POOL_BROKER,
                topology.brokerStatefulSet(),
                ClusterNames.brokerConfig(topology.cluster()),
                0,
                true,
                brokers.getResources(),
                brokers.getStorage() == null ? new StorageSpec() : brokers.getStorage(),
                brokers.getJvmOptions(),
                brokers.getTemplate(),
                brokers.getRackTopologyKey(),
                topology.listeners(),
                brokers.getSecretConfig(),
                inputs);
    }

    public static StatefulSet controllerStatefulSet(
            KafkaCluster cluster, ClusterTopology topology, NodeSetInputs inputs) {
        ControllersSpec controllers = cluster.getSpec().getControllers();
        // Dedicated controllers share the brokers' scheduling template (tolerations, node selector, priority).
        return nodeSet(
                cluster,
                topology,
                ClusterLabels.POOL_CONTROLLER,
                topology.controllerStatefulSet(),
                ClusterNames.controllerConfig(topology.cluster()),
                ClusterTopology.CONTROLLER_NODE_ID_OFFSET,
                false,
                controllers.getResources(),
                controllers.getStorage() == null ? new StorageSpec() : controllers.getStorage(),
                controllers.getJvmOptions(),
                cluster.getSpec().getBrokers().getTemplate(),
                null,
                List.of(),
                List.of(),
                inputs);
    }

    private static StatefulSet nodeSet(
            KafkaCluster cluster,
            ClusterTopology topology,
            String pool,
            String name,
            String configMap,
            int nodeIdOffset,
            boolean brokerRole,
            ResourceRequirements resources,
            StorageSpec storage,
            JvmOptions jvm,
            PodTemplate template,
            String rackKey,
            List<ListenerSpec> listeners,
            List<SecretConfig> secretConfig,
            NodeSetInputs inputs) {
        String clusterName = topology.cluster();
        Map<String, String> podLabels = new LinkedHashMap<>();
        if (template != null && template.getLabels() != null) {
            podLabels.putAll(withoutReservedKeys(template.getLabels()));
        }
        podLabels.putAll(ClusterLabels.pool(clusterName, pool, brokerRole));
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (template != null && template.getAnnotations() != null) {
            podAnnotations.putAll(withoutReservedKeys(template.getAnnotations()));
        }
        boolean persistent = storage.getType() == StorageSpec.Type.PERSISTENT;
        boolean metrics = cluster.getSpec().getMetrics() == null
                || cluster.getSpec().getMetrics().isEnabled();

        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName(CONFIG_VOLUME)
                .withNewConfigMap()
                .withName(configMap)
                .endConfigMap()
                .build());
        if (!persistent) {
            volumes.add(new VolumeBuilder()
                    .withName(DATA_VOLUME)
                    .withNewEmptyDir()
                    .withSizeLimit(new Quantity(storage.getSize()))
                    .endEmptyDir()
                    .build());
        }
        volumes.add(new VolumeBuilder()
                .withName(TMP_VOLUME)
                .withNewEmptyDir()
                .withSizeLimit(TMP_SIZE_LIMIT)
                .endEmptyDir()
                .build());
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder()
                .withName(DATA_VOLUME)
                .withMountPath(DATA_PATH)
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(CONFIG_VOLUME)
                .withMountPath(CONFIG_PATH)
                .withReadOnly(true)
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(TMP_VOLUME)
                .withMountPath(TMP_PATH)
                .build());
        if (rackKey != null && !rackKey.isBlank()) {
            // The rack comes from the pod's own label of that key (Kubernetes copies the zone and region labels of the
            // node onto the pod when it is bound); an absent label gives an empty file and no broker.rack.
            volumes.add(new VolumeBuilder()
                    .withName(RACK_VOLUME)
                    .withNewDownwardAPI()
                    .addNewItem()
                    .withPath("rack")
                    .withNewFieldRef()
                    .withFieldPath("metadata.labels['" + rackKey + "']")
                    .endFieldRef()
                    .endItem()
                    .endDownwardAPI()
                    .build());
            mounts.add(new VolumeMountBuilder()
                    .withName(RACK_VOLUME)
                    .withMountPath(RACK_PATH)
                    .withReadOnly(true)
                    .build());
        }

        secretConfigVolume(secretConfig).ifPresent(volume -> {
            volumes.add(volume);
            mounts.add(new VolumeMountBuilder()
                    .withName(SECRET_CONFIG_VOLUME)
                    .withMountPath(SECRET_CONFIG_PATH)
                    .withReadOnly(true)
                    .build());
        });
        // Only clusters with a TLS listener or internal TLS get the certificates volume: an operator upgrade must not
        // change (and so roll) the pods of a plaintext cluster.
        List<ListenerSpec> tlsListeners = brokerRole ? KafkaNodeConfig.tlsListeners(topology) : List.of();
        if (!tlsListeners.isEmpty() || topology.security().internalTls()) {
            volumes.add(new VolumeBuilder()
                    .withName(TLS_VOLUME)
                    .withNewSecret()
                    .withSecretName(ClusterNames.nodeCertificates(clusterName))
                    .withDefaultMode(0440)
                    .endSecret()
                    .build());
            mounts.add(new VolumeMountBuilder()
                    .withName(TLS_VOLUME)
                    .withMountPath(KafkaNodeConfig.TLS_PATH)
                    .withReadOnly(true)
                    .build());
        }
        if (!tlsListeners.isEmpty()) {
            podAnnotations.put(
                    TLS_LISTENERS_ANNOTATION,
                    String.join(
                            ",",
                            tlsListeners.stream().map(ListenerSpec::getName).toList()));
        }
        securitySummary(topology, brokerRole).ifPresent(summary -> podAnnotations.put(SECURITY_ANNOTATION, summary));

        List<ContainerPort> ports = new ArrayList<>();
        if (!brokerRole || topology.isCombinedVoter(0)) {
            ports.add(containerPort("controller", ClusterNames.CONTROLLER_PORT));
        }
        if (brokerRole) {
            ports.add(containerPort("replication", ClusterNames.REPLICATION_PORT));
            listeners.forEach(l -> ports.add(containerPort(l.getName(), l.getPort())));
        }
        if (metrics) {
            ports.add(containerPort("metrics", ClusterNames.METRICS_PORT));
        }
        ports.add(containerPort("probes", ClusterNames.PROBE_PORT));

        PodTemplateSpec podTemplate = new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels)
                .withAnnotations(podAnnotations)
                .endMetadata()
                .withSpec(new PodSpecBuilder()
                        .withServiceAccountName(ClusterNames.serviceAccount(clusterName))
                        .withAutomountServiceAccountToken(false)
                        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                        .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(RUN_AS_USER)
                        .withRunAsGroup(RUN_AS_USER)
                        .withFsGroup(RUN_AS_USER)
                        .withNewSeccompProfile()
                        .withType("RuntimeDefault")
                        .endSeccompProfile()
                        .endSecurityContext()
                        .withAffinity(
                                template != null && template.getAffinity() != null
                                        ? template.getAffinity()
                                        : defaultAffinity(clusterName))
                        .withTopologySpreadConstraints(
                                rackKey == null || rackKey.isBlank()
                                        ? List.of()
                                        : List.of(new TopologySpreadConstraintBuilder()
                                                .withMaxSkew(1)
                                                .withTopologyKey(rackKey)
                                                .withWhenUnsatisfiable("ScheduleAnyway")
                                                .withNewLabelSelector()
                                                .withMatchLabels(ClusterLabels.poolSelector(clusterName, pool))
                                                .endLabelSelector()
                                                .build()))
                        .withTolerations(template == null ? List.of() : template.getTolerations())
                        .withNodeSelector(template == null ? Map.of() : template.getNodeSelector())
                        .withPriorityClassName(template == null ? null : template.getPriorityClassName())
                        .withContainers(new ContainerBuilder()
                                .withName(KAFKA_CONTAINER)
                                .withImage(inputs.image())
                                .withImagePullPolicy("IfNotPresent")
                                // The entrypoint writes its own and Kafka's fatal error to /dev/termination-log; when
                                // the JVM dies before (a bad JVM option, heap exhaustion), the log's tail stands in.
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                                .withEnv(env(topology, nodeIdOffset, metrics, jvm, inputs.clusterId()))
                                .withPorts(ports)
                                .withVolumeMounts(mounts)
                                .withResources(resources)
                                .withReadinessProbe(probe("/ready", 10, 10, 3))
                                .withLivenessProbe(probe("/healthz", 60, 10, 6))
                                .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withAllowPrivilegeEscalation(false)
                                .withReadOnlyRootFilesystem(true)
                                .withNewCapabilities()
                                .withDrop("ALL")
                                .endCapabilities()
                                .withNewSeccompProfile()
                                .withType("RuntimeDefault")
                                .endSeccompProfile()
                                .endSecurityContext()
                                .build())
                        .withVolumes(volumes)
                        .build())
                .build();
        podTemplate
                .getMetadata()
                .getAnnotations()
                .put(
                        ClusterLabels.TEMPLATE_HASH,
                        TemplateHash.of(podTemplate, inputs.readOnlyConfig(), inputs.restartToken()));

        StatefulSetBuilder builder = new StatefulSetBuilder()
                .withMetadata(meta(cluster, name, ClusterLabels.pool(clusterName, pool, brokerRole)))
                .withNewSpec()
                .withReplicas(inputs.replicas())
                .withServiceName(ClusterNames.headless(clusterName))
                .withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy()
                .withType("OnDelete")
                .endUpdateStrategy()
                .withNewSelector()
                .withMatchLabels(ClusterLabels.poolSelector(clusterName, pool))
                .endSelector()
                .withTemplate(podTemplate)
                .endSpec();
        if (persistent) {
            // Kubernetes deletes (or keeps) the claims itself when the StatefulSet is deleted or scaled down.
            String policy = storage.isDeleteClaim() ? "Delete" : "Retain";
            builder.editSpec()
                    .withVolumeClaimTemplates(claimTemplate(clusterName, pool, storage))
                    .withNewPersistentVolumeClaimRetentionPolicy()
                    .withWhenDeleted(policy)
                    .withWhenScaled(policy)
                    .endPersistentVolumeClaimRetentionPolicy()
                    .endSpec();
        }
        return builder.build();
    }

    /**
     * The volume of spec.brokers.secretConfig: each referenced Secret key projected as a file named after its Kafka
     * key, which the entrypoint adds to server.properties. The kubelet reads the Secrets; the operator never does. A
     * change of the entries changes the pod template (and rolls the brokers); a change of a Secret's value does not.
     */
    static Optional<Volume> secretConfigVolume(List<SecretConfig> entries) {
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        List<VolumeProjection> sources = new ArrayList<>();
        for (SecretConfig entry : entries) {
            sources.add(new VolumeProjectionBuilder()
                    .withNewSecret()
                    .withName(entry.getSecretKeyRef().getName())
                    .addNewItem()
                    .withKey(entry.getSecretKeyRef().getKey())
                    .withPath(entry.getName())
                    .endItem()
                    .endSecret()
                    .build());
        }
        return Optional.of(new VolumeBuilder()
                .withName(SECRET_CONFIG_VOLUME)
                .withNewProjected()
                .withDefaultMode(SECRET_FILE_MODE)
                .withSources(sources)
                .endProjected()
                .build());
    }

    /**
     * A user's template labels and annotations without the operator's keys: {@code krafter.dev/restart} would make
     * every pod outdated for ever, {@code krafter.dev/broker} would put controllers behind the bootstrap Services. The
     * validation refuses them ({@link ClusterValidation}); this keeps the builder right whatever it is given.
     */
    static Map<String, String> withoutReservedKeys(Map<String, String> entries) {
        Map<String, String> kept = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            if (!key.startsWith(RESERVED_KEY_PREFIX)) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private static PersistentVolumeClaim claimTemplate(String cluster, String pool, StorageSpec storage) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(DATA_VOLUME)
                .withLabels(ClusterLabels.pool(cluster, pool, false))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storage.getStorageClass())
                .withNewResources()
                .addToRequests("storage", new Quantity(storage.getSize()))
                .endResources()
                .endSpec()
                .build();
    }

    /** Name of the claim of pod {@code <statefulSet>-<ordinal>} (StatefulSet naming: template-statefulset-ordinal). */
    public static String claimName(String statefulSet, int ordinal) {
        return DATA_VOLUME + "-" + ClusterNames.podName(statefulSet, ordinal);
    }

    /** Preferably one node of the cluster per Kubernetes node. */
    static Affinity defaultAffinity(String cluster) {
        return new AffinityBuilder()
                .withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector()
                .withMatchLabels(ClusterLabels.clusterSelector(cluster))
                .endLabelSelector()
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity()
                .build();
    }

    private static List<EnvVar> env(
            ClusterTopology topology, int nodeIdOffset, boolean metrics, JvmOptions jvm, String clusterId) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder()
                .withName("POD_NAME")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("POD_NAMESPACE")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("HOST_IP")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("status.hostIP")
                .endFieldRef()
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName("KRAFTER_CLUSTER_ID")
                .withValue(clusterId)
                .build());
        env.add(new EnvVarBuilder()
                .withName("KRAFTER_NODE_ID_OFFSET")
                .withValue(Integer.toString(nodeIdOffset))
                .build());
        env.add(new EnvVarBuilder()
                .withName("KRAFTER_HEADLESS_SERVICE")
                .withValue(ClusterNames.headless(topology.cluster()))
                .build());
        // ${ADVERTISED_HOST} is only used by NodePort listeners: they advertise the IP of the node the pod runs on.
        env.add(new EnvVarBuilder()
                .withName("KRAFTER_ADVERTISED_HOST")
                .withValue("$(HOST_IP)")
                .build());
        env.add(new EnvVarBuilder()
                .withName("KRAFTER_METRICS_ENABLED")
                .withValue(Boolean.toString(metrics))
                .build());
        if (jvm != null && jvm.getHeap() != null && !jvm.getHeap().isBlank()) {
            env.add(new EnvVarBuilder()
                    .withName("KAFKA_HEAP_OPTS")
                    .withValue("-Xms" + jvm.getHeap() + " -Xmx" + jvm.getHeap())
                    .build());
        }
        if (jvm != null && jvm.getExtraArgs() != null && !jvm.getExtraArgs().isEmpty()) {
            env.add(new EnvVarBuilder()
                    .withName("KRAFTER_JVM_OPTS")
                    .withValue(String.join(" ", jvm.getExtraArgs()))
                    .build());
        }
        return env;
    }

    private static ContainerPort containerPort(String name, int port) {
        return new ContainerPortBuilder()
                .withName(name)
                .withContainerPort(port)
                .withProtocol("TCP")
                .build();
    }

    private static Probe probe(String path, int initialDelay, int period, int failures) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(ClusterNames.PROBE_PORT))
                .endHttpGet()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failures)
                .build();
    }
}
