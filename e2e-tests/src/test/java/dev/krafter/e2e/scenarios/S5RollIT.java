package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ApiGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * S5 rolling restart under transactions: on its own 3-node combined cluster, with a transactional producer committing
 * batches and a read_committed consumer reading them throughout, a change of a broker config Kafka marks read-only
 * rolls the cluster one pod at a time, the active quorum leader last; no partition of the RF 3 / min ISR 2 topic ever
 * drops below min ISR; the status reports the roll with its progress, then Ready; Kafka serves the new value. Then
 * the {@code krafter.dev/restart} annotation rolls it again the same way. Afterwards every committed transaction was
 * read exactly once and nothing aborted was read. Records the time per broker (pod deleted → back in every ISR) and
 * per roll.
 */
class S5RollIT {
    static final String NS = "s5";
    static final String NAME = "roll";
    static final String TOPIC = "s5-transactions";
    static final int MIN_ISR = 2;
    /** Broker configs Kafka 4.4 marks read-only (checked against describeConfigs before use), harmless to change. */
    static final List<String> READ_ONLY_CANDIDATES = List.of("queued.max.requests", "socket.request.max.bytes");

    @Test
    void readOnlyConfigAndRestartAnnotationRollOnePodAtATimeUnderTransactions() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        ScenarioSupport.createFreshReadyCluster(cluster, ScenarioSupport.minimalCluster(NS, NAME));
        String bootstrap = cluster.bootstrapAddress(NS, NAME, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            ScenarioSupport.createTopics(
                    admin,
                    new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", String.valueOf(MIN_ISR))));
            ConfigEntry readOnly = readOnlyConfig(admin);
            String newValue = String.valueOf(Long.parseLong(readOnly.value()) + 1);

            try (TransactionalWorkload workload = TransactionalWorkload.start(bootstrap, TOPIC, "s5-producer")) {
                await().atMost(cluster.patience())
                        .until(() -> workload.committedCount() >= 5 && workload.consumedCount() > 0);

                roll(cluster, admin, "config " + readOnly.name(), false, k -> {
                    k.getSpec().getBrokers().getConfig().put(readOnly.name(), newValue);
                    return k;
                });
                for (int broker = 0; broker < 3; broker++) {
                    assertThat(brokerConfig(admin, broker, readOnly.name()).value())
                            .as("%s on broker %d after the roll", readOnly.name(), broker)
                            .isEqualTo(newValue);
                }

                // This roll loses its operator leader after the first pod: the standby replica carries it on.
                roll(cluster, admin, "restart annotation", true, k -> {
                    Map<String, String> annotations = new HashMap<>(
                            k.getMetadata().getAnnotations() == null
                                    ? Map.of()
                                    : k.getMetadata().getAnnotations());
                    annotations.put(ApiGroup.RESTART_ANNOTATION, Instant.now().toString());
                    k.getMetadata().setAnnotations(annotations);
                    return k;
                });

                workload.stop(cluster.patience());
                workload.assertExactlyOnce("S5, both rolls", 20);
            }
        }
        ScenarioSupport.deleteCluster(cluster, NS, NAME);
    }

    /**
     * Applies {@code change} and follows the roll it causes: pod deletion order against the quorum leader seen before,
     * ISR never under min ISR, the status reporting RollingRestart with progress, then Ready. Records the timings.
     * With {@code killLeaderMidway}, the operator replica leading is killed once the first pod was deleted, and
     * another replica must take the Lease and finish the roll: each pod still deleted once, in the same order.
     */
    private static void roll(
            TestCluster cluster,
            Admin admin,
            String cause,
            boolean killLeaderMidway,
            UnaryOperator<KafkaCluster> change)
            throws Exception {
        int leader = admin.describeMetadataQuorum()
                .quorumInfo()
                .get(1, TimeUnit.MINUTES)
                .leaderId();
        String sts = ClusterNames.brokers(NAME);
        List<String> expectedOrder = new ArrayList<>();
        IntStream.range(0, 3)
                .filter(id -> id != leader)
                .forEach(id -> expectedOrder.add(ClusterNames.podName(sts, id)));
        expectedOrder.add(ClusterNames.podName(sts, leader));

        try (RollWatch watch = RollWatch.start(cluster, NS, NAME);
                IsrMonitor isr = IsrMonitor.start(admin, TOPIC, MIN_ISR)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !isr.samples().isEmpty());
            Instant started = Instant.now();
            cluster.edit(KafkaCluster.class, NS, NAME, change);
            System.out.printf("S5: %s applied at %s%n", cause, started);
            if (killLeaderMidway) {
                await().atMost(cluster.patience())
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> !watch.deletions().isEmpty());
                String killed = cluster.killOperatorLeader();
                String successor = await().atMost(cluster.patience())
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                cluster::operatorLeader,
                                l -> l.isPresent() && !l.get().equals(killed))
                        .orElseThrow();
                System.out.printf(
                        "S5: operator leader %s killed after %s was deleted; %s leads now%n",
                        killed, watch.deletions().get(0).pod(), successor);
            }
            await().atMost(cluster.patience().multipliedBy(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> watch.deletions().size() >= 3);
            ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());
            // The last broker back in every ISR.
            RollWatch.Deletion last = watch.deletions().get(watch.deletions().size() - 1);
            await().atMost(cluster.patience())
                    .until(() -> isr.backInIsr(brokerOf(last.pod()), last.at()).isPresent());
            Instant settled = Instant.now();

            assertThat(watch.deletedPods())
                    .as("pods deleted by the %s roll, in order (quorum leader before: %d)", cause, leader)
                    .containsExactlyElementsOf(expectedOrder);
            assertThat(isr.samples().size())
                    .as("ISR samples taken during the roll")
                    .isGreaterThan(20);
            assertThat(isr.underMinIsr())
                    .as("partitions of %s under min ISR %d during the roll", TOPIC, MIN_ISR)
                    .isEmpty();
            Set<String> progress = watch.statuses().stream()
                    .filter(s -> ClusterReasons.ROLLING_RESTART.equals(s.reconcilingReason())
                            && ClusterReasons.ROLLING_RESTART.equals(s.operationType()))
                    .map(RollWatch.StatusSeen::progress)
                    .collect(Collectors.toSet());
            assertThat(progress)
                    .as("status.operation.progress while Reconciling=True RollingRestart; seen: %s", watch.statuses())
                    .contains("1/3", "2/3");

            for (RollWatch.Deletion deletion : watch.deletions()) {
                int broker = brokerOf(deletion.pod());
                Duration back = isr.backInIsr(broker, deletion.at())
                        .orElseThrow(() -> new AssertionError("broker " + broker
                                + " was never seen leaving and rejoining the ISR after its pod was deleted"));
                TimingReport.record(
                        TimingReport.BROKER_ROLL,
                        cluster.backend(),
                        back,
                        NS + "/" + NAME + " broker " + broker + " (" + cause + ")");
            }
            TimingReport.record(
                    TimingReport.WHOLE_ROLL,
                    cluster.backend(),
                    Duration.between(started, settled),
                    NS + "/" + NAME + " 3 brokers (" + cause + ")");
        }
    }

    private static int brokerOf(String pod) {
        return Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    }

    /** The first candidate that Kafka itself reports read-only on broker 0. */
    private static ConfigEntry readOnlyConfig(Admin admin) throws Exception {
        for (String name : READ_ONLY_CANDIDATES) {
            ConfigEntry entry = brokerConfig(admin, 0, name);
            if (entry != null && entry.isReadOnly()) {
                return entry;
            }
        }
        throw new AssertionError("none of " + READ_ONLY_CANDIDATES + " is read-only in this Kafka");
    }

    private static ConfigEntry brokerConfig(Admin admin, int broker, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker));
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(1, TimeUnit.MINUTES)
                .get(resource);
        return config.get(name);
    }
}
