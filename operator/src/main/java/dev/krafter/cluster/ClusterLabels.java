package dev.krafter.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels of every object Krafter makes for a cluster. The selector label is {@code krafter.dev/cluster}; Kubernetes'
 * recommended {@code app.kubernetes.io/*} labels are set too, except {@code app.kubernetes.io/instance}: Argo CD tracks
 * its applications with that label by default, and a child carrying it with the cluster's name would be taken for
 * (and pruned as) a resource of an Argo CD application of that name.
 */
public final class ClusterLabels {
    public static final String CLUSTER = "krafter.dev/cluster";
    /** broker or controller: which StatefulSet a pod belongs to. */
    public static final String POOL = "krafter.dev/pool";
    /** "true" on every pod that runs the broker role (the bootstrap Services select these). */
    public static final String BROKER_ROLE = "krafter.dev/broker";

    public static final String TEMPLATE_HASH = "krafter.dev/template-hash";
    public static final String CLUSTER_ID = "krafter.dev/cluster-id";
    public static final String QUORUM = "krafter.dev/quorum";
    public static final String POD_NAME = "statefulset.kubernetes.io/pod-name";

    public static final String POOL_BROKER = "broker";
    public static final String POOL_CONTROLLER = "controller";

    private ClusterLabels() {}

    /** Labels of every child object of the cluster. */
    public static Map<String, String> common(String cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "kafka");
        labels.put("app.kubernetes.io/part-of", cluster);
        labels.put("app.kubernetes.io/managed-by", "krafter");
        labels.put(CLUSTER, cluster);
        return labels;
    }

    /** Labels of a pool's objects and pods: common labels plus component and pool. */
    public static Map<String, String> pool(String cluster, String pool, boolean brokerRole) {
        Map<String, String> labels = common(cluster);
        labels.put("app.kubernetes.io/component", pool);
        labels.put(POOL, pool);
        if (brokerRole) {
            labels.put(BROKER_ROLE, "true");
        }
        return labels;
    }

    /** The immutable StatefulSet selector of a pool. */
    public static Map<String, String> poolSelector(String cluster, String pool) {
        return Map.of(CLUSTER, cluster, POOL, pool);
    }

    public static Map<String, String> clusterSelector(String cluster) {
        return Map.of(CLUSTER, cluster);
    }

    public static Map<String, String> brokerSelector(String cluster) {
        return Map.of(CLUSTER, cluster, BROKER_ROLE, "true");
    }

    /** The label selector string of the broker pods (for the scale subresource). */
    public static String brokerSelectorString(String cluster) {
        return CLUSTER + "=" + cluster + "," + BROKER_ROLE + "=true";
    }
}
