package dev.krafter.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tests need from a cluster beyond its API: where its kubeconfig and kubectl are, how local images reach its
 * nodes, where NodePort Services answer from the test JVM, and how a container is killed as a crash would kill it.
 * {@link LocalCluster} is the one-node cluster of {@code local-cluster/cluster.sh}; {@link NamedCluster} any cluster
 * the user names.
 */
public interface NodeAccess {

    /** A short name for reports: "local" or "named". */
    String name();

    Path kubeconfig();

    /** The kubeconfig context to use; null for the file's current context. */
    String context();

    /** The kubectl binary to run. */
    String kubectl();

    /** Makes the local Docker images {@code images} available to the cluster's nodes. */
    void loadImages(List<String> images);

    /** The operator's image pull policy: Never when images are imported into the nodes, else IfNotPresent. */
    String operatorPullPolicy();

    /** An address of a node where NodePort Services answer, reachable from the test JVM. */
    String nodeAddress(KubernetesClient client);

    /**
     * Kills the container {@code containerId} (as in the pod's status: {@code containerd://<id>}) of pod
     * {@code namespace/pod} running on node {@code node} with SIGKILL; the kubelet restarts it.
     */
    void killContainer(String namespace, String pod, String node, String containerId);
}
