package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ListenerSpec;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every name a client may use to reach a node, for its certificate's subject alternative names: the pod's DNS name
 * through the headless Service and the Services in front of the brokers, each in its short and fully qualified forms,
 * and the external addresses once Kubernetes assigned them (a LoadBalancer's ingress host or IP; for NodePort, the IP
 * of every node a broker of the cluster runs on). Pure: the Services and pods are passed in as they are stored.
 */
public final class CertificateNames {
    /** The cluster DNS domain the fully qualified names end in. */
    public static final String CLUSTER_DOMAIN = "cluster.local";

    private CertificateNames() {}

    /**
     * @param services      stored Services by name (external addresses come from their status)
     * @param nodeAddresses the addresses of the nodes the cluster's brokers run on ({@link #nodeAddresses}): a NodePort
     *                      broker is reached on its node's address, and the bootstrap node port, open on every node,
     *                      may hand a connection made to one broker's node to any broker
     */
    public static Set<String> broker(
            ClusterTopology topology, int ordinal, Function<String, Service> services, Set<String> nodeAddresses) {
        String cluster = topology.cluster();
        String namespace = topology.namespace();
        Set<String> names = new TreeSet<>();
        names.addAll(serviceForms(
                ClusterNames.podName(topology.brokerStatefulSet(), ordinal) + "." + ClusterNames.headless(cluster),
                namespace));
        names.addAll(serviceForms(ClusterNames.bootstrap(cluster), namespace));
        for (ListenerSpec listener : topology.externalListeners()) {
            String bootstrap = ClusterNames.externalBootstrap(cluster, listener.getName());
            String own = ClusterNames.externalBroker(cluster, listener.getName(), ordinal);
            names.addAll(serviceForms(bootstrap, namespace));
            names.addAll(serviceForms(own, namespace));
            if (listener.getType() == ListenerSpec.Type.LOADBALANCER) {
                names.addAll(ingressHosts(services.apply(bootstrap)));
                names.addAll(ingressHosts(services.apply(own)));
            } else {
                names.addAll(nodeAddresses);
            }
        }
        return names;
    }

    /** The addresses of the nodes the given pods run on, once scheduled. */
    public static Set<String> nodeAddresses(List<Pod> pods) {
        Set<String> addresses = new TreeSet<>();
        for (Pod pod : pods) {
            String hostIp = pod.getStatus() == null ? null : pod.getStatus().getHostIP();
            if (hostIp != null && !hostIp.isBlank()) {
                addresses.add(hostIp);
            }
        }
        return addresses;
    }

    /** A dedicated controller: reached only through the headless Service. */
    public static Set<String> controller(ClusterTopology topology, int ordinal) {
        return new TreeSet<>(serviceForms(
                ClusterNames.podName(topology.controllerStatefulSet(), ordinal) + "."
                        + ClusterNames.headless(topology.cluster()),
                topology.namespace()));
    }

    /** {@code name}, {@code name.ns}, {@code name.ns.svc} and {@code name.ns.svc.cluster.local}. */
    static List<String> serviceForms(String name, String namespace) {
        return List.of(
                name,
                name + "." + namespace,
                name + "." + namespace + ".svc",
                name + "." + namespace + ".svc." + CLUSTER_DOMAIN);
    }

    private static Set<String> ingressHosts(Service service) {
        Set<String> hosts = new TreeSet<>();
        if (service == null
                || service.getStatus() == null
                || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return hosts;
        }
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
            if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
                hosts.add(ingress.getHostname());
            }
            if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
                hosts.add(ingress.getIp());
            }
        }
        return hosts;
    }
}
