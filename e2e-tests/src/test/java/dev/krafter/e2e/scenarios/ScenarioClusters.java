package dev.krafter.e2e.scenarios;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.e2e.cluster.ClusterSetup;
import dev.krafter.e2e.cluster.ClusterUnavailableException;
import dev.krafter.e2e.cluster.KubernetesTestCluster;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import dev.krafter.e2e.support.E2eEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one cluster all scenarios share, set up on first use: the cluster named with {@code KRAFTER_E2E_KUBECONFIG} +
 * {@code KRAFTER_E2E_CONTEXT}, else the local one ({@code local-cluster/cluster.sh up}); the broker and operator
 * images loaded, the operator installed with the Helm chart (settings {@link #OPERATOR_VALUES}), and the namespaces an
 * earlier run left deleted. Scenarios use their own namespaces so they do not see each other's resources.
 */
public final class ScenarioClusters {
    public static final String OPERATOR_IMAGE = System.getProperty(
            "krafter.operatorImage",
            "krafter/operator:" + System.getProperty("krafter.projectVersion", "0.1.0-SNAPSHOT"));
    /**
     * How long a pod problem lasts before its cluster is Stalled (S13): shorter than the 5-minute default so the
     * scenario ends sooner, long enough that a broker restarted on purpose (S5, S6, S9) is Ready again well before.
     */
    public static final Duration POD_PROBLEM_STALL_AFTER = Duration.ofMinutes(2);

    /**
     * The operator's settings for the scenarios: production defaults, with short observation periods, and two replicas
     * (one leads, one stands by) so a scenario can kill the leader.
     */
    public static final Map<String, String> OPERATOR_VALUES = Map.of(
            "replicas", "2",
            "operator.adminTimeout", "PT10S",
            "operator.topicResyncPeriod", "PT30S",
            "operator.groupObservationPeriod", "PT5S",
            "operator.podProblemStallAfter", ScenarioClusters.POD_PROBLEM_STALL_AFTER.toString());

    /**
     * The scenarios run on three nodes, each in a zone of its own: brokers spread over nodes and zones, pods talk
     * across nodes, and rack awareness has racks to use.
     */
    public static final int NODES = 3;

    private static KubernetesTestCluster cluster;
    private static String unavailable;
    private static RuntimeException failed;

    private ScenarioClusters() {}

    /**
     * The shared cluster. When it cannot be had here (no cluster, tool or image) the test is skipped with the reason,
     * or fails under CI. A set-up that failed otherwise (the operator did not install) fails every scenario. Either is
     * remembered, so the next test does not try again.
     */
    public static synchronized KubernetesTestCluster cluster() {
        if (cluster != null) {
            return cluster;
        }
        if (failed != null) {
            throw new IllegalStateException(
                    "setting up the cluster failed in an earlier test: " + failed.getMessage(), failed);
        }
        if (unavailable == null) {
            try {
                KubernetesTestCluster started = ClusterSetup.start(
                        E2eEnvironment.repoRoot(),
                        NODES,
                        OPERATOR_IMAGE,
                        List.of(E2eEnvironment.KAFKA_IMAGE),
                        OPERATOR_VALUES);
                started.deleteTestNamespaces();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-cluster-close"));
                cluster = started;
                return cluster;
            } catch (ClusterUnavailableException e) {
                unavailable = e.getMessage();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
        }
        E2eEnvironment.assumeTrue(false, "no cluster for the end-to-end scenarios: " + unavailable);
        throw new IllegalStateException("unreachable");
    }

    /** The cluster if a scenario has set it up, without setting it up. */
    public static synchronized Optional<KubernetesTestCluster> started() {
        return Optional.ofNullable(cluster);
    }

    /** The 3-node cluster S1 creates and the scenarios that leave its shape alone (S2, S3, S6, S8) share. */
    public static final String DEMO_NAMESPACE = "s1";

    public static final String DEMO_NAME = "demo";

    /**
     * The shared demo cluster on {@code cluster}, Ready: created from examples/kafkacluster-minimal.yaml (with a
     * NodePort listener, see {@link ScenarioSupport#minimalCluster}) by the first scenario that asks (which records
     * its time to Ready), reused by the others.
     */
    public static synchronized KafkaCluster readyDemo(TestCluster cluster) {
        if (cluster.get(KafkaCluster.class, DEMO_NAMESPACE, DEMO_NAME).isEmpty()) {
            Instant created = Instant.now();
            ScenarioSupport.createReadyCluster(cluster, ScenarioSupport.minimalCluster(DEMO_NAMESPACE, DEMO_NAME));
            TimingReport.record(
                    TimingReport.TIME_TO_READY_3_BROKERS,
                    cluster.backend(),
                    Duration.between(created, Instant.now()),
                    DEMO_NAMESPACE + "/" + DEMO_NAME);
        }
        return ScenarioSupport.awaitReady(cluster, DEMO_NAMESPACE, DEMO_NAME, cluster.patience());
    }
}
