package dev.krafter.e2e.scenarios;

import dev.krafter.e2e.k3s.K3sTestCluster;
import dev.krafter.e2e.support.E2eEnvironment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scenarios on real Kubernetes (k3s in a container, operator installed with the Helm chart). Skipped with the
 * reason where no k3s image, helm binary or operator image can be had (as in the offline build environment).
 */
class K3sScenariosIT {
    static final String OPERATOR_IMAGE = System.getProperty("krafter.operatorImage", "krafter/operator:0.1.0-SNAPSHOT");
    private static K3sTestCluster cluster;

    /** Per test, so each skipped scenario is reported with the reason; k3s starts once, on first use. */
    @BeforeEach
    void startOnce() {
        if (cluster != null) {
            return;
        }
        Optional<String> unavailable = K3sTestCluster.unavailableReason();
        E2eEnvironment.assumeTrue(unavailable.isEmpty(), "skipped: the k3s suite cannot run here: " + unavailable.orElse(""));
        E2eEnvironment.assumeKafkaImage();
        E2eEnvironment.assumeImage(OPERATOR_IMAGE, "build it with operator/build-image.sh");
        cluster = K3sTestCluster.start(E2eEnvironment.repoRoot().resolve("helm-chart/krafter"), OPERATOR_IMAGE,
                E2eEnvironment.KAFKA_IMAGE);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void s1CreateClusterBecomesReadyAndServesClients() throws Exception {
        S1CreateClusterIT.run(cluster);
    }

    @Test
    void s2TopicsLandInKafkaChangeLiveAndGrow() throws Exception {
        S2TopicsIT.run(cluster);
    }

    @Test
    void s3GroupLagMatchesKafkaToolsAndResetAppliesOnce() throws Exception {
        S3GroupsIT.run(cluster);
    }

    @Test
    void s6KilledBrokerLeavesReadyAndReturnsWithoutLoss() throws Exception {
        S6ChaosIT.run(cluster);
    }

    @Test
    void s8InvalidInputIsRefusedOrExplained() throws Exception {
        S8BadInputIT.run(cluster);
    }

    /** S4 on k3s; S7 (operator restart) needs the in-process operator of the simulated cluster and runs there only. */
    @Test
    void s4ScaleThreeToFourToThreeUnderLoad() throws Exception {
        try {
            S4ScaleIT.runScale(cluster);
        } finally {
            ScenarioSupport.deleteCluster(cluster, S4ScaleIT.NS, S4ScaleIT.NAME);
        }
    }

    @Test
    void s5RollUnderTransactions() throws Exception {
        S5RollIT.run(cluster);
    }

    @Test
    void s9UpgradeAndImageChange() throws Exception {
        S9UpgradeIT.prepareImages();
        S9UpgradeIT.run(cluster);
    }

    /**
     * S10 on k3s with the NodePort listener only: k3s' service load balancer (ServiceLB) binds each LoadBalancer
     * Service's port on the node's own address, so on a single node only one of the per-broker Services with the same
     * listener port gets an address, and the brokers would wait for theirs forever.
     */
    @Test
    void s10NodePortListenerServesClientsFromOutside() throws Exception {
        S10ExternalListenersIT.run(cluster, List.of(S10ExternalListenersIT.NODE_PORT), false);
    }
}
