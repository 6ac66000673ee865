package dev.krafter.e2e.scenarios;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import dev.krafter.e2e.simulated.SimulatedTestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.operator.OperatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one simulated cluster all scenarios share (started on first use, with the operator running in this JVM; it
 * is removed when the JVM exits). Scenarios use their own namespaces so they do not see each other's resources.
 */
public final class ScenarioClusters {
    private static SimulatedTestCluster simulated;

    private ScenarioClusters() {
    }

    /** Skips (with the reason) when Docker, the broker image or the hosts-file DNS are missing. */
    public static synchronized SimulatedTestCluster simulated() {
        E2eEnvironment.assumeDocker();
        E2eEnvironment.assumeKafkaImage();
        E2eEnvironment.assumeHostsFile();
        if (simulated == null) {
            simulated = SimulatedTestCluster.start();
            simulated.startOperator(operatorConfig());
        }
        return simulated;
    }

    /** The simulated cluster if a scenario has started it, without starting it. */
    public static synchronized Optional<SimulatedTestCluster> started() {
        return Optional.ofNullable(simulated);
    }

    /** The 3-node cluster S1 creates and the scenarios that leave its shape alone (S2, S3, S8) share. */
    public static final String DEMO_NAMESPACE = "s1";
    public static final String DEMO_NAME = "demo";

    /**
     * The shared demo cluster on {@code cluster}, Ready: created from examples/kafkacluster-minimal.yaml by the first
     * scenario that asks (which records its time to Ready), reused by the others.
     */
    public static synchronized KafkaCluster readyDemo(TestCluster cluster) {
        if (cluster.get(KafkaCluster.class, DEMO_NAMESPACE, DEMO_NAME).isEmpty()) {
            Instant created = Instant.now();
            ScenarioSupport.createReadyCluster(cluster, ScenarioSupport.minimalCluster(DEMO_NAMESPACE, DEMO_NAME));
            TimingReport.record(TimingReport.TIME_TO_READY_3_BROKERS, cluster.backend(),
                    Duration.between(created, Instant.now()), DEMO_NAMESPACE + "/" + DEMO_NAME);
        }
        return ScenarioSupport.awaitReady(cluster, DEMO_NAMESPACE, DEMO_NAME, cluster.patience());
    }

    /** The operator's settings for the scenarios: production defaults, with short observation periods. */
    public static OperatorConfig operatorConfig() {
        return OperatorConfig.fromEnvironment(Map.of(
                OperatorConfig.Setting.ADMIN_TIMEOUT.env, Duration.ofSeconds(10).toString(),
                OperatorConfig.Setting.TOPIC_RESYNC.env, Duration.ofSeconds(30).toString(),
                OperatorConfig.Setting.GROUP_OBSERVATION.env, Duration.ofSeconds(5).toString()));
    }
}
