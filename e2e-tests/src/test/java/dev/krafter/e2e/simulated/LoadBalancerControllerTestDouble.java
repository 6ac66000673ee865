package dev.krafter.e2e.simulated;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test double of the cloud controller's service load balancer: every LoadBalancer Service without an address gets
 * {@code status.loadBalancer.ingress[0].ip}, a loopback address of its own ({@code 127.0.<subnet>.<n>}, the subnet
 * chosen per simulated cluster), on which {@link KubeProxyTestDouble} then forwards the Service's ports. Clients in
 * this JVM reach it; pods do not (a real cloud load balancer is outside the cluster too).
 */
public final class LoadBalancerControllerTestDouble implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerControllerTestDouble.class);

    private final KubernetesClient client;
    private final int subnet;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "load-balancer-controller");
        thread.setDaemon(true);
        return thread;
    });

    public LoadBalancerControllerTestDouble(KubernetesClient client, String clusterId) {
        this.client = client;
        this.subnet = subnetOf(clusterId);
    }

    /** A loopback /24 per simulated cluster ({@code 127.0.<1..250>}), so clusters on one machine do not collide. */
    static int subnetOf(String clusterId) {
        return 1 + Math.floorMod(clusterId.hashCode(), 250);
    }

    /** The lowest {@code 127.0.<subnet>.<1..254>} not in {@code taken}. */
    static String nextAddress(int subnet, Set<String> taken) {
        for (int host = 1; host <= 254; host++) {
            String ip = "127.0." + subnet + "." + host;
            if (!taken.contains(ip)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free load balancer address left in 127.0." + subnet + ".0/24");
    }

    public void start() {
        loop.scheduleWithFixedDelay(this::syncSafely, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void syncSafely() {
        try {
            Set<String> taken = new HashSet<>();
            var balanced = client.services().inAnyNamespace().list().getItems().stream()
                    .filter(s -> s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType())).toList();
            balanced.forEach(s -> taken.addAll(ingressIps(s)));
            for (Service service : balanced) {
                if (ingressIps(service).isEmpty()) {
                    String ip = nextAddress(subnet, taken);
                    taken.add(ip);
                    client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName())
                            .editStatus(s -> {
                                s.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp(ip)
                                        .endIngress().endLoadBalancer().build());
                                return s;
                            });
                    LOG.info("load balancer test double: Service {}/{} gets {}", service.getMetadata().getNamespace(),
                            service.getMetadata().getName(), ip);
                }
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            LOG.warn("load balancer test double: sync failed: {}", e.toString());
        }
    }

    private static Set<String> ingressIps(Service service) {
        Set<String> ips = new HashSet<>();
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            service.getStatus().getLoadBalancer().getIngress().forEach(i -> {
                if (i.getIp() != null) {
                    ips.add(i.getIp());
                }
            });
        }
        return ips;
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
