package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ClusterRef;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.ListenerSpec;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicSpec;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.e2e.support.Kstatus;
import dev.krafter.status.Conditions;
import dev.krafter.testing.TopicReplicas;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What scenarios share: waiting for the operator, reading conditions, Kafka client settings. */
public final class ScenarioSupport {
    /** How long the operator gets to create a cluster's StatefulSets before a scenario fails as "not built". */
    public static final Duration STATEFULSETS_APPEAR = Duration.ofMinutes(2);
    /** The internal listener every scenario cluster has: tools run inside the pods use it (port 9092). */
    public static final String PLAIN_LISTENER = "plain";
    /** The NodePort listener every scenario cluster has: the test JVM's Kafka clients connect through it. */
    public static final String EXTERNAL_LISTENER = "external";

    private ScenarioSupport() {}

    /**
     * Fails the scenario, saying why, when the operator has not created the cluster's StatefulSets within
     * {@link #STATEFULSETS_APPEAR}: that is the KafkaCluster reconciler's first job, so without it nothing else can run.
     */
    public static void awaitOperatorBuildsCluster(TestCluster cluster, String namespace, String name) {
        Instant deadline = Instant.now().plus(STATEFULSETS_APPEAR);
        while (Instant.now().isBefore(deadline)) {
            if (!cluster.client()
                            .apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withLabel("krafter.dev/cluster", name)
                            .list()
                            .getItems()
                            .isEmpty()
                    || cluster.client()
                                    .apps()
                                    .statefulSets()
                                    .inNamespace(namespace)
                                    .withName(ClusterNames.brokers(name))
                                    .get()
                            != null) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        String said = readyOrReconciling(cluster, namespace, name)
                .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                .orElse("no status");
        throw new AssertionError("the operator did not create any StatefulSet for KafkaCluster " + namespace + "/"
                + name + " within " + STATEFULSETS_APPEAR.toSeconds() + " s (its status says: " + said + ")");
    }

    /**
     * Gives {@code resource} a NodePort listener {@value #EXTERNAL_LISTENER} (port 9094) next to its internal ones
     * (the default {@value #PLAIN_LISTENER} on 9092 when it declares none), unless it has an external listener already:
     * cluster DNS names do not resolve in the test JVM, so its clients reach Kafka through node ports.
     */
    public static KafkaCluster reachableFromTests(KafkaCluster resource) {
        List<ListenerSpec> declared = resource.getSpec().getListeners();
        if (declared != null && declared.stream().anyMatch(l -> l.getType() != ListenerSpec.Type.INTERNAL)) {
            return resource;
        }
        List<ListenerSpec> listeners = new ArrayList<>(
                declared == null || declared.isEmpty()
                        ? List.of(new ListenerSpec(
                                PLAIN_LISTENER, ClusterNames.DEFAULT_CLIENT_PORT, ListenerSpec.Type.INTERNAL))
                        : declared);
        listeners.add(new ListenerSpec(EXTERNAL_LISTENER, 9094, ListenerSpec.Type.NODEPORT));
        resource.getSpec().setListeners(listeners);
        return resource;
    }

    /**
     * The CPU each scenario broker requests: the local cluster's node has 2 cores, and up to 7 brokers run at once
     * (the shared demo cluster next to S4's 4 brokers); the example's 250m would leave some Pending (Insufficient cpu).
     */
    public static final String BROKER_CPU_REQUEST = "100m";

    /** A Topic resource of {@code clusterName} with the given shape (namespace set by the apply). */
    public static Topic topic(String name, String clusterName, int partitions, int replicationFactor) {
        Topic topic = new Topic();
        topic.setMetadata(new ObjectMetaBuilder().withName(name).build());
        TopicSpec spec = new TopicSpec();
        spec.setClusterRef(new ClusterRef(clusterName));
        spec.setPartitions(partitions);
        spec.setReplicationFactor(replicationFactor);
        topic.setSpec(spec);
        return topic;
    }

    /**
     * examples/kafkacluster-minimal.yaml (3 combined nodes) as {@code namespace/name}, with the NodePort listener the
     * test JVM connects through ({@link #reachableFromTests}) and a CPU request of {@value #BROKER_CPU_REQUEST}, not yet
     * applied.
     */
    public static KafkaCluster minimalCluster(String namespace, String name) {
        try {
            String yaml = Files.readString(E2eEnvironment.repoRoot().resolve("examples/kafkacluster-minimal.yaml"));
            KafkaCluster cluster = Serialization.unmarshal(yaml, KafkaCluster.class);
            cluster.getMetadata().setNamespace(namespace);
            cluster.getMetadata().setName(name);
            cluster.getSpec().getBrokers().getResources().getRequests().put("cpu", new Quantity(BROKER_CPU_REQUEST));
            return reachableFromTests(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies {@code resource}, fails the scenario when the operator builds nothing (see
     * {@link #awaitOperatorBuildsCluster}) and waits until it is Ready at its current generation.
     */
    public static KafkaCluster createReadyCluster(TestCluster cluster, KafkaCluster resource) {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        boolean created = cluster.get(KafkaCluster.class, namespace, name).isEmpty();
        cluster.apply(resource, namespace);
        awaitOperatorBuildsCluster(cluster, namespace, name);
        if (created) {
            awaitInProgressWhileCreating(cluster, namespace, name);
        }
        return awaitReady(cluster, namespace, name, cluster.patience());
    }

    /** While a new cluster's nodes start, its status says Reconciling, which kstatus reads as InProgress. */
    private static void awaitInProgressWhileCreating(TestCluster cluster, String namespace, String name) {
        KafkaCluster creating = await().atMost(cluster.patience())
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> cluster.client()
                                .resources(KafkaCluster.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        r -> r != null && isTrue(r, Conditions.RECONCILING) && !isTrue(r, Conditions.READY));
        Kstatus.assertVerdict(creating, Kstatus.IN_PROGRESS);
    }

    /**
     * {@link #createReadyCluster} from nothing: a cluster of the same name left by an earlier attempt (a failed run
     * that Failsafe runs again) is deleted first, so the scenario does not start from its state.
     */
    public static KafkaCluster createFreshReadyCluster(TestCluster cluster, KafkaCluster resource) {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        if (cluster.get(KafkaCluster.class, namespace, name).isPresent()) {
            deleteCluster(cluster, namespace, name);
        }
        return createReadyCluster(cluster, resource);
    }

    /** Waits until the KafkaCluster is Ready=True at its current generation and returns it. */
    public static KafkaCluster awaitReady(TestCluster cluster, String namespace, String name, Duration atMost) {
        AtomicReference<KafkaCluster> ready = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            KafkaCluster resource = cluster.client()
                    .resources(KafkaCluster.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            assertThat(isReady(resource))
                    .as(
                            "%s/%s Ready=True at the current generation; status: %s",
                            namespace,
                            name,
                            resource == null || resource.getStatus() == null
                                    ? null
                                    : resource.getStatus().getConditions())
                    .isTrue();
            ready.set(resource);
        });
        Kstatus.assertVerdict(ready.get(), Kstatus.CURRENT);
        return ready.get();
    }

    /** Deletes the KafkaCluster and waits until its pods are gone (owner references take them). */
    public static void deleteCluster(TestCluster cluster, String namespace, String name) {
        cluster.client()
                .resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .delete();
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.client()
                        .apps()
                        .statefulSets()
                        .inNamespace(namespace)
                        .withLabel(ClusterLabels.CLUSTER, name)
                        .list()
                        .getItems()
                        .isEmpty());
        // With every node stopping at once, the last one has no quorum left to acknowledge its controlled shutdown
        // and would stay Terminating for its whole grace period. The scenarios do not test shutdown: force it.
        cluster.client()
                .pods()
                .inNamespace(namespace)
                .withLabel(ClusterLabels.CLUSTER, name)
                .withGracePeriod(0)
                .delete();
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.client()
                        .pods()
                        .inNamespace(namespace)
                        .withLabel(ClusterLabels.CLUSTER, name)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    /** Creates {@code topic} unless Kafka already has it (a scenario run again on the same cluster); see {@link #createTopics}. */
    public static void createTopicIfMissing(Admin admin, NewTopic topic) throws Exception {
        if (admin.listTopics().names().get().contains(topic.name())) {
            TopicReplicas.awaitCreated(admin, List.of(topic.name()), Duration.ofMinutes(1));
        } else {
            createTopics(admin, topic);
        }
    }

    /**
     * Creates the topics and waits until every broker holding one of their in-sync replicas has created it. Kafka 4.4 answers
     * createTopics once the controller committed them, before the brokers applied that; an idempotent producer writing
     * at once can get its first batch refused (NOT_LEADER_OR_FOLLOWER) and a later one accepted, and then the first
     * is refused with OUT_OF_ORDER_SEQUENCE_NUMBER until it expires (KAFKA-15591, fixed in Kafka 4.5).
     */
    public static void createTopics(Admin admin, NewTopic... topics) throws Exception {
        admin.createTopics(List.of(topics)).all().get(1, TimeUnit.MINUTES);
        TopicReplicas.awaitCreated(
                admin, Arrays.stream(topics).map(NewTopic::name).toList(), Duration.ofMinutes(1));
    }

    public static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    /** An Admin client whose every call gives up after {@code timeout}. */
    public static Admin admin(String bootstrap, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(props);
    }

    /** The condition {@code type} of any Krafter resource (KafkaCluster, Topic, ConsumerGroup), if it has one. */
    public static Optional<Condition> condition(CustomResource<?, ? extends KrafterStatus> resource, String type) {
        if (resource == null
                || resource.getStatus() == null
                || resource.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return Conditions.find(resource.getStatus().getConditions(), type);
    }

    /** True when the resource's condition {@code type} has status {@code "True"}. */
    public static boolean isTrue(CustomResource<?, ? extends KrafterStatus> resource, String type) {
        return condition(resource, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Ready=True, and the status was written for the resource's current generation. */
    public static boolean isReadyAtGeneration(CustomResource<?, ? extends KrafterStatus> resource) {
        return isTrue(resource, Conditions.READY)
                && resource.getStatus().getObservedGeneration() != null
                && resource.getStatus()
                        .getObservedGeneration()
                        .equals(resource.getMetadata().getGeneration());
    }

    /** The Kafka node pods of a cluster. */
    public static List<Pod> clusterPods(TestCluster cluster, String namespace, String name) {
        return cluster.client()
                .pods()
                .inNamespace(namespace)
                .withLabel(ClusterLabels.CLUSTER, name)
                .list()
                .getItems();
    }

    /**
     * Pod name to "uid/restart count" of every node pod: equal before and after a change means no pod was replaced or
     * restarted.
     */
    public static Map<String, String> podIncarnations(TestCluster cluster, String namespace, String name) {
        Map<String, String> incarnations = new TreeMap<>();
        for (Pod pod : clusterPods(cluster, namespace, name)) {
            int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                    ? 0
                    : pod.getStatus().getContainerStatuses().stream()
                            .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount())
                            .sum();
            incarnations.put(pod.getMetadata().getName(), pod.getMetadata().getUid() + "/" + restarts);
        }
        return incarnations;
    }

    /** A pod's own client-listener address (its stable DNS name), as a tool run inside that pod would use it. */
    public static String podClientAddress(String namespace, String clusterName, String pod) {
        return ClusterNames.podHost(clusterName, namespace, pod) + ":" + ClusterNames.DEFAULT_CLIENT_PORT;
    }

    public static boolean isReady(KafkaCluster cluster) {
        return isReadyAtGeneration(cluster);
    }

    private static Optional<Condition> readyOrReconciling(TestCluster cluster, String namespace, String name) {
        KafkaCluster resource = cluster.client()
                .resources(KafkaCluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return condition(resource, Conditions.RECONCILING).or(() -> condition(resource, Conditions.READY));
    }

    public static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return props;
    }

    public static Properties consumerProps(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
