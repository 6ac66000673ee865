package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ListenerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * External listeners (NodePort, LoadBalancer) without TLS or without authentication keep working, so clusters stored
 * before both existed do not break, but they are reported: condition {@code InsecureListener} (True while one exists) and a
 * Warning Event saying who can reach them and what they can do.
 */
final class InsecureListeners {

    private InsecureListeners() {}

    /** What is insecure about each external listener, empty when nothing is. */
    static Optional<String> message(ClusterTopology topology) {
        List<String> findings = new ArrayList<>();
        for (ListenerSpec listener : topology.externalListeners()) {
            boolean authenticated = listener.getAuthentication() != null
                    && listener.getAuthentication() != ListenerSpec.Authentication.NONE;
            if (listener.isTls() && authenticated) {
                continue;
            }
            String who = listener.getType() == ListenerSpec.Type.LOADBALANCER
                    ? "anyone who reaches its load balancer"
                    : "anyone who reaches any Kubernetes node on its node ports";
            List<String> problems = new ArrayList<>();
            if (!listener.isTls()) {
                problems.add("no TLS, so " + who + " or the network between can read the traffic"
                        + (authenticated ? "" : " and impersonate the brokers"));
            }
            if (!authenticated) {
                problems.add("no authentication, so " + who + " connects as User:ANONYMOUS"
                        + (topology.security().authorization()
                                ? " (only what ACLs allow User:ANONYMOUS)"
                                : " and may do everything (no spec.authorization): read, write and delete topics,"
                                        + " change configs"));
            }
            findings.add("listener '" + listener.getName() + "' ("
                    + listener.getType().name().toLowerCase(java.util.Locale.ROOT) + ", port " + listener.getPort()
                    + ") has " + String.join("; and ", problems));
        }
        return findings.isEmpty()
                ? Optional.empty()
                : Optional.of(String.join(". ", findings)
                        + ". Set tls: true and authentication: tls or scram-sha-512 on it (docs/security.md)");
    }
}
