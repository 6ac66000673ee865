package dev.krafter.e2e.simulated;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What kube-proxy programs for NodePort and LoadBalancer Services, as pure data: each address a client outside the
 * pod network uses ({@code <node IP>:<nodePort>}, and {@code <load balancer IP>:<port>} once the load balancer has one)
 * and the pod endpoints behind it (selected, not terminating, with an IP, Ready unless the Service publishes not-ready
 * addresses; the Service port's {@code targetPort} on the pod).
 */
final class ServiceRoutes {
    /** A host and port, e.g. a listening address or a pod endpoint. */
    record Address(String host, int port) implements Comparable<Address> {
        @Override
        public int compareTo(Address other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private ServiceRoutes() {
    }

    /** Listening address → endpoints (possibly none: connections are then refused, as kube-proxy rejects them). */
    static Map<Address, List<Address>> of(List<Service> services, List<Pod> pods, String nodeIp) {
        Map<Address, List<Address>> routes = new TreeMap<>();
        for (Service service : services) {
            String type = service.getSpec() == null ? null : service.getSpec().getType();
            if (!"NodePort".equals(type) && !"LoadBalancer".equals(type)) {
                continue;
            }
            String balancerIp = "LoadBalancer".equals(type) ? ingressIp(service) : null;
            for (ServicePort port : service.getSpec().getPorts()) {
                if (!"TCP".equals(port.getProtocol() == null ? "TCP" : port.getProtocol())) {
                    continue;
                }
                List<Address> endpoints = endpoints(service, port, pods);
                if (port.getNodePort() != null && port.getNodePort() > 0 && nodeIp != null) {
                    routes.put(new Address(nodeIp, port.getNodePort()), endpoints);
                }
                if (balancerIp != null) {
                    routes.put(new Address(balancerIp, port.getPort()), endpoints);
                }
            }
        }
        return routes;
    }

    static List<Address> endpoints(Service service, ServicePort port, List<Pod> pods) {
        boolean notReadyToo = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<Address> endpoints = new ArrayList<>();
        for (Pod pod : pods) {
            if (!service.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                    || !SimulatedNodeAgent.selects(service, pod) || pod.getMetadata().getDeletionTimestamp() != null
                    || pod.getStatus() == null || pod.getStatus().getPodIP() == null || pod.getStatus().getPodIP().isEmpty()
                    || !(notReadyToo || isReady(pod))) {
                continue;
            }
            Integer target = targetPort(port, pod);
            if (target != null) {
                endpoints.add(new Address(pod.getStatus().getPodIP(), target));
            }
        }
        return endpoints;
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The port on the pod: a number, a named container port, or (unset) the Service port. */
    private static Integer targetPort(ServicePort port, Pod pod) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort named : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (target.getStrVal().equals(named.getName())) {
                    return named.getContainerPort();
                }
            }
        }
        return null;
    }

    private static String ingressIp(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return null;
        }
        return service.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
                .filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElse(null);
    }
}
