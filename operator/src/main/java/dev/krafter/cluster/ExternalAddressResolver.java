package dev.krafter.cluster;

import dev.krafter.api.v1alpha1.ListenerSpec;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which address each broker advertises on its external listeners, from the per-broker Services as they exist.
 *
 * <p>NodePort: Kubernetes assigns the node port when the Service is created, before any pod starts, so the broker
 * advertises {@code <IP of the node it runs on>:<assigned node port>} ({@code ${ADVERTISED_HOST}} is the node IP, from
 * the downward API). LoadBalancer: the Service's external address once the load balancer assigned it, with the listener
 * port. A broker whose addresses are not known yet is not started (the StatefulSet stays below it), so no broker ever
 * advertises a wrong address and no restart is needed when the address appears.
 */
public final class ExternalAddressResolver {
    private ExternalAddressResolver() {}

    /** {@code services}: existing Services by name. */
    public static KafkaNodeConfig.ExternalAddresses resolve(
            ClusterTopology topology, Function<String, Service> services) {
        Map<Integer, Map<String, String>> byBroker = new HashMap<>();
        for (ListenerSpec listener : topology.externalListeners()) {
            for (int ordinal = 0; ordinal < topology.brokers(); ordinal++) {
                Service service =
                        services.apply(ClusterNames.externalBroker(topology.cluster(), listener.getName(), ordinal));
                String address = address(listener, service);
                if (address != null) {
                    byBroker.computeIfAbsent(ordinal, o -> new HashMap<>()).put(listener.getName(), address);
                }
            }
        }
        return new KafkaNodeConfig.ExternalAddresses(byBroker);
    }

    static String address(ListenerSpec listener, Service service) {
        if (service == null || service.getSpec() == null) {
            return null;
        }
        if (listener.getType() == ListenerSpec.Type.NODEPORT) {
            return service.getSpec().getPorts().stream()
                    .map(ServicePort::getNodePort)
                    .filter(p -> p != null && p > 0)
                    .findFirst()
                    .map(p -> "${ADVERTISED_HOST}:" + p)
                    .orElse(null);
        }
        if (service.getStatus() == null
                || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return null;
        }
        return service.getStatus().getLoadBalancer().getIngress().stream()
                .map(ExternalAddressResolver::host)
                .filter(h -> h != null && !h.isBlank())
                .findFirst()
                .map(h -> h + ":" + listener.getPort())
                .orElse(null);
    }

    private static String host(LoadBalancerIngress ingress) {
        return ingress.getHostname() != null && !ingress.getHostname().isBlank()
                ? ingress.getHostname()
                : ingress.getIp();
    }

    /**
     * The broker count the StatefulSet may have now: {@code wanted}, unless brokers beyond {@code current} still lack
     * an external address; then only those that have one (never fewer than {@code current}), and the wait is recorded as
     * the operation in progress. No timer: the address arrives in the Service (its status, for a load balancer), whose
     * update reconciles the cluster ({@link ClusterChildren}).
     */
    static int brokersToRun(
            ClusterTopology topology,
            KafkaNodeConfig.ExternalAddresses addresses,
            int wanted,
            int current,
            ReconcileOutcome outcome) {
        int addressable = brokersWithAddresses(topology, addresses);
        if (wanted <= current || wanted <= addressable) {
            return wanted;
        }
        outcome.operation(
                current == 0 ? ClusterReasons.CREATING : ClusterReasons.SCALING_UP,
                "waiting for the external addresses of broker " + addressable + " (NodePort or LoadBalancer Service)",
                null);
        return Math.max(current, addressable);
    }

    /** How many broker ordinals, from 0, have every external address known: the StatefulSet may run that many. */
    public static int brokersWithAddresses(ClusterTopology topology, KafkaNodeConfig.ExternalAddresses addresses) {
        int ordinal = 0;
        while (ordinal < topology.brokers() && addresses.complete(ordinal, topology.externalListeners())) {
            ordinal++;
        }
        return ordinal;
    }
}
