package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.StorageSpec;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * S17 renewed certificates reach the KRaft quorum: a cluster with internal TLS (the default for a new cluster), three
 * brokers and one dedicated controller on persistent storage (the cheapest shape with a dedicated controller). Deleting the
 * {@code <cluster>-node-certs} Secret makes the operator issue every node certificate again, as a renewal does. Kafka
 * 4.4.0 loads the controller listener's certificate only at start (a dedicated controller has no live reload at all,
 * and every node's client connection to the controllers keeps the certificate it started with), so every node restarts
 * through the roll: the controller first, then the brokers one at a time, no partition of an acks=all topic under
 * min.insync.replicas, each pod exactly once, and the pods created after the renewal are left alone; a transactional
 * producer and a read_committed consumer running throughout lose nothing and read nothing twice. Afterwards every
 * broker still follows the quorum, on new connections made with the new certificates.
 */
class S17QuorumCertificatesIT {
    static final String NS = "s17";
    static final String NAME = "quorum-certs";
    static final String TOPIC = "s17-orders";
    static final int MIN_ISR = 2;

    @Test
    void renewedNodeCertificatesRestartEveryNodeOnceControllerFirstKeepingTheQuorumAndEveryIsr() throws Exception {
        run(ScenarioClusters.cluster());
    }

    static void run(TestCluster cluster) throws Exception {
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        resource.getSpec().getControllers().setMode(ControllersSpec.Mode.DEDICATED);
        resource.getSpec().getControllers().setReplicas(1);
        // A lone voter keeps its metadata log across its restart (on ephemeral storage it would be refused).
        StorageSpec durable = new StorageSpec();
        durable.setType(StorageSpec.Type.PERSISTENT);
        durable.setSize("1Gi");
        durable.setDeleteClaim(true);
        resource.getSpec().getControllers().setStorage(durable);
        resource.getSpec()
                .getControllers()
                .setResources(resource.getSpec().getBrokers().getResources());
        try {
            KafkaCluster ready = ScenarioSupport.createReadyCluster(cluster, resource);
            assertThat(ready.getStatus().getInternalTls())
                    .as("a new cluster gets internal TLS")
                    .isTrue();
            String bootstrap = cluster.bootstrapAddress(NS, NAME, ScenarioSupport.EXTERNAL_LISTENER);
            String controller = ClusterNames.podName(ClusterNames.controllers(NAME), 0);
            List<String> expectedOrder = List.of(
                    controller,
                    ClusterNames.podName(ClusterNames.brokers(NAME), 0),
                    ClusterNames.podName(ClusterNames.brokers(NAME), 1),
                    ClusterNames.podName(ClusterNames.brokers(NAME), 2));
            try (Admin admin = ScenarioSupport.admin(bootstrap)) {
                ScenarioSupport.createTopicIfMissing(
                        admin,
                        new NewTopic(TOPIC, 3, (short) 3)
                                .configs(Map.of("min.insync.replicas", Integer.toString(MIN_ISR))));
                Uuid topicId = topicId(admin);
                // Pods running on certificates issued before they started: nothing restarts by itself, checked over
                // the workload's warm-up and at least 15 s.
                Map<String, String> before = ScenarioSupport.podIncarnations(cluster, NS, NAME);
                long quietUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();

                try (RollWatch watch = RollWatch.start(cluster, NS, NAME);
                        IsrMonitor isr = IsrMonitor.start(admin, TOPIC, MIN_ISR);
                        TransactionalWorkload workload =
                                TransactionalWorkload.start(bootstrap, TOPIC, "s17-producer")) {
                    await().atMost(cluster.patience())
                            .until(() -> !isr.samples().isEmpty()
                                    && workload.committedCount() >= 5
                                    && workload.consumedCount() > 0
                                    && System.nanoTime() > quietUntil);
                    assertThat(ScenarioSupport.podIncarnations(cluster, NS, NAME))
                            .as("pods before the renewal")
                            .isEqualTo(before);
                    cluster.client()
                            .secrets()
                            .inNamespace(NS)
                            .withName(ClusterNames.nodeCertificates(NAME))
                            .delete();

                    await().atMost(cluster.patience().multipliedBy(3))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> watch.deletions().size() >= expectedOrder.size());
                    ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());
                    assertThat(topicId(admin))
                            .as("id of %s after the controller restarted: the metadata survived", TOPIC)
                            .isEqualTo(topicId);
                    workload.stop(Duration.ofMinutes(2));
                    workload.assertExactlyOnce("S17, every node restarted for renewed certificates", 10);

                    // The controller first; the brokers one at a time in any order the ISRs allow.
                    assertThat(watch.deletedPods())
                            .as("pods restarted for the renewed certificates, in order")
                            .hasSize(expectedOrder.size())
                            .startsWith(controller)
                            .containsExactlyInAnyOrderElementsOf(expectedOrder);
                    assertThat(isr.underMinIsr())
                            .as("partitions of %s under min ISR during the roll", TOPIC)
                            .isEmpty();
                    assertThat(watch.statuses())
                            .as("status.operation while restarting")
                            .anySatisfy(
                                    s -> assertThat(s.phase()).isNotNull().endsWith("to load renewed certificates"));
                }
                List<Event> restarts = cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
                        .filter(e -> ClusterReasons.RESTARTING_POD.equals(e.getReason()))
                        .toList();
                assertThat(restarts)
                        .extracting(Event::getMessage)
                        .anySatisfy(m -> assertThat(m)
                                .startsWith("restarting pod " + controller + ":")
                                .contains("node certificate was renewed")
                                .contains("KAFKA-20583"));

                // The pods created after the renewal have the new files: no second round. Ready already needed the
                // operator to look at every new pod; 20 s more covers the reconciles their readiness triggers.
                Map<String, String> after = ScenarioSupport.podIncarnations(cluster, NS, NAME);
                ScenarioSupport.sleep(Duration.ofSeconds(20));
                assertThat(ScenarioSupport.podIncarnations(cluster, NS, NAME)).isEqualTo(after);

                // Every broker follows the controller on connections made with the new certificates. A restarted broker
                // on ephemeral storage comes back with a new directory id, and the leader lists its old incarnation as
                // an observer until that expires: judge each broker by its furthest entry.
                QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(1, TimeUnit.MINUTES);
                assertThat(quorum.leaderId()).isEqualTo(3000);
                long leaderEnd = quorum.voters().get(0).logEndOffset();
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                    Map<Integer, Long> furthest =
                            admin.describeMetadataQuorum().quorumInfo().get(1, TimeUnit.MINUTES).observers().stream()
                                    .collect(Collectors.toMap(
                                            QuorumInfo.ReplicaState::replicaId,
                                            QuorumInfo.ReplicaState::logEndOffset,
                                            Math::max));
                    assertThat(furthest)
                            .as("furthest metadata offset of each observer")
                            .containsOnlyKeys(0, 1, 2)
                            .allSatisfy((id, end) -> assertThat(end).isGreaterThanOrEqualTo(leaderEnd));
                });
            }
        } finally {
            ScenarioSupport.deleteCluster(cluster, NS, NAME);
        }
    }

    private static Uuid topicId(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(1, TimeUnit.MINUTES)
                .get(TOPIC)
                .topicId();
    }
}
