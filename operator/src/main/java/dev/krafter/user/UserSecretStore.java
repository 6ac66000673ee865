package dev.krafter.user;

import dev.krafter.api.v1alpha1.KafkaUser;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes Secrets for KafkaUsers, each by name: the user's own Secret (written only when it is the user's:
 * never one that exists and belongs to something else), the Secret its spec names for a password, and the clients CA
 * of its cluster. No list, no watch: the operator reads no other Secret.
 */
final class UserSecretStore {
    private final KubernetesClient client;

    UserSecretStore(KubernetesClient client) {
        this.client = client;
    }

    Optional<Secret> get(String namespace, String name) {
        return Optional.ofNullable(
                client.secrets().inNamespace(namespace).withName(name).get());
    }

    /**
     * Why {@code existing} (the Secret with the user's name) must not be written, or empty when it is the user's: its
     * controller is this KafkaUser, or an earlier KafkaUser of the same name (deleted and re-created).
     */
    static Optional<String> refusal(Secret existing, KafkaUser user) {
        List<OwnerReference> owners = existing.getMetadata().getOwnerReferences() == null
                ? List.of()
                : existing.getMetadata().getOwnerReferences();
        Optional<OwnerReference> controller = owners.stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
        if (controller.isPresent()
                && "KafkaUser".equals(controller.get().getKind())
                && user.getMetadata().getName().equals(controller.get().getName())) {
            return Optional.empty();
        }
        return Optional.of("Secret " + existing.getMetadata().getName() + " already exists and does not belong to this"
                + " KafkaUser ("
                + controller
                        .map(o -> "it belongs to " + o.getKind() + " " + o.getName())
                        .orElse("it has no owner")
                + "); the operator writes the user's credentials into a Secret named after"
                + " the KafkaUser and never takes over another one: delete or rename that Secret, or name the"
                + " KafkaUser differently (spec.userName keeps the Kafka user name)");
    }

    /** Writes {@code desired} unless {@code existing} already holds the same data, annotations and owner. */
    boolean write(Secret desired, Optional<Secret> existing) {
        if (existing.isEmpty()) {
            client.resource(desired).create();
            return true;
        }
        Secret stored = existing.get();
        if (Objects.equals(stored.getData(), desired.getData())
                && Objects.equals(
                        orEmpty(stored.getMetadata().getAnnotations()),
                        orEmpty(desired.getMetadata().getAnnotations()))
                && Objects.equals(
                        stored.getMetadata().getOwnerReferences(),
                        desired.getMetadata().getOwnerReferences())
                && Objects.equals(
                        stored.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
            return false;
        }
        desired.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
        client.resource(desired).update();
        return true;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
