package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static dev.krafter.cluster.ClusterFixtures.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.JvmOptions;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.PodTemplate;
import dev.krafter.api.v1alpha1.SecretConfig;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.podsecurity.RestrictedProfile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterObjectsTest {
    private static final ClusterObjects.NodeSetInputs INPUTS =
            new ClusterObjects.NodeSetInputs("krafter/kafka:4.4.0", "cluster-id-1", 3, Map.of(), null);

    private static Container kafka(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElse(null);
    }

    @Test
    void everyObjectIsOwnedByTheClusterAndLabelledWithoutArgoCdsInstanceLabel() {
        KafkaCluster resource = cluster("demo", 3, Mode.DEDICATED, 3);
        resource.getSpec()
                .setListeners(List.of(
                        listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                        listener("ext", 9094, ListenerSpec.Type.LOADBALANCER)));
        ClusterTopology topology = ClusterTopology.of(resource);
        List<HasMetadata> all = new ArrayList<>();
        all.add(ClusterObjects.brokerConfigMap(
                resource, topology, Map.of(), KafkaNodeConfig.ExternalAddresses.NONE, "id"));
        all.add(ClusterObjects.controllerConfigMap(resource, topology, "id"));
        all.add(ClusterObjects.headlessService(resource, topology));
        all.add(ClusterObjects.bootstrapService(resource, topology));
        all.addAll(ClusterObjects.externalServices(resource, topology));
        all.add(ClusterObjects.serviceAccount(resource));
        all.add(ClusterObjects.podDisruptionBudget(resource));
        all.add(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS));
        all.add(ClusterObjects.controllerStatefulSet(resource, topology, INPUTS));
        assertThat(all).hasSize(12);
        for (HasMetadata object : all) {
            assertThat(object.getMetadata().getNamespace()).isEqualTo("ns");
            assertThat(object.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> {
                        assertThat(owner.getKind()).isEqualTo("KafkaCluster");
                        assertThat(owner.getApiVersion()).isEqualTo("krafter.dev/v1alpha1");
                        assertThat(owner.getName()).isEqualTo("demo");
                        assertThat(owner.getUid()).isEqualTo("uid-demo");
                        assertThat(owner.getController()).isTrue();
                    });
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("krafter.dev/cluster", "demo")
                    .containsEntry("app.kubernetes.io/name", "kafka")
                    .containsEntry("app.kubernetes.io/managed-by", "krafter")
                    .containsEntry("app.kubernetes.io/part-of", "demo")
                    .doesNotContainKey("app.kubernetes.io/instance");
        }
    }

    @Test
    void secretConfigIsMountedFromTheSecretsAndNeverInTheConfigMap() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        resource.getSpec()
                .getBrokers()
                .setSecretConfig(new ArrayList<>(List.of(
                        new SecretConfig("ssl.truststore.password", "kafka-secrets", "truststore"),
                        new SecretConfig("listener.name.plain.ssl.key.password", "other-secret", "key"))));
        ClusterTopology topology = ClusterTopology.of(resource);
        StatefulSet brokers = ClusterObjects.brokerStatefulSet(resource, topology, INPUTS);
        PodSpec pod = brokers.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals(ClusterObjects.SECRET_CONFIG_VOLUME))
                .singleElement()
                .satisfies(volume -> {
                    assertThat(volume.getProjected().getDefaultMode()).isEqualTo(0440);
                    assertThat(volume.getProjected().getSources())
                            .extracting(s -> s.getSecret().getName() + "/"
                                    + s.getSecret().getItems().get(0).getKey() + " -> "
                                    + s.getSecret().getItems().get(0).getPath())
                            .containsExactly(
                                    "kafka-secrets/truststore -> ssl.truststore.password",
                                    "other-secret/key -> listener.name.plain.ssl.key.password");
                });
        assertThat(kafka(brokers).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(ClusterObjects.SECRET_CONFIG_VOLUME);
            assertThat(m.getMountPath()).isEqualTo("/etc/kafka/secret-config");
            assertThat(m.getReadOnly()).isTrue();
        });
        String properties = ClusterObjects.brokerConfigMap(
                        resource, topology, Map.of(), KafkaNodeConfig.ExternalAddresses.NONE, "id")
                .getData()
                .get(KafkaNodeConfig.SERVER_PROPERTIES);
        assertThat(properties).doesNotContain("ssl.truststore.password").doesNotContain("ssl.key.password");

        // Another entry changes the pod template, so the brokers roll onto it.
        String hash =
                brokers.getSpec().getTemplate().getMetadata().getAnnotations().get(ClusterLabels.TEMPLATE_HASH);
        resource.getSpec().getBrokers().getSecretConfig().add(new SecretConfig("ssl.key.password", "s", "k"));
        assertThat(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(ClusterLabels.TEMPLATE_HASH))
                .isNotEqualTo(hash);
        // Without entries, no volume.
        resource.getSpec().getBrokers().setSecretConfig(List.of());
        assertThat(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .noneMatch(v -> v.getName().equals(ClusterObjects.SECRET_CONFIG_VOLUME));
    }

    @Test
    void brokerStatefulSetShape() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        resource.getSpec()
                .getBrokers()
                .setResources(new ResourceRequirementsBuilder()
                        .addToLimits("memory", new Quantity("2Gi"))
                        .build());
        JvmOptions jvm = new JvmOptions();
        jvm.setHeap("1g");
        jvm.setExtraArgs(List.of("-XX:+UseZGC"));
        resource.getSpec().getBrokers().setJvmOptions(jvm);
        StatefulSet set = ClusterObjects.brokerStatefulSet(resource, ClusterTopology.of(resource), INPUTS);

        assertThat(set.getMetadata().getName()).isEqualTo("demo-broker");
        assertThat(set.getSpec().getReplicas()).isEqualTo(3);
        assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(set.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(set.getSpec().getServiceName()).isEqualTo("demo-nodes");
        assertThat(set.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("krafter.dev/cluster", "demo", "krafter.dev/pool", "broker"));
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(set.getSpec().getSelector().getMatchLabels())
                .containsEntry("krafter.dev/broker", "true");
        assertThat(set.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("krafter.dev/template-hash");

        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getServiceAccountName()).isEqualTo("demo-kafka");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(120L);

        Container kafka = kafka(set);
        assertThat(kafka.getImage()).isEqualTo("krafter/kafka:4.4.0");
        assertThat(kafka.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(kafka.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(kafka.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(kafka.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(kafka.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(kafka.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9500);
        assertThat(kafka.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(kafka.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9500);
        assertThat(kafka.getPorts())
                .extracting(ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(9090, 9091, 9092, 9404, 9500);
        assertThat(kafka.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        assertThat(env(kafka, "KRAFTER_CLUSTER_ID")).isEqualTo("cluster-id-1");
        assertThat(env(kafka, "KRAFTER_NODE_ID_OFFSET")).isEqualTo("0");
        assertThat(env(kafka, "KRAFTER_HEADLESS_SERVICE")).isEqualTo("demo-nodes");
        assertThat(env(kafka, "KRAFTER_METRICS_ENABLED")).isEqualTo("true");
        assertThat(env(kafka, "KAFKA_HEAP_OPTS")).isEqualTo("-Xms1g -Xmx1g");
        assertThat(env(kafka, "KRAFTER_JVM_OPTS")).isEqualTo("-XX:+UseZGC");
        assertThat(kafka.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        assertThat(kafka.getVolumeMounts())
                .anySatisfy(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/var/lib/kafka/data");
                    assertThat(m.getName()).isEqualTo("data");
                })
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/kafka/base"));
        // ephemeral storage: an emptyDir with the size limit, no claims
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1Gi"));
        });
        assertThat(set.getSpec().getVolumeClaimTemplates()).isEmpty();
        // spread across nodes by default
        var term = pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()
                .get(0);
        assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                .containsEntry("krafter.dev/cluster", "demo");
        assertThat(pod.getTopologySpreadConstraints()).isEmpty();
    }

    @Test
    void persistentStorageRackAwarenessAndUserTemplate() {
        KafkaCluster resource = cluster("prod", 3, Mode.DEDICATED, 3);
        StorageSpec storage = new StorageSpec();
        storage.setSize("100Gi");
        storage.setStorageClass("fast");
        storage.setDeleteClaim(true);
        resource.getSpec().getBrokers().setStorage(storage);
        resource.getSpec().getBrokers().setRackTopologyKey("topology.kubernetes.io/zone");
        PodTemplate template = new PodTemplate();
        template.setPriorityClassName("kafka-critical");
        template.setLabels(Map.of("team", "data"));
        resource.getSpec().getBrokers().setTemplate(template);
        resource.getSpec().getMetrics().setEnabled(false);
        ClusterTopology topology = ClusterTopology.of(resource);
        StatefulSet set = ClusterObjects.brokerStatefulSet(resource, topology, INPUTS);

        var claim = set.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getMetadata().getName()).isEqualTo("data");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("100Gi"));
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
                .isEqualTo("Delete");
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
                .isEqualTo("Delete");
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).noneMatch(v -> "data".equals(v.getName()));
        assertThat(pod.getVolumes())
                .filteredOn(v -> "rack".equals(v.getName()))
                .singleElement()
                .satisfies(v -> assertThat(v.getDownwardAPI()
                                .getItems()
                                .get(0)
                                .getFieldRef()
                                .getFieldPath())
                        .isEqualTo("metadata.labels['topology.kubernetes.io/zone']"));
        assertThat(kafka(set).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/kafka/rack"));
        assertThat(pod.getTopologySpreadConstraints())
                .singleElement()
                .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
        assertThat(pod.getPriorityClassName()).isEqualTo("kafka-critical");
        assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "data");
        // dedicated brokers have no controller port; metrics off removes 9404
        assertThat(kafka(set).getPorts())
                .extracting(ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(9091, 9092, 9500);

        StatefulSet controllers = ClusterObjects.controllerStatefulSet(resource, topology, INPUTS);
        assertThat(controllers.getMetadata().getName()).isEqualTo("prod-controller");
        assertThat(env(kafka(controllers), "KRAFTER_NODE_ID_OFFSET")).isEqualTo("3000");
        assertThat(kafka(controllers).getPorts())
                .extracting(ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(9090, 9500);
        assertThat(controllers.getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey("krafter.dev/broker");
        assertThat(controllers
                        .getSpec()
                        .getPersistentVolumeClaimRetentionPolicy()
                        .getWhenDeleted())
                .as("controllers keep their claims unless their own storage says deleteClaim")
                .isEqualTo("Retain");
    }

    @Test
    void theKafkaContainerReportsItsExitThroughTheTerminationMessageWithoutRollingClustersMadeBeforeIt() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        PodTemplateSpec template = ClusterObjects.brokerStatefulSet(resource, topology, INPUTS)
                .getSpec()
                .getTemplate();
        assertThat(template.getSpec().getContainers().get(0).getTerminationMessagePolicy())
                .isEqualTo("FallbackToLogsOnError");

        PodTemplateSpec before = Serialization.clone(template);
        before.getSpec().getContainers().get(0).setTerminationMessagePolicy(null);
        assertThat(TemplateHash.of(before, Map.of(), null)).isEqualTo(TemplateHash.of(template, Map.of(), null));
    }

    @Test
    void kafkaContainersRunOnAReadOnlyRootFileSystemWithAWritableTmp() {
        KafkaCluster resource = cluster("demo", 3, Mode.DEDICATED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        for (StatefulSet set : List.of(
                ClusterObjects.brokerStatefulSet(resource, topology, INPUTS),
                ClusterObjects.controllerStatefulSet(resource, topology, INPUTS))) {
            Container kafka = kafka(set);
            assertThat(kafka.getSecurityContext().getReadOnlyRootFilesystem())
                    .as(set.getMetadata().getName())
                    .isTrue();
            // The entrypoint writes /tmp/kafka/server.properties; the JVM unpacks codec libraries into /tmp.
            assertThat(kafka.getVolumeMounts())
                    .filteredOn(m -> m.getMountPath().equals("/tmp"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE));
            assertThat(set.getSpec().getTemplate().getSpec().getVolumes())
                    .filteredOn(v -> v.getName().equals(ClusterObjects.TMP_VOLUME))
                    .singleElement()
                    .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isNotNull());
            // Kafka's data (log.dirs) is on the data volume, the only other writable mount.
            assertThat(kafka.getVolumeMounts())
                    .filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                    .extracting(m -> m.getMountPath())
                    .containsExactlyInAnyOrder("/tmp", "/var/lib/kafka/data");
        }
    }

    /** Every shape of node pod meets the restricted Pod Security Standard and runs on a read-only root. */
    @Test
    void everyNodePodMeetsTheRestrictedPodSecurityStandard() {
        KafkaCluster combined = cluster("combined", 3, Mode.COMBINED, 3);
        KafkaCluster dedicated = cluster("dedicated", 3, Mode.DEDICATED, 3);
        ListenerSpec tls = listener("tls", 9093, ListenerSpec.Type.NODEPORT);
        tls.setTls(true);
        dedicated.getSpec().setListeners(List.of(listener("plain", 9092, ListenerSpec.Type.INTERNAL), tls));
        dedicated.getSpec().getBrokers().setSecretConfig(List.of(new SecretConfig("ssl.key.password", "s", "k")));
        dedicated.getSpec().getBrokers().setRackTopologyKey("topology.kubernetes.io/zone");
        StorageSpec persistent = new StorageSpec();
        persistent.setSize("10Gi");
        dedicated.getSpec().getBrokers().setStorage(persistent);
        PodTemplate template = new PodTemplate();
        template.setPriorityClassName("kafka-critical");
        template.setLabels(Map.of("team", "data"));
        dedicated.getSpec().getBrokers().setTemplate(template);
        for (KafkaCluster resource : List.of(combined, dedicated)) {
            ClusterTopology topology = ClusterTopology.of(resource);
            List<StatefulSet> sets =
                    new ArrayList<>(List.of(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS)));
            if (topology.dedicated()) {
                sets.add(ClusterObjects.controllerStatefulSet(resource, topology, INPUTS));
            }
            for (StatefulSet set : sets) {
                assertThat(RestrictedProfile.violations(
                                set.getSpec().getTemplate().getSpec()))
                        .as(set.getMetadata().getName())
                        .isEmpty();
            }
        }
    }

    /**
     * The upgrade rule for the read-only root file system: clusters made before it are not rolled for it (the hash
     * leaves it and its /tmp volume out); their pods take it at their next restart. Anything else still rolls.
     */
    @Test
    void theReadOnlyRootFileSystemAndItsTmpVolumeLeaveTheTemplateHashUnchanged() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        PodTemplateSpec template = ClusterObjects.brokerStatefulSet(resource, ClusterTopology.of(resource), INPUTS)
                .getSpec()
                .getTemplate();
        PodTemplateSpec before = Serialization.clone(template);
        before.getSpec().getContainers().get(0).getSecurityContext().setReadOnlyRootFilesystem(null);
        before.getSpec()
                .getContainers()
                .get(0)
                .getVolumeMounts()
                .removeIf(m -> m.getName().equals("tmp"));
        before.getSpec().getVolumes().removeIf(v -> v.getName().equals("tmp"));
        assertThat(TemplateHash.of(before, Map.of(), null)).isEqualTo(TemplateHash.of(template, Map.of(), null));

        PodTemplateSpec otherMount = Serialization.clone(template);
        otherMount.getSpec().getContainers().get(0).getVolumeMounts().get(0).setMountPath("/elsewhere");
        assertThat(TemplateHash.of(otherMount, Map.of(), null))
                .as("other mounts still count")
                .isNotEqualTo(TemplateHash.of(template, Map.of(), null));
    }

    @Test
    void templateHashChangesWithRestartNeedsOnly() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        ClusterTopology topology = ClusterTopology.of(resource);
        String base = hash(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS));
        assertThat(hash(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS)))
                .isEqualTo(base);
        assertThat(hash(ClusterObjects.brokerStatefulSet(
                        resource,
                        topology,
                        new ClusterObjects.NodeSetInputs("krafter/kafka:4.4.0", "cluster-id-1", 5, Map.of(), null))))
                .as("replica count")
                .isEqualTo(base);
        assertThat(hash(ClusterObjects.brokerStatefulSet(
                        resource,
                        topology,
                        new ClusterObjects.NodeSetInputs("krafter/kafka:4.5.0", "cluster-id-1", 3, Map.of(), null))))
                .as("image")
                .isNotEqualTo(base);
        assertThat(hash(ClusterObjects.brokerStatefulSet(
                        resource,
                        topology,
                        new ClusterObjects.NodeSetInputs(
                                "krafter/kafka:4.4.0", "cluster-id-1", 3, Map.of("num.network.threads", "8"), null))))
                .as("read-only config")
                .isNotEqualTo(base);
        assertThat(hash(ClusterObjects.brokerStatefulSet(
                        resource,
                        topology,
                        new ClusterObjects.NodeSetInputs(
                                "krafter/kafka:4.4.0", "cluster-id-1", 3, Map.of(), "2026-01-01"))))
                .as("restart token")
                .isNotEqualTo(base);
        resource.getSpec()
                .getBrokers()
                .setResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("1"))
                        .build());
        assertThat(hash(ClusterObjects.brokerStatefulSet(resource, topology, INPUTS)))
                .as("resources")
                .isNotEqualTo(base);
        // dynamic config never reaches the StatefulSet: it lives in the ConfigMap only
        ConfigMap before = ClusterObjects.brokerConfigMap(
                resource, topology, Map.of("log.retention.ms", "1"), KafkaNodeConfig.ExternalAddresses.NONE, "id");
        assertThat(before.getData().get("server.properties")).contains("log.retention.ms=1");
    }

    /**
     * The upgrade rule: a plaintext cluster's pod template is exactly what the operator built before certificates
     * existed (the hash was computed by the release before them), so an operator upgrade rolls no plaintext cluster.
     */
    @Test
    void aPlaintextClusterKeepsThePodTemplateHashOfTheReleaseBeforeCertificates() {
        KafkaCluster resource = cluster("demo", 3, Mode.COMBINED, 3);
        resource.getSpec()
                .setListeners(List.of(
                        listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                        listener("ext", 9094, ListenerSpec.Type.NODEPORT)));
        ClusterTopology topology = ClusterTopology.of(resource);
        StatefulSet set = ClusterObjects.brokerStatefulSet(resource, topology, INPUTS);
        assertThat(hash(set)).isEqualTo(PLAINTEXT_HASH_BEFORE_CERTIFICATES);
        assertThat(set.getSpec().getTemplate().getSpec().getVolumes())
                .extracting(v -> v.getName())
                .doesNotContain(ClusterObjects.TLS_VOLUME);
    }

    private static final String PLAINTEXT_HASH_BEFORE_CERTIFICATES = "a34305d0e7273bb1";

    @Test
    void aTlsListenerMountsTheNodeCertificatesInBrokersOnlyAndRolls() {
        KafkaCluster resource = cluster("demo", 3, Mode.DEDICATED, 1);
        ListenerSpec tls = listener("tls", 9093, ListenerSpec.Type.INTERNAL);
        resource.getSpec().setListeners(List.of(listener("plain", 9092, ListenerSpec.Type.INTERNAL), tls));
        String plaintextHash = hash(ClusterObjects.brokerStatefulSet(resource, ClusterTopology.of(resource), INPUTS));
        tls.setTls(true);
        ClusterTopology topology = ClusterTopology.of(resource);
        StatefulSet brokers = ClusterObjects.brokerStatefulSet(resource, topology, INPUTS);

        assertThat(brokers.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals(ClusterObjects.TLS_VOLUME))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("demo-node-certs"));
        assertThat(kafka(brokers).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/kafka/tls");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(brokers.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(ClusterObjects.TLS_LISTENERS_ANNOTATION, "tls");
        assertThat(hash(brokers)).as("turning TLS on rolls the brokers").isNotEqualTo(plaintextHash);
        assertThat(ClusterObjects.controllerStatefulSet(resource, topology, INPUTS)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .extracting(v -> v.getName())
                .doesNotContain(ClusterObjects.TLS_VOLUME);
    }

    private static String hash(StatefulSet set) {
        return set.getSpec().getTemplate().getMetadata().getAnnotations().get("krafter.dev/template-hash");
    }

    @Test
    void theWantedServicesCoverTheBrokersThatStillExistAndOnlyTheListenersOfTheSpec() {
        KafkaCluster resource = cluster("demo", 2, Mode.COMBINED, 1);
        resource.getSpec()
                .setListeners(List.of(
                        listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                        listener("np", 9094, ListenerSpec.Type.NODEPORT)));
        ClusterTopology twoBrokers = ClusterTopology.of(resource);

        // Scaling 3 -> 2: broker 2 is drained while its StatefulSet still runs 3 pods, then the set shrinks.
        assertThat(ClusterObjects.services(resource, twoBrokers, twoBrokers.withBrokers(3)))
                .extracting(s -> s.getMetadata().getName())
                .containsExactly(
                        "demo-nodes", "demo-bootstrap", "demo-np-bootstrap", "demo-np-0", "demo-np-1", "demo-np-2");
        assertThat(ClusterObjects.services(resource, twoBrokers, twoBrokers))
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("demo-nodes", "demo-bootstrap", "demo-np-bootstrap", "demo-np-0", "demo-np-1");

        resource.getSpec().setListeners(List.of(listener("plain", 9092, ListenerSpec.Type.INTERNAL)));
        ClusterTopology internalOnly = ClusterTopology.of(resource);
        assertThat(ClusterObjects.services(resource, internalOnly, internalOnly))
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("demo-nodes", "demo-bootstrap");
    }

    @Test
    void servicesAndDisruptionBudget() {
        KafkaCluster resource = cluster("demo", 2, Mode.COMBINED, 1);
        resource.getSpec()
                .setListeners(List.of(
                        listener("plain", 9092, ListenerSpec.Type.INTERNAL),
                        listener("np", 9094, ListenerSpec.Type.NODEPORT)));
        ClusterTopology topology = ClusterTopology.of(resource);

        Service headless = ClusterObjects.headlessService(resource, topology);
        assertThat(headless.getMetadata().getName()).isEqualTo("demo-nodes");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getSelector()).isEqualTo(Map.of("krafter.dev/cluster", "demo"));

        Service bootstrap = ClusterObjects.bootstrapService(resource, topology);
        assertThat(bootstrap.getMetadata().getName()).isEqualTo("demo-bootstrap");
        assertThat(bootstrap.getSpec().getPorts())
                .extracting(ServicePort::getPort)
                .containsExactly(9092, 9091);
        assertThat(bootstrap.getSpec().getSelector()).containsEntry("krafter.dev/broker", "true");

        List<Service> external = ClusterObjects.externalServices(resource, topology);
        assertThat(external)
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("demo-np-bootstrap", "demo-np-0", "demo-np-1");
        assertThat(external).allSatisfy(s -> {
            assertThat(s.getSpec().getType()).isEqualTo("NodePort");
            assertThat(s.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(9094);
        });
        assertThat(external.get(2).getSpec().getSelector())
                .containsEntry("statefulset.kubernetes.io/pod-name", "demo-broker-1");

        PodDisruptionBudget pdb = ClusterObjects.podDisruptionBudget(resource);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("krafter.dev/cluster", "demo"));

        ConfigMap config = ClusterObjects.brokerConfigMap(
                resource, topology, Map.of(), KafkaNodeConfig.ExternalAddresses.NONE, "the-id");
        assertThat(config.getMetadata().getAnnotations())
                .containsEntry("krafter.dev/cluster-id", "the-id")
                .containsEntry("krafter.dev/quorum", "combined/1");
        assertThat(config.getData()).containsKeys("server.properties", "node-0.properties", "node-1.properties");
        assertThat(ClusterObjects.serviceAccount(resource).getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void theOperatorsOwnKeysInTheUserTemplateNeverReachThePods() {
        KafkaCluster resource = cluster("demo", 3, Mode.DEDICATED, 3);
        PodTemplate template = new PodTemplate();
        template.setLabels(Map.of("krafter.dev/broker", "true", "team", "data"));
        template.setAnnotations(Map.of("krafter.dev/restart", "x", "example.com/owner", "data"));
        resource.getSpec().getBrokers().setTemplate(template);
        ClusterTopology topology = ClusterTopology.of(resource);
        for (StatefulSet set : List.of(
                ClusterObjects.brokerStatefulSet(resource, topology, INPUTS),
                ClusterObjects.controllerStatefulSet(resource, topology, INPUTS))) {
            var meta = set.getSpec().getTemplate().getMetadata();
            assertThat(meta.getAnnotations())
                    .as("a pod carrying it is outdated for ever")
                    .doesNotContainKey("krafter.dev/restart")
                    .containsEntry("example.com/owner", "data");
            assertThat(meta.getLabels()).containsEntry("team", "data");
        }
        assertThat(ClusterObjects.controllerStatefulSet(resource, topology, INPUTS)
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .as("controllers must stay out of the bootstrap Services")
                .doesNotContainKey("krafter.dev/broker");
    }
}
