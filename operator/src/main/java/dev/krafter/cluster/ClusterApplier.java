package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates or updates a desired child object, comparing it with the object as the informer caches it
 * ({@link ClusterChildren}). An object is written only when what the operator wants of it changed (a hash of the desired
 * object in an annotation) or when the stored object no longer has what the operator wrote (edited by hand: a port
 * changed, a label removed), so a steady cluster causes no writes and fields other controllers set (a Service's cluster
 * IP and node ports) are kept.
 */
public final class ClusterApplier {
    public static final String DESIRED_HASH = "krafter.dev/desired-hash";

    private final KubernetesClient client;
    private final ClusterChildren children;

    ClusterApplier(KubernetesClient client, ClusterChildren children) {
        this.client = client;
        this.children = children;
    }

    /**
     * Returns the object as stored after the call. An existing object the cluster does not own
     * ({@link ChildOwnership}) is left alone: {@link ChildOwnership.ForeignObjectException}.
     */
    public <T extends HasMetadata> T apply(T desired) {
        String hash = hash(desired);
        Map<String, String> annotations = new LinkedHashMap<>(
                desired.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : desired.getMetadata().getAnnotations());
        annotations.put(DESIRED_HASH, hash);
        desired.getMetadata().setAnnotations(annotations);
        @SuppressWarnings("unchecked")
        Class<T> kind = (Class<T>) desired.getClass();
        T existing = children.get(kind, desired.getMetadata().getName()).orElse(null);
        if (existing == null) {
            Optional<T> created = children.create(desired);
            if (created.isPresent()) {
                return created.get();
            }
            // Not cached because it is not labelled: read once, to tell whose it is and to take back our own.
            existing = client.resource(desired).get();
            if (existing == null) {
                throw new IllegalStateException(
                        desired.getKind() + " " + desired.getMetadata().getName()
                                + " existed and is gone again; applying it on the next attempt");
            }
        }
        T stored = existing;
        ownerOf(desired)
                .ifPresent(owner -> ChildOwnership.refusal(stored, owner.getName(), owner.getUid())
                        .ifPresent(refusal -> {
                            throw new ChildOwnership.ForeignObjectException(refusal);
                        }));
        Map<String, String> current = existing.getMetadata().getAnnotations();
        if (current != null && hash.equals(current.get(DESIRED_HASH)) && DesiredFields.kept(desired, existing)) {
            return existing;
        }
        if (desired instanceof Service service && existing instanceof Service old) {
            keepAllocated(service, old);
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return children.updated(client.resource(desired).update(), existing);
    }

    private static Optional<OwnerReference> ownerOf(HasMetadata desired) {
        List<OwnerReference> owners = desired.getMetadata().getOwnerReferences();
        return owners == null
                ? Optional.empty()
                : owners.stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController()))
                        .findFirst();
    }

    /** Keeps what Kubernetes allocated for a Service: its cluster IPs and node ports. */
    static void keepAllocated(Service desired, Service existing) {
        desired.getSpec().setClusterIP(existing.getSpec().getClusterIP());
        desired.getSpec().setClusterIPs(existing.getSpec().getClusterIPs());
        Map<String, Integer> nodePorts = new HashMap<>();
        for (ServicePort port : existing.getSpec().getPorts()) {
            if (port.getNodePort() != null) {
                nodePorts.put(port.getName(), port.getNodePort());
            }
        }
        for (ServicePort port : desired.getSpec().getPorts()) {
            if (port.getNodePort() == null
                    && nodePorts.containsKey(port.getName())
                    && !"ClusterIP".equals(desired.getSpec().getType())) {
                port.setNodePort(nodePorts.get(port.getName()));
            }
        }
    }

    static String hash(HasMetadata desired) {
        HasMetadata copy = Serialization.clone(desired);
        if (copy.getMetadata().getAnnotations() != null) {
            copy.getMetadata().getAnnotations().remove(DESIRED_HASH);
        }
        copy.getMetadata().setResourceVersion(null);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(copy).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
