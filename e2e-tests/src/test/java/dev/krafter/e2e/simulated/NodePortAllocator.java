package dev.krafter.e2e.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test double of the API server's node-port allocation: a Service of type NodePort or LoadBalancer gets, for every
 * port without {@code nodePort}, a free port of 30000–32767, unique across all Services; a port asked for explicitly
 * must be in that range and free. On replace, ports that leave {@code nodePort} out keep the one they had (the real
 * API server does the same), matched by port name, else by port number. Pure: works on the Service's JSON.
 */
final class NodePortAllocator {
    static final int FIRST = 30000;
    static final int LAST = 32767;

    private NodePortAllocator() {
    }

    /** Whether a Service of this {@code spec.type} gets node ports. */
    static boolean needsNodePorts(JsonNode service) {
        String type = service.path("spec").path("type").asText("ClusterIP");
        return "NodePort".equals(type) || "LoadBalancer".equals(type);
    }

    /** The node ports a stored Service holds. */
    static Set<Integer> held(JsonNode service) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            if (port.path("nodePort").asInt(0) > 0) {
                ports.add(port.path("nodePort").asInt());
            }
        }
        return ports;
    }

    /**
     * Fills in the missing node ports of {@code service} (mutated), keeping those of {@code previous} (the stored
     * version on replace, else null). {@code taken}: node ports held by every other Service. Returns the problems in
     * the API server's wording (nothing is allocated then); empty when the Service may be stored.
     */
    static List<String> allocate(ObjectNode service, JsonNode previous, Set<Integer> taken) {
        List<String> problems = new ArrayList<>();
        if (!needsNodePorts(service)) {
            return problems;
        }
        Map<String, Integer> kept = new HashMap<>();
        if (previous != null) {
            for (JsonNode port : previous.path("spec").path("ports")) {
                if (port.path("nodePort").asInt(0) > 0) {
                    kept.put(portKey(port), port.path("nodePort").asInt());
                }
            }
        }
        Set<Integer> used = new HashSet<>(taken);
        List<ObjectNode> missing = new ArrayList<>();
        JsonNode ports = service.path("spec").path("ports");
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = (ObjectNode) ports.get(i);
            int asked = port.path("nodePort").asInt(0);
            if (asked == 0 && kept.containsKey(portKey(port))) {
                asked = kept.get(portKey(port));
                port.put("nodePort", asked);
            }
            if (asked == 0) {
                missing.add(port);
            } else if (asked < FIRST || asked > LAST) {
                problems.add("spec.ports[" + i + "].nodePort: Invalid value: " + asked
                        + ": provided port is not in the valid range. The range of valid ports is " + FIRST + "-" + LAST);
            } else if (!used.add(asked)) {
                problems.add("spec.ports[" + i + "].nodePort: Invalid value: " + asked + ": provided port is already allocated");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        int candidate = FIRST;
        for (ObjectNode port : missing) {
            while (candidate <= LAST && used.contains(candidate)) {
                candidate++;
            }
            if (candidate > LAST) {
                problems.add("spec.ports: Internal error: failed to allocate a nodePort: range is full");
                return problems;
            }
            port.put("nodePort", candidate);
            used.add(candidate);
        }
        return problems;
    }

    private static String portKey(JsonNode port) {
        return port.hasNonNull("name") ? "name:" + port.get("name").asText() : "port:" + port.path("port").asInt();
    }
}
