package dev.krafter.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@code kubectl apply} as far as the scenarios need it: create, or replace the spec of what exists. */
public final class Apply {
    private Apply() {
    }

    public static <T extends HasMetadata> T createOrReplace(KubernetesClient client, T resource, String namespace) {
        if (resource.getMetadata().getNamespace() == null) {
            resource.getMetadata().setNamespace(namespace);
        }
        String ns = resource.getMetadata().getNamespace();
        T existing = client.resource(resource).inNamespace(ns).get();
        if (existing == null) {
            return client.resource(resource).inNamespace(ns).create();
        }
        resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return client.resource(resource).inNamespace(ns).update();
    }
}
