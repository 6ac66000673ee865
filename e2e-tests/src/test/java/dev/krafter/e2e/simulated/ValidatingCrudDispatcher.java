package dev.krafter.e2e.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krafter.api.schema.CrdSchemaValidator;
import dev.krafter.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 CRUD dispatcher plus two behaviours of a real API server that Krafter depends on:
 * <ul>
 * <li>krafter.dev resources are checked against their CRD's OpenAPI schema on create, replace and patch (the patched
 * result is checked), and refused with 422 and a {@code Status} body in the API server's wording;</li>
 * <li>deleting a Pod is graceful: the Pod gets a deletionTimestamp and stays visible (Terminating) until the node agent
 * has stopped its container, then the agent removes it. A delete with {@code gracePeriodSeconds: 0} removes it at once.
 * The agent holds the Pod with the finalizer {@link #TERMINATING_FINALIZER} while it stops the container;</li>
 * <li>a replace (PUT) of a Pod, Service, StatefulSet, Deployment and the other built-in kinds whose status is a
 * subresource keeps the stored status, as the real API server does (the fabric8 mock does that for custom resources
 * only), and a JSON patch that does not apply is answered 422 instead of left unanswered;</li>
 * <li>a Service of type NodePort or LoadBalancer gets its node ports on create and keeps them on replace
 * ({@link NodePortAllocator}); a port already allocated is refused with 422;</li>
 * <li>the scale subresource of krafter.dev resources whose CRD declares one ({@code kubectl scale}, the
 * HorizontalPodAutoscaler): GET answers an {@code autoscaling/v1} Scale read through the CRD's replicas and selector
 * paths; PUT and PATCH set the spec replicas path, checked against the schema like any other write.</li>
 * </ul>
 */
public class ValidatingCrudDispatcher extends KubernetesCrudDispatcher {
    public static final String TERMINATING_FINALIZER = "simulated-node-agent.krafter.dev/terminating";
    private static final Pattern CUSTOM_RESOURCE = Pattern.compile(
            "/apis/krafter\\.dev/([^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?(/status)?");
    private static final Pattern SCALE = Pattern.compile("/apis/krafter\\.dev/[^/]+/namespaces/[^/]+/([^/]+)/([^/]+)/scale");
    /** Built-in kinds whose status is a subresource: a replace of the object itself leaves the status as stored. */
    private static final Pattern WITH_STATUS_SUBRESOURCE = Pattern.compile("/(?:api/v1|apis/[^/]+/[^/]+)/namespaces/[^/]+/"
            + "(?:pods|services|persistentvolumeclaims|statefulsets|deployments|replicasets|daemonsets|jobs|poddisruptionbudgets)/[^/]+");
    private static final Pattern POD = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)");
    private static final Pattern SERVICES = Pattern.compile("/api/v1/namespaces/([^/]+)/services(?:/([^/]+))?");
    private static final Pattern GRACE_QUERY = Pattern.compile("(?:^|&)gracePeriodSeconds=(\\d+)");

    private final Map<String, CrdSchemaValidator> validatorsByPlural = new HashMap<>();
    private final Map<String, String> groupKindByPlural = new HashMap<>();
    private final Map<String, CustomResourceSubresourceScale> scaleByPlural = new HashMap<>();

    public ValidatingCrudDispatcher() {
        for (String file : OperatorTestEnvironment.CRD_FILES) {
            try (InputStream in = ValidatingCrudDispatcher.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("generated CRD " + file + " is not on the classpath");
                }
                CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
                String plural = crd.getSpec().getNames().getPlural();
                validatorsByPlural.put(plural, new CrdSchemaValidator(crd));
                groupKindByPlural.put(plural, crd.getSpec().getNames().getKind() + "." + crd.getSpec().getGroup());
                crd.getSpec().getVersions().stream().filter(v -> v.getSubresources() != null
                        && v.getSubresources().getScale() != null).findFirst()
                        .ifPresent(v -> scaleByPlural.put(plural, v.getSubresources().getScale()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        HttpMethod method = request.method();
        Matcher scale = SCALE.matcher(pathOnly);
        if (scale.matches() && scaleByPlural.containsKey(scale.group(1))) {
            return scale(request, pathOnly.substring(0, pathOnly.length() - "/scale".length()), scale.group(1), scale.group(2));
        }
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
            Matcher custom = CUSTOM_RESOURCE.matcher(pathOnly);
            if (custom.matches() && custom.group(5) == null && validatorsByPlural.containsKey(custom.group(3))) {
                MockResponse refused = validate(request, method, path, custom.group(3), custom.group(4));
                if (refused != null) {
                    return refused;
                }
            }
        }
        if (method == HttpMethod.PUT && WITH_STATUS_SUBRESOURCE.matcher(pathOnly).matches()) {
            request = withStoredStatus(request, path);
        }
        Matcher service = SERVICES.matcher(pathOnly);
        if (service.matches() && (method == HttpMethod.POST && service.group(2) == null
                || method == HttpMethod.PUT && service.group(2) != null)) {
            return writeServiceWithNodePorts(request, pathOnly);
        }
        if (method == HttpMethod.DELETE) {
            Matcher pod = POD.matcher(pathOnly);
            if (pod.matches()) {
                return deletePodGracefully(request, path, query);
            }
        }
        try {
            return super.dispatch(request);
        } catch (RuntimeException e) {
            // The CRUD mock throws on a JSON patch that does not apply (e.g. replace of a missing field) and would leave
            // the request unanswered; the API server answers 422.
            return status(422, "Invalid", "the patch cannot be applied: " + e.getMessage(), null, null, List.of());
        }
    }

    /**
     * The request with the status of the stored object in place of the body's, as the API server treats a replace
     * of an object whose status is a subresource (a StatefulSet's status stays the controller's).
     */
    private RecordedRequest withStoredStatus(RecordedRequest request, String path) {
        MockResponse current = super.handleGet(path);
        if (current.code() != 200) {
            return request;
        }
        try {
            JsonNode stored = Serialization.jsonMapper().readTree(bodyOf(current));
            JsonNode body = Serialization.jsonMapper().readTree(request.getBody().getBytes());
            if (!(body instanceof ObjectNode object)) {
                return request;
            }
            if (stored.has("status")) {
                object.set("status", stored.get("status"));
            } else {
                object.remove("status");
            }
            return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                    new Buffer(Serialization.asJson(object).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return request;
        }
    }

    private MockResponse validate(RecordedRequest request, HttpMethod method, String path, String plural, String name) {
        JsonNode result;
        try {
            String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
            if (method == HttpMethod.PATCH) {
                MockResponse current = super.handleGet(path);
                if (current.code() != 200) {
                    return null; // let the CRUD dispatcher answer 404
                }
                JsonNode currentNode = Serialization.jsonMapper().readTree(bodyOf(current));
                String contentType = request.getHeader("Content-Type");
                if (contentType == null || contentType.startsWith("application/json-patch+json")) {
                    result = JsonPatch.apply(Serialization.jsonMapper().readTree(body), currentNode);
                } else {
                    // the same merge the CRUD dispatcher performs, so what is validated is what would be stored
                    result = Serialization.jsonMapper().readerForUpdating(currentNode.deepCopy()).readValue(body);
                }
            } else {
                result = Serialization.jsonMapper().readTree(body);
            }
        } catch (IOException | RuntimeException e) {
            return status(400, "BadRequest", "the request body cannot be read: " + e.getMessage(), null, null, List.of());
        }
        List<String> errors = validatorsByPlural.get(plural).validate(result);
        if (errors.isEmpty()) {
            return null;
        }
        String objectName = name != null ? name : result.path("metadata").path("name").asText("");
        String groupKind = groupKindByPlural.get(plural);
        String message = groupKind + " \"" + objectName + "\" is invalid: "
                + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        return status(422, "Invalid", message, objectName, groupKind, errors);
    }

    /** The scale subresource: read, or set the spec replicas path of the resource at {@code resourcePath}. */
    private synchronized MockResponse scale(RecordedRequest request, String resourcePath, String plural, String name) {
        CustomResourceSubresourceScale paths = scaleByPlural.get(plural);
        MockResponse current = super.handleGet(resourcePath);
        if (current.code() != 200) {
            return current;
        }
        try {
            JsonNode resource = Serialization.jsonMapper().readTree(bodyOf(current));
            if (request.method() == HttpMethod.GET) {
                return json(200, scaleOf(resource, paths));
            }
            if (request.method() != HttpMethod.PUT && request.method() != HttpMethod.PATCH) {
                return status(405, "MethodNotAllowed", request.method() + " is not supported on the scale subresource",
                        null, null, List.of());
            }
            JsonNode replicas = Serialization.jsonMapper().readTree(request.getBody().getBytes()).path("spec").path("replicas");
            if (!replicas.isIntegralNumber()) {
                return status(422, "Invalid", "Scale \"" + name + "\" is invalid: spec.replicas: Required value",
                        name, "Scale.autoscaling", List.of("spec.replicas: Required value"));
            }
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            String[] fields = fields(paths.getSpecReplicasPath());
            ObjectNode parent = patch;
            for (int i = 0; i < fields.length - 1; i++) {
                parent = parent.putObject(fields[i]);
            }
            parent.put(fields[fields.length - 1], replicas.intValue());
            JsonNode result = Serialization.jsonMapper().readerForUpdating(resource.deepCopy()).readValue(patch);
            List<String> errors = validatorsByPlural.get(plural).validate(result);
            if (!errors.isEmpty()) {
                String groupKind = groupKindByPlural.get(plural);
                return status(422, "Invalid", groupKind + " \"" + name + "\" is invalid: " + String.join(", ", errors),
                        name, groupKind, errors);
            }
            MockResponse stored = super.handlePatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, resourcePath,
                    Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
                    new Buffer(Serialization.asJson(patch).getBytes(StandardCharsets.UTF_8))));
            if (stored.code() >= 300) {
                return stored;
            }
            return json(200, scaleOf(Serialization.jsonMapper().readTree(bodyOf(stored)), paths));
        } catch (IOException e) {
            return status(400, "BadRequest", "the request body cannot be read: " + e.getMessage(), null, null, List.of());
        }
    }

    /** An autoscaling/v1 Scale of {@code resource}, read through the CRD's scale paths. */
    static ObjectNode scaleOf(JsonNode resource, CustomResourceSubresourceScale paths) {
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("kind", "Scale");
        ObjectNode metadata = scale.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (resource.path("metadata").has(field)) {
                metadata.set(field, resource.path("metadata").get(field));
            }
        }
        scale.putObject("spec").put("replicas", at(resource, paths.getSpecReplicasPath()).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", at(resource, paths.getStatusReplicasPath()).asInt(0));
        JsonNode selector = paths.getLabelSelectorPath() == null ? null : at(resource, paths.getLabelSelectorPath());
        if (selector != null && selector.isTextual()) {
            status.put("selector", selector.asText());
        }
        return scale;
    }

    /** The node at a CRD JSON path such as {@code .spec.brokers.replicas} (missing when absent). */
    private static JsonNode at(JsonNode node, String jsonPath) {
        JsonNode current = node;
        for (String field : fields(jsonPath)) {
            current = current.path(field);
        }
        return current;
    }

    /** The field names of a CRD JSON path: {@code .spec.brokers.replicas} → spec, brokers, replicas. */
    private static String[] fields(String jsonPath) {
        return jsonPath.substring(1).split("\\.");
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(body));
    }

    /** Create or replace of a Service, with node ports allocated as the API server does. */
    private synchronized MockResponse writeServiceWithNodePorts(RecordedRequest request, String pathOnly) {
        try {
            JsonNode body = Serialization.jsonMapper().readTree(request.getBody().getBytes());
            if (!(body instanceof ObjectNode service) || !NodePortAllocator.needsNodePorts(service)) {
                return super.dispatch(request);
            }
            String name = service.path("metadata").path("name").asText("");
            JsonNode previous = null;
            Set<Integer> taken = new HashSet<>();
            for (JsonNode stored : Serialization.jsonMapper().readTree(bodyOf(super.handleGet("/api/v1/services"))).path("items")) {
                boolean same = name.equals(stored.path("metadata").path("name").asText())
                        && pathOnly.startsWith("/api/v1/namespaces/" + stored.path("metadata").path("namespace").asText() + "/");
                if (same && request.method() == HttpMethod.PUT) {
                    previous = stored;
                } else {
                    taken.addAll(NodePortAllocator.held(stored));
                }
            }
            List<String> problems = NodePortAllocator.allocate(service, previous, taken);
            if (!problems.isEmpty()) {
                String message = "Service \"" + name + "\" is invalid: "
                        + (problems.size() == 1 ? problems.get(0) : "[" + String.join(", ", problems) + "]");
                return status(422, "Invalid", message, name, "Service.", problems);
            }
            return super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                    request.getHeaders(), new Buffer(Serialization.asJson(service).getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            return status(400, "BadRequest", "the request body cannot be read: " + e.getMessage(), null, null, List.of());
        }
    }

    private MockResponse deletePodGracefully(RecordedRequest request, String path, String query) {
        Long grace = graceSeconds(request, query);
        synchronized (this) {
            MockResponse current = super.handleGet(path);
            if (current.code() != 200 || (grace != null && grace == 0)) {
                return super.dispatch(request);
            }
            try {
                JsonNode pod = Serialization.jsonMapper().readTree(bodyOf(current));
                if (pod.path("metadata").has("deletionTimestamp")) {
                    return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(pod));
                }
                long seconds = grace != null ? grace : pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
                ObjectNode metadata = JsonNodeFactory.instance.objectNode();
                metadata.put("deletionTimestamp", Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS).toString());
                metadata.put("deletionGracePeriodSeconds", seconds);
                ArrayNode finalizers = metadata.putArray("finalizers");
                pod.path("metadata").path("finalizers").forEach(finalizers::add);
                finalizers.add(TERMINATING_FINALIZER);
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                patch.set("metadata", metadata);
                RecordedRequest mark = new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, path,
                        Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
                        new Buffer(Serialization.asJson(patch).getBytes(StandardCharsets.UTF_8)));
                MockResponse marked = super.handlePatch(mark);
                return new MockResponse().setResponseCode(200).setBody(bodyOf(marked));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Long graceSeconds(RecordedRequest request, String query) {
        Matcher inQuery = GRACE_QUERY.matcher(query);
        if (inQuery.find()) {
            return Long.parseLong(inQuery.group(1));
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode options = Serialization.jsonMapper().readTree(body);
            return options.has("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String bodyOf(MockResponse response) {
        Buffer body = response.getBody();
        return body == null ? "" : new String(body.getBytes(), StandardCharsets.UTF_8);
    }

    private static MockResponse status(int code, String reason, String message, String name, String groupKind,
            List<String> causes) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (groupKind != null) {
            ObjectNode details = status.putObject("details");
            details.put("name", name);
            details.put("group", groupKind.substring(groupKind.indexOf('.') + 1));
            details.put("kind", groupKind.substring(0, groupKind.indexOf('.')));
            ArrayNode causeNodes = details.putArray("causes");
            for (String cause : causes) {
                ObjectNode node = causeNodes.addObject();
                node.put("reason", cause.contains("Required value") ? "FieldValueRequired"
                        : cause.contains("Unsupported value") ? "FieldValueNotSupported" : "FieldValueInvalid");
                node.put("message", cause);
                node.put("field", cause.contains(":") ? cause.substring(0, cause.indexOf(':')) : "");
            }
        }
        status.put("code", code);
        return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(status));
    }
}
