package dev.krafter.cluster;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod-template hash: everything that only takes effect when a node restarts — the pod template (image, JVM
 * options, resources, probes, volumes, scheduling), the read-only Kafka config, and the restart token of the
 * {@code krafter.dev/restart} annotation. Dynamic Kafka config is deliberately left out: it is applied live, so a change
 * to it must never roll the cluster.
 */
public final class TemplateHash {
    private TemplateHash() {}

    public static String of(PodTemplateSpec template, Map<String, String> readOnlyConfig, String restartToken) {
        PodTemplateSpec copy = Serialization.clone(template);
        if (copy.getMetadata() != null && copy.getMetadata().getAnnotations() != null) {
            copy.getMetadata().getAnnotations().remove(ClusterLabels.TEMPLATE_HASH);
        }
        // How Kubernetes reports a container's exit changes nothing in the running broker: clusters created before the
        // operator set it are not rolled for it; their pods take it on their next restart.
        copy.getSpec().getContainers().forEach(c -> c.setTerminationMessagePolicy(null));
        withoutReadOnlyRootFileSystem(copy);
        StringBuilder text = new StringBuilder(Serialization.asJson(copy));
        new TreeMap<>(readOnlyConfig == null ? Map.<String, String>of() : readOnlyConfig)
                .forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        text.append("\nrestart=").append(restartToken == null ? "" : restartToken);
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The read-only root file system and the /tmp volume it needs came after clusters existed; the broker runs the same
     * either way. Left out of the hash, they reach existing pods at their next restart instead of rolling every cluster
     * on the operator's upgrade. Only the tmp volume's own mount and volume are left out: every other mount still counts.
     */
    private static void withoutReadOnlyRootFileSystem(PodTemplateSpec copy) {
        copy.getSpec().getContainers().forEach(c -> {
            if (c.getSecurityContext() != null) {
                c.getSecurityContext().setReadOnlyRootFilesystem(null);
            }
            if (c.getVolumeMounts() != null) {
                c.getVolumeMounts().removeIf(m -> ClusterObjects.TMP_VOLUME.equals(m.getName()));
            }
        });
        if (copy.getSpec().getVolumes() != null) {
            copy.getSpec().getVolumes().removeIf(v -> ClusterObjects.TMP_VOLUME.equals(v.getName()));
        }
    }
}
