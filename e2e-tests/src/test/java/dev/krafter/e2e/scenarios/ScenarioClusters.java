package dev.krafter.e2e.scenarios;

import dev.krafter.e2e.simulated.SimulatedTestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.operator.OperatorConfig;
import java.time.Duration;
import java.util.Map;

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

    /** The operator's settings for the scenarios: production defaults, with short observation periods. */
    public static OperatorConfig operatorConfig() {
        return OperatorConfig.fromEnvironment(Map.of(
                OperatorConfig.Setting.ADMIN_TIMEOUT.env, Duration.ofSeconds(10).toString(),
                OperatorConfig.Setting.TOPIC_RESYNC.env, Duration.ofSeconds(30).toString(),
                OperatorConfig.Setting.GROUP_OBSERVATION.env, Duration.ofSeconds(5).toString()));
    }
}
