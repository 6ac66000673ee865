package dev.krafter.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Test double of Kubernetes' StatefulSet controller and kubelet for the mock API server, which runs neither: for every
 * StatefulSet of a namespace it creates the missing pods {@code <set>-<ordinal>} from the pod template, marks a pod Ready
 * a moment after it was created (when {@link #readyWhen} allows), and deletes pods above the replica count. It records
 * every pod deletion with the pods that were not ready at that moment, so tests can check that the operator restarts
 * one pod at a time. No container runs: Kafka itself is a separate in-JVM cluster in these tests.
 */
public final class FakeKubelet implements AutoCloseable {
    /** A pod deletion as the fake kubelet saw it. */
    public record Deletion(String pod, Instant at, List<String> otherPodsNotReady) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Duration readyAfter;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fake-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    private final List<Deletion> deletions = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> deletionHooks = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Pod> informer;
    private volatile Predicate<String> readyWhen = pod -> true;

    private FakeKubelet(KubernetesClient client, String namespace, Duration readyAfter) {
        this.client = client;
        this.namespace = namespace;
        this.readyAfter = readyAfter;
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                recordDeletion(pod.getMetadata().getName());
            }
        });
        loop.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
    }

    public static FakeKubelet start(KubernetesClient client, String namespace, Duration readyAfter) {
        return new FakeKubelet(client, namespace, readyAfter);
    }

    /** Only pods whose name passes become Ready (a pod stuck on a bad template stays not ready). */
    public FakeKubelet readyWhen(Predicate<String> predicate) {
        this.readyWhen = predicate;
        return this;
    }

    /** Called with the pod name after a pod was deleted (e.g. to stop the Kafka node it stands for). */
    public FakeKubelet onDeletion(Consumer<String> hook) {
        deletionHooks.add(hook);
        return this;
    }

    public List<Deletion> deletions() {
        return List.copyOf(deletions);
    }

    private void recordDeletion(String name) {
        List<String> notReady = new ArrayList<>();
        for (Pod other : client.pods().inNamespace(namespace).list().getItems()) {
            if (!other.getMetadata().getName().equals(name) && !isReady(other)) {
                notReady.add(other.getMetadata().getName());
            }
        }
        createdAt.remove(name);
        deletions.add(new Deletion(name, Instant.now(), notReady));
        deletionHooks.forEach(h -> h.accept(name));
    }

    private void tick() {
        try {
            for (StatefulSet set : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
                reconcileSet(set);
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            // the mock server is shutting down, or a write raced with the operator: next tick
        }
    }

    private void reconcileSet(StatefulSet set) {
        String setName = set.getMetadata().getName();
        int replicas = set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
        Map<String, Pod> existing = new LinkedHashMap<>();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            String name = pod.getMetadata().getName();
            if (name.startsWith(setName + "-") && name.substring(setName.length() + 1).matches("\\d+")) {
                existing.put(name, pod);
            }
        }
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String name = setName + "-" + ordinal;
            Pod pod = existing.get(name);
            if (pod == null) {
                create(set, name);
            } else if (!isReady(pod) && readyWhen.test(name)
                    && Instant.now().isAfter(createdAt.getOrDefault(name, Instant.EPOCH).plus(readyAfter))) {
                markReady(pod);
            }
        }
        for (Pod pod : existing.values()) {
            int ordinal = Integer.parseInt(pod.getMetadata().getName().substring(setName.length() + 1));
            if (ordinal >= replicas) {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
            }
        }
    }

    private void create(StatefulSet set, String name) {
        var template = set.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", name);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(new LinkedHashMap<>(template.getMetadata().getAnnotations() == null ? Map.of()
                        : template.getMetadata().getAnnotations()))
                .withCreationTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName(set.getMetadata().getName())
                .withUid(set.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build())
                .endStatus()
                .build();
        createdAt.put(name, Instant.now());
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private void markReady(Pod pod) {
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).edit(p -> {
            p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True").build()));
            return p;
        });
    }

    public static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        loop.shutdownNow();
        informer.close();
    }
}
