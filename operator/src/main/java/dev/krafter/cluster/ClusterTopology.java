package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.AuthorizationSpec;
import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.ListenerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which nodes a cluster has and what their ids are, derived from the spec alone.
 *
 * <p>Node ids are stable and come from StatefulSet ordinals: broker pods {@code <cluster>-broker-<i>} have node id
 * {@code i}; dedicated controller pods {@code <cluster>-controller-<i>} have node id
 * {@value #CONTROLLER_NODE_ID_OFFSET}{@code + i}, so broker ids never collide with controller ids whatever the broker
 * count becomes. In combined mode the first {@code controllers.replicas} broker pods are also the quorum voters.
 */
public record ClusterTopology(
        String cluster,
        String namespace,
        boolean dedicated,
        int brokers,
        int controllers,
        List<ListenerSpec> listeners,
        Security security) {
    /** Node id of dedicated controller ordinal 0 (the broker image's KRAFTER_NODE_ID_OFFSET for controllers). */
    public static final int CONTROLLER_NODE_ID_OFFSET = 3000;

    public ClusterTopology {
        listeners = List.copyOf(listeners);
    }

    public ClusterTopology(
            String cluster,
            String namespace,
            boolean dedicated,
            int brokers,
            int controllers,
            List<ListenerSpec> listeners) {
        this(cluster, namespace, dedicated, brokers, controllers, listeners, Security.NONE);
    }

    /**
     * How the nodes secure their internal listeners and authorize requests.
     *
     * @param internalTls the replication and controller listeners use TLS with mutual authentication
     * @param authorization Kafka's StandardAuthorizer is enabled
     * @param superUsers the spec's super users (the nodes' and the operator's principals are added to them)
     */
    public record Security(boolean internalTls, boolean authorization, List<String> superUsers) {
        public static final Security NONE = new Security(false, false, List.of());

        public Security {
            superUsers = List.copyOf(superUsers);
        }

        static Security of(KafkaCluster resource) {
            AuthorizationSpec authorization = resource.getSpec().getAuthorization();
            return new Security(
                    InternalTls.of(resource),
                    authorization != null,
                    authorization == null || authorization.getSuperUsers() == null
                            ? List.of()
                            : authorization.getSuperUsers());
        }
    }

    public static ClusterTopology of(KafkaCluster resource) {
        ControllersSpec controllers = resource.getSpec().getControllers() == null
                ? new ControllersSpec()
                : resource.getSpec().getControllers();
        return new ClusterTopology(
                resource.getMetadata().getName(),
                resource.getMetadata().getNamespace(),
                controllers.getMode() == ControllersSpec.Mode.DEDICATED,
                resource.getSpec().getBrokers().getReplicas(),
                QuorumSize.of(resource),
                effectiveListeners(resource.getSpec().getListeners()),
                Security.of(resource));
    }

    /** The spec's client listeners, or the default internal plaintext listener 'plain' on 9092 when none are given. */
    public static List<ListenerSpec> effectiveListeners(List<ListenerSpec> listeners) {
        if (listeners != null && !listeners.isEmpty()) {
            return listeners;
        }
        ListenerSpec plain = new ListenerSpec();
        plain.setName("plain");
        plain.setPort(ClusterNames.DEFAULT_CLIENT_PORT);
        plain.setType(ListenerSpec.Type.INTERNAL);
        return List.of(plain);
    }

    public ClusterTopology withBrokers(int count) {
        return new ClusterTopology(cluster, namespace, dedicated, count, controllers, listeners, security);
    }

    public String brokerStatefulSet() {
        return ClusterNames.brokers(cluster);
    }

    public String controllerStatefulSet() {
        return ClusterNames.controllers(cluster);
    }

    public List<Integer> brokerIds() {
        return IntStream.range(0, brokers).boxed().toList();
    }

    public List<Integer> voterIds() {
        int offset = dedicated ? CONTROLLER_NODE_ID_OFFSET : 0;
        return IntStream.range(0, controllers).map(i -> offset + i).boxed().toList();
    }

    /** In combined mode, whether broker ordinal {@code ordinal} is also a quorum voter. */
    public boolean isCombinedVoter(int ordinal) {
        return !dedicated && ordinal < controllers;
    }

    /** The static voter list {@code id@host:9090,...} (controller.quorum.voters). */
    public String quorumVoters() {
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < controllers; i++) {
            String pod = ClusterNames.podName(dedicated ? controllerStatefulSet() : brokerStatefulSet(), i);
            int id = (dedicated ? CONTROLLER_NODE_ID_OFFSET : 0) + i;
            voters.add(id + "@" + ClusterNames.podHost(cluster, namespace, pod) + ":" + ClusterNames.CONTROLLER_PORT);
        }
        return String.join(",", voters);
    }

    public List<ListenerSpec> externalListeners() {
        return listeners.stream()
                .filter(l -> l.getType() != ListenerSpec.Type.INTERNAL)
                .toList();
    }

    public List<ListenerSpec> internalListeners() {
        return listeners.stream()
                .filter(l -> l.getType() == ListenerSpec.Type.INTERNAL)
                .toList();
    }

    /** Node id of a pod of this cluster from its name, or -1 when the name is not one of its node pods. */
    public int nodeIdOf(String podName) {
        String prefix;
        int offset;
        if (podName.startsWith(brokerStatefulSet() + "-")) {
            prefix = brokerStatefulSet() + "-";
            offset = 0;
        } else if (podName.startsWith(controllerStatefulSet() + "-")) {
            prefix = controllerStatefulSet() + "-";
            offset = CONTROLLER_NODE_ID_OFFSET;
        } else {
            return -1;
        }
        try {
            return offset + Integer.parseInt(podName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** host:port of every internal client listener behind the bootstrap Service, comma separated. */
    public String bootstrapServers() {
        return internalListeners().stream()
                .map(l -> ClusterNames.bootstrapHost(cluster, namespace) + ":" + l.getPort())
                .collect(Collectors.joining(","));
    }
}
