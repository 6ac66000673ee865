package dev.krafter.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A Kubernetes cluster with Krafter installed, as the scenarios see it: they act through the API (apply, get, watch)
 * and through what a user or the infrastructure can do to pods (exec, delete, kill a container) and to the operator
 * (stop and start it), and reach Kafka from the test JVM at {@link #bootstrapAddress}. Implemented by
 * {@link KubernetesTestCluster}: a real cluster (the local one of {@code local-cluster/cluster.sh}, or one the user
 * names), the operator installed in it with the Helm chart.
 */
public interface TestCluster extends AutoCloseable {

    /** A short name of the cluster, for reports ("local", "named:<context>"). */
    String backend();

    /** A client of the cluster's API server, acting as the user. */
    KubernetesClient client();

    /** Creates or replaces the objects in {@code yaml} (one or more documents) in {@code namespace}. */
    List<HasMetadata> apply(String yaml, String namespace);

    /** Creates or replaces {@code resource} (in its own namespace, or {@code namespace} when it has none). */
    <T extends HasMetadata> T apply(T resource, String namespace);

    default <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
        return Optional.ofNullable(
                client().resources(type).inNamespace(namespace).withName(name).get());
    }

    default <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
        return client().resources(type).inNamespace(namespace).list().getItems();
    }

    /**
     * Changes the resource as {@code kubectl edit} does: read, change, write with the read resourceVersion; when the
     * operator wrote it in between (409 Conflict), reads it again and re-applies {@code change}, as a user would.
     */
    default <T extends HasMetadata> T edit(Class<T> type, String namespace, String name, UnaryOperator<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client().resources(type)
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(change);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    default <T extends HasMetadata> Watch watch(Class<T> type, String namespace, Watcher<T> watcher) {
        return client().resources(type).inNamespace(namespace).watch(watcher);
    }

    /** Runs {@code command} in the first container of the pod, like {@code kubectl exec}. */
    ExecResult exec(String namespace, String pod, String... command);

    /** Deletes the pod through the API, with its grace period (as {@code kubectl delete pod}). */
    void deletePod(String namespace, String pod);

    /** Kills the pod's main container process with SIGKILL, as a crash or an OOM kill would; the kubelet restarts it. */
    void killContainer(String namespace, String pod);

    /** A Kafka bootstrap address of the cluster's client listener {@code listener}, reachable from the test JVM. */
    String bootstrapAddress(String namespace, String kafkaCluster, String listener);

    /** The IP of a node, where NodePort Services listen, reachable from the test JVM. */
    String nodeAddress();

    /**
     * How a client outside the cluster (the test JVM) reaches the first port of a NodePort or LoadBalancer Service:
     * {@code <node address>:<nodePort>}, or {@code <load balancer address>:<port>}; null while Kubernetes has not
     * assigned it yet.
     */
    default String externalAddress(Service service) {
        ServicePort port = service.getSpec().getPorts().get(0);
        if ("NodePort".equals(service.getSpec().getType())) {
            return port.getNodePort() == null ? null : nodeAddress() + ":" + port.getNodePort();
        }
        LoadBalancerStatus balancer =
                service.getStatus() == null ? null : service.getStatus().getLoadBalancer();
        if (balancer == null
                || balancer.getIngress() == null
                || balancer.getIngress().isEmpty()) {
            return null;
        }
        LoadBalancerIngress ingress = balancer.getIngress().get(0);
        return (ingress.getIp() != null ? ingress.getIp() : ingress.getHostname()) + ":" + port.getPort();
    }

    /** The last {@code lines} lines of the pod's main container output, like {@code kubectl logs --tail}. */
    String logTail(String namespace, String pod, int lines);

    /**
     * What the backend's own network layer says of the pods of {@code namespace} (names and addresses as clients
     * resolve them), for failure reports; empty when the backend has nothing of its own to add.
     */
    default List<String> networkFacts(String namespace) {
        return List.of();
    }

    /** Makes local images available to the cluster's nodes. */
    void loadImages(String... images);

    /** Stops the operator (its Deployment scaled to 0, its pod gone), as an outage or a node drain would. */
    void stopOperator();

    /** Starts the operator again after {@link #stopOperator()} and waits until it is Ready. */
    void startOperator();

    /** True when the operator runs (its pod Ready). */
    boolean operatorRunning();

    /**
     * Kills the operator replica that holds the leader Lease (its pod deleted with no grace period, as a node failure
     * would) and returns that pod's name; a standby replica takes over.
     */
    String killOperatorLeader();

    /** The pod name holding the operator's leader Lease, if a replica holds it. */
    java.util.Optional<String> operatorLeader();

    /** How long to wait for things a real cluster does in seconds (scheduling, image pulls of local images). */
    default Duration patience() {
        return Duration.ofMinutes(3);
    }

    @Override
    void close();
}
