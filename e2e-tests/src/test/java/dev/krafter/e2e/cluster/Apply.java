package dev.krafter.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl apply} as far as the scenarios need it: create, or replace what exists. Custom resources are sent
 * exactly as written (as generic resources), so a misspelled field reaches the API server instead of being dropped by
 * Java deserialization; and every write asks for strict field validation ({@code fieldValidation=Strict}), as kubectl
 * does by default, so the API server refuses an unknown field rather than silently pruning it.
 */
public final class Apply {
    private Apply() {}

    /** Applies every document of {@code yaml}; objects without a namespace go to {@code namespace}. */
    public static List<HasMetadata> yaml(KubernetesClient client, String yaml, String namespace) {
        List<HasMetadata> applied = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            GenericKubernetesResource generic = Serialization.unmarshal(document, GenericKubernetesResource.class);
            ResourceDefinitionContext custom =
                    customResourceContext(client, generic.getApiVersion(), generic.getKind());
            if (custom != null) {
                applied.add(createOrReplaceGeneric(client, custom, generic, namespace));
            } else {
                for (HasMetadata item : client.load(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)))
                        .items()) {
                    applied.add(createOrReplace(client, item, namespace));
                }
            }
        }
        return applied;
    }

    public static <T extends HasMetadata> T createOrReplace(KubernetesClient client, T resource, String namespace) {
        if (resource.getMetadata().getNamespace() == null) {
            resource.getMetadata().setNamespace(namespace);
        }
        String ns = resource.getMetadata().getNamespace();
        T existing = client.resource(resource).inNamespace(ns).get();
        if (existing == null) {
            return client.resource(resource)
                    .inNamespace(ns)
                    .fieldValidation(Validation.STRICT)
                    .create();
        }
        resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return client.resource(resource)
                .inNamespace(ns)
                .fieldValidation(Validation.STRICT)
                .update();
    }

    private static GenericKubernetesResource createOrReplaceGeneric(
            KubernetesClient client,
            ResourceDefinitionContext context,
            GenericKubernetesResource resource,
            String namespace) {
        if (resource.getMetadata().getNamespace() == null) {
            resource.getMetadata().setNamespace(namespace);
        }
        var resources = client.genericKubernetesResources(context)
                .inNamespace(resource.getMetadata().getNamespace());
        GenericKubernetesResource existing =
                resources.withName(resource.getMetadata().getName()).get();
        if (existing == null) {
            return resources
                    .resource(resource)
                    .fieldValidation(Validation.STRICT)
                    .create();
        }
        resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return resources.resource(resource).fieldValidation(Validation.STRICT).update();
    }

    /** The definition of a custom kind served by the cluster (from its CRD), or null for built-in kinds. */
    static ResourceDefinitionContext customResourceContext(KubernetesClient client, String apiVersion, String kind) {
        if (apiVersion == null
                || !apiVersion.contains("/")
                || apiVersion.split("/")[0].endsWith("k8s.io")
                || !apiVersion.split("/")[0].contains(".")) {
            return null;
        }
        String group = apiVersion.split("/")[0];
        String version = apiVersion.split("/")[1];
        for (CustomResourceDefinition crd :
                client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            if (crd.getSpec().getGroup().equals(group)
                    && crd.getSpec().getNames().getKind().equals(kind)) {
                return new ResourceDefinitionContext.Builder()
                        .withGroup(group)
                        .withVersion(version)
                        .withKind(kind)
                        .withPlural(crd.getSpec().getNames().getPlural())
                        .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                        .build();
            }
        }
        return null;
    }
}
