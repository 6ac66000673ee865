package dev.krafter.e2e.simulated;

import dev.krafter.e2e.simulated.ServiceRoutes.Address;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test double of kube-proxy for NodePort and LoadBalancer Services, in this JVM: every 500 ms it reads Services and
 * Pods and keeps one TCP forwarder per address of {@link ServiceRoutes} ({@code <node IP>:<nodePort>}, and
 * {@code <load balancer IP>:<port>}), each passing connections to a random current endpoint. Endpoints follow pods as
 * they are replaced; with no endpoint a connection is closed at once (kube-proxy rejects it).
 */
public final class KubeProxyTestDouble implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeProxyTestDouble.class);

    private final KubernetesClient client;
    private final Supplier<String> nodeIp;
    private final Map<Address, Forwarder> forwarders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kube-proxy-sync"));
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> daemon(r, "kube-proxy-conn"));
    private volatile boolean closed;

    public KubeProxyTestDouble(KubernetesClient client, Supplier<String> nodeIp) {
        this.client = client;
        this.nodeIp = nodeIp;
    }

    public void start() {
        loop.scheduleWithFixedDelay(this::syncSafely, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** The addresses forwarded now. */
    public Set<Address> listening() {
        return Set.copyOf(forwarders.keySet());
    }

    private void syncSafely() {
        try {
            Map<Address, List<Address>> routes = ServiceRoutes.of(client.services().inAnyNamespace().list().getItems(),
                    client.pods().inAnyNamespace().list().getItems(), nodeIp.get());
            for (Map.Entry<Address, List<Address>> route : routes.entrySet()) {
                Forwarder forwarder = forwarders.get(route.getKey());
                if (forwarder == null) {
                    forwarder = open(route.getKey());
                }
                if (forwarder != null) {
                    forwarder.endpoints(route.getValue());
                }
            }
            for (Address gone : Set.copyOf(forwarders.keySet())) {
                if (!routes.containsKey(gone)) {
                    forwarders.remove(gone).close();
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("kube-proxy test double: sync failed: {}", e.toString());
            }
        }
    }

    private Forwarder open(Address address) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
            Forwarder forwarder = new Forwarder(address, server);
            forwarders.put(address, forwarder);
            connections.execute(forwarder::accept);
            LOG.info("kube-proxy test double: forwarding {}", address);
            return forwarder;
        } catch (IOException e) {
            LOG.warn("kube-proxy test double: cannot listen on {}: {}", address, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        forwarders.values().forEach(Forwarder::close);
        forwarders.clear();
        connections.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A forwarded connection: the client's socket, the one to the endpoint, and which endpoint. */
    private record Connection(Socket client, Socket upstream, Address endpoint) {
        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** One listening address: accepts connections and pipes each to an endpoint. */
    private final class Forwarder {
        final Address address;
        final ServerSocket server;
        final Set<Connection> open = ConcurrentHashMap.newKeySet();
        volatile List<Address> endpoints = List.of();

        Forwarder(Address address, ServerSocket server) {
            this.address = address;
            this.server = server;
        }

        /**
         * Connections to an address that is no longer an endpoint are closed: in the simulated cluster a pod's IP can
         * pass to another pod (a container reconnected to the network), which a client must not go on talking to.
         */
        void endpoints(List<Address> now) {
            endpoints = now;
            open.removeIf(connection -> {
                if (now.contains(connection.endpoint())) {
                    return false;
                }
                connection.close();
                return true;
            });
        }

        void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    connections.execute(() -> connect(client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void connect(Socket client) {
            List<Address> now = endpoints;
            if (now.isEmpty()) {
                closeQuietly(client);
                return;
            }
            Address endpoint = now.get(ThreadLocalRandom.current().nextInt(now.size()));
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 2000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            Connection connection = new Connection(client, upstream, endpoint);
            open.add(connection);
            connections.execute(() -> pipe(client, upstream, connection));
            pipe(upstream, client, connection);
        }

        private void pipe(Socket from, Socket to, Connection connection) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side went away
            } finally {
                connection.close();
                open.remove(connection);
            }
        }

        void close() {
            closeQuietly(server);
            open.forEach(Connection::close);
            LOG.info("kube-proxy test double: stopped forwarding {}", address);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
