package dev.krafter.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The objects {@code helm template} rendered, parsed, with lookups by kind and name. */
record RenderedChart(List<JsonNode> objects) {
    static RenderedChart of(String helmOutput) {
        return new RenderedChart(ChartFiles.yamlDocuments(helmOutput));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered; got "
                        + objects.stream()
                                .map(o -> o.path("kind").asText() + "/"
                                        + o.path("metadata").path("name").asText())
                                .toList()));
    }

    JsonNode deployment() {
        List<JsonNode> deployments = ofKind("Deployment");
        if (deployments.size() != 1) {
            throw new AssertionError("expected one Deployment, got " + deployments.size());
        }
        return deployments.get(0);
    }

    JsonNode operatorContainer() {
        return StreamSupport.stream(
                        deployment().at("/spec/template/spec/containers").spliterator(), false)
                .filter(c -> "operator".equals(c.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container named operator"));
    }
}
