package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.operator.Resources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's children as the operator's informers hold them. Every kind the operator makes for a cluster is watched
 * (only objects labelled {@link ClusterLabels#CLUSTER}, in the controller's namespaces), so a child deleted or edited
 * by hand, a Service that gains its load balancer address, or a pod that changes health reconciles its cluster at
 * once, and a reconcile reads the children from these caches instead of asking the API server.
 *
 * <p>A read right after the operator's own write could see the cache before the watch delivered that write: every
 * write is handed back to its informer ({@link #created}, {@link #updated}), which keeps it in JOSDK's temporary
 * resource cache until the watch catches up and does not reconcile again for it.
 */
final class ClusterChildren {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterChildren.class);

    /**
     * The kinds the operator makes for a cluster, and pods (which the StatefulSets make). Not its Secrets: an informer
     * needs list and watch on Secrets, and RBAC cannot narrow those to a label, so the operator's credentials could
     * then read every Secret of a namespace. It reads its own Secrets by name instead ({@link #get}).
     */
    static final List<Class<? extends HasMetadata>> WATCHED = List.of(
            StatefulSet.class,
            Service.class,
            ConfigMap.class,
            PodDisruptionBudget.class,
            ServiceAccount.class,
            Pod.class,
            NetworkPolicy.class);

    private final KafkaCluster cluster;
    private final Context<KafkaCluster> context;
    private final KubernetesClient client;
    /** Objects of kinds not watched, read by name at most once in this reconcile (and replaced by our own writes). */
    private final Map<String, Optional<? extends HasMetadata>> readByName = new HashMap<>();

    ClusterChildren(KafkaCluster cluster, Context<KafkaCluster> context, KubernetesClient client) {
        this.cluster = cluster;
        this.context = context;
        this.client = client;
    }

    /** One informer per watched kind; pods wake the cluster only on health changes ({@link ClusterPodEvents}). */
    static List<EventSource<?, KafkaCluster>> eventSources(EventSourceContext<KafkaCluster> context) {
        List<EventSource<?, KafkaCluster>> sources = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : WATCHED) {
            sources.add(informer(kind, context));
        }
        return sources;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> InformerEventSource<T, KafkaCluster> informer(
            Class<T> kind, EventSourceContext<KafkaCluster> context) {
        InformerEventSourceConfiguration.Builder<T> builder = InformerEventSourceConfiguration.from(
                        kind, KafkaCluster.class)
                .withLabelSelector(ClusterLabels.CLUSTER)
                .withSecondaryToPrimaryMapper(ClusterChildren::clusterOf);
        if (kind == Pod.class) {
            builder.withOnUpdateFilter((OnUpdateFilter<T>) (OnUpdateFilter<Pod>) ClusterPodEvents::healthChanged);
        } else if (kind == StatefulSet.class || kind == PodDisruptionBudget.class) {
            // Their status follows the pods, whose own events already wake the cluster.
            builder.withOnUpdateFilter(ClusterChildren::specOrMetadataChanged);
        }
        return new InformerEventSource<>(builder.build(), context);
    }

    /** The KafkaCluster a child belongs to, from its {@link ClusterLabels#CLUSTER} label. */
    static Set<ResourceID> clusterOf(HasMetadata child) {
        Map<String, String> labels = child.getMetadata().getLabels();
        String cluster = labels == null ? null : labels.get(ClusterLabels.CLUSTER);
        return cluster == null
                ? Set.of()
                : Set.of(new ResourceID(cluster, child.getMetadata().getNamespace()));
    }

    /** A change of the spec (generation), labels, annotations or owners: what a hand edit of a child changes. */
    static boolean specOrMetadataChanged(HasMetadata updated, HasMetadata old) {
        return !Objects.equals(
                        updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || !Objects.equals(
                        updated.getMetadata().getLabels(), old.getMetadata().getLabels())
                || !Objects.equals(
                        updated.getMetadata().getAnnotations(),
                        old.getMetadata().getAnnotations())
                || !Objects.equals(
                        updated.getMetadata().getOwnerReferences(),
                        old.getMetadata().getOwnerReferences())
                || !Objects.equals(
                        updated.getMetadata().getDeletionTimestamp(),
                        old.getMetadata().getDeletionTimestamp());
    }

    /** The child {@code name} of {@code kind} in the cluster's namespace, as cached; read by name when not watched. */
    <T extends HasMetadata> Optional<T> get(Class<T> kind, String name) {
        if (!WATCHED.contains(kind)) {
            @SuppressWarnings("unchecked")
            Optional<T> read = (Optional<T>) readByName.computeIfAbsent(
                    kind.getSimpleName() + "/" + name,
                    key -> Optional.ofNullable(client.resources(kind)
                            .inNamespace(cluster.getMetadata().getNamespace())
                            .withName(name)
                            .get()));
            return read;
        }
        return source(kind).get(new ResourceID(name, cluster.getMetadata().getNamespace()));
    }

    /** Every cached object of {@code kind} labelled with the cluster, by name. */
    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return context.getSecondaryResources(kind).stream()
                .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
                .toList();
    }

    /**
     * Creates {@code desired}; empty when an object of that name exists that the cache does not show: one without the
     * cluster's label (someone else's, or the operator's own with the label removed by hand).
     */
    <T extends HasMetadata> Optional<T> create(T desired) {
        T stored;
        try {
            stored = client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
        remember(stored);
        return Optional.of(stored);
    }

    /** Hands the result of the operator's update of {@code previous} to its informer. */
    <T extends HasMetadata> T updated(T stored, T previous) {
        if (WATCHED.contains(stored.getClass())) {
            source(kindOf(stored)).handleRecentResourceUpdate(ResourceID.fromResource(stored), stored, previous);
        } else {
            remember(stored);
        }
        return stored;
    }

    private <T extends HasMetadata> void remember(T stored) {
        if (WATCHED.contains(stored.getClass())) {
            source(kindOf(stored)).handleRecentResourceCreate(ResourceID.fromResource(stored), stored);
        } else {
            readByName.put(
                    stored.getClass().getSimpleName() + "/"
                            + stored.getMetadata().getName(),
                    Optional.of(stored));
        }
    }

    /**
     * Deletes a node pod to restart it, and hands the pod as the deletion left it (terminating) to the pod informer: a
     * reconcile that runs before the watch delivers the deletion still counts that pod as restarting, so a roll never
     * restarts more pods at once than it may. (The delete call answers with no object, hence the one read.)
     */
    void deletePod(String name) {
        String namespace = cluster.getMetadata().getNamespace();
        Optional<Pod> cached = get(Pod.class, name);
        client.pods().inNamespace(namespace).withName(name).delete();
        Pod terminating = client.pods().inNamespace(namespace).withName(name).get();
        if (terminating != null && cached.isPresent()) {
            updated(terminating, cached.get());
        }
    }

    /**
     * Deletes the cluster's own children of {@code kind} that are not {@code wanted} ({@link #unwanted}).
     *
     * @return the names deleted
     */
    <T extends HasMetadata> List<String> prune(Class<T> kind, Set<String> wanted) {
        List<T> unwanted = unwanted(
                all(kind),
                wanted,
                cluster.getMetadata().getName(),
                cluster.getMetadata().getUid());
        for (T child : unwanted) {
            LOG.info(
                    "{}: deleting {} {}: the spec no longer asks for it",
                    Resources.ref(cluster),
                    child.getKind(),
                    child.getMetadata().getName());
            client.resource(child).delete();
        }
        return unwanted.stream().map(c -> c.getMetadata().getName()).toList();
    }

    /**
     * The children of {@code existing} to delete: those the cluster owns (its controller reference and its label)
     * whose name is not {@code wanted}. Anything else, labelled like the cluster or not, is not the operator's to
     * delete.
     */
    static <T extends HasMetadata> List<T> unwanted(
            List<T> existing, Set<String> wanted, String clusterName, String clusterUid) {
        return existing.stream()
                .filter(o -> !wanted.contains(o.getMetadata().getName()))
                .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
                .filter(o -> ChildOwnership.controlledBy(o, clusterName, clusterUid))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> Class<T> kindOf(T object) {
        return (Class<T>) object.getClass();
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> InformerEventSource<T, KafkaCluster> source(Class<T> kind) {
        return (InformerEventSource<T, KafkaCluster>)
                context.eventSourceRetriever().getEventSourceFor(kind);
    }
}
