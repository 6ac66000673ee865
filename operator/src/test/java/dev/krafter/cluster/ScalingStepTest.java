package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.RebalanceSpec;
import dev.krafter.reassign.Assignment;
import dev.krafter.reassign.BrokerInfo;
import dev.krafter.reassign.PlanInput;
import dev.krafter.reassign.ReassignmentPlanner;
import dev.krafter.reassign.RebalanceRequest;
import dev.krafter.roll.KafkaSnapshot;
import dev.krafter.roll.PartitionState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ScalingStepTest {
    /**
     * Brokers 0-2 were on zones a, b, c; the pods of the scale-up's brokers 3-5 landed in zones a, a and b. As Kafka
     * reports broker.rack.
     */
    private static final Map<Integer, String> RACKS = Map.of(0, "a", 1, "b", 2, "c", 3, "a", 4, "a", 5, "b");

    @Test
    void brokersGetTheRackKafkaReportsAndNoneWhenKafkaReportsNone() {
        assertThat(ScalingStep.brokersWithRacks(List.of(1, 0), Map.of(0, "a", 1, "b", 7, "z")))
                .containsExactly(BrokerInfo.of(0, "a"), BrokerInfo.of(1, "b"));
        assertThat(ScalingStep.brokersWithRacks(List.of(0, 1), Map.of()))
                .containsExactly(BrokerInfo.of(0), BrokerInfo.of(1));
    }

    @Test
    void aScaleUpPlanForARackedClusterSpreadsEveryPartitionOverTheRacks() {
        Assignment before = threeBrokersOnThreeRacks();
        List<BrokerInfo> brokers =
                ScalingStep.brokersWithRacks(IntStream.range(0, 6).boxed().toList(), RACKS);
        RebalanceRequest request = RebalanceRequest.wholeCluster("ns/kafka", brokers, Set.of(), new RebalanceSpec(), 0);

        Assignment after = plan(before, request).target();

        for (TopicPartition partition : after.partitions()) {
            assertThat(racksOf(after.replicasOf(partition)))
                    .as(partition + " " + after.replicasOf(partition))
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
        assertThat(after.replicaCounts()).as("replicas per broker").containsKeys(3, 4, 5);
    }

    @Test
    void withoutTheRacksTheSameScaleUpPutsTwoReplicasOfAPartitionInOneZone() {
        Assignment before = threeBrokersOnThreeRacks();
        List<BrokerInfo> brokers =
                ScalingStep.brokersWithRacks(IntStream.range(0, 6).boxed().toList(), Map.of());
        RebalanceRequest request = RebalanceRequest.wholeCluster("ns/kafka", brokers, Set.of(), new RebalanceSpec(), 0);

        Assignment after = plan(before, request).target();

        assertThat(after.partitions())
                .anySatisfy(partition -> assertThat(Set.copyOf(racksOf(after.replicasOf(partition))))
                        .hasSizeLessThan(3));
    }

    @Test
    void theTotalOfMovesCarriesOnOnlyWithinTheSameOperation() {
        KafkaClusterStatus status = new KafkaClusterStatus();
        assertThat(ScalingStep.knownTotalMoves(status, ClusterReasons.REBALANCING))
                .isZero();
        OperationStatus op = new OperationStatus();
        op.setType(ClusterReasons.REBALANCING);
        op.setProgress("4/12");
        status.setOperation(op);
        assertThat(ScalingStep.knownTotalMoves(status, ClusterReasons.REBALANCING))
                .isEqualTo(12);
        assertThat(ScalingStep.knownTotalMoves(status, ClusterReasons.SCALING_DOWN))
                .isZero();
        op.setProgress("4/many");
        assertThat(ScalingStep.knownTotalMoves(status, ClusterReasons.REBALANCING))
                .isZero();
    }

    /** 12 partitions of replication factor 3 on brokers 0, 1, 2 (one per rack), leaders spread. */
    private static Assignment threeBrokersOnThreeRacks() {
        Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
        for (int p = 0; p < 12; p++) {
            replicas.put(new TopicPartition("orders", p), List.of(p % 3, (p + 1) % 3, (p + 2) % 3));
        }
        return Assignment.of(replicas);
    }

    private static dev.krafter.reassign.ReassignmentPlan plan(Assignment current, RebalanceRequest request) {
        return ReassignmentPlanner.plan(PlanInput.allTopics(
                current, request.brokers(), request.targetReplicationFactors(), request.drainedBrokers()));
    }

    private static List<String> racksOf(List<Integer> brokers) {
        return brokers.stream().map(RACKS::get).collect(Collectors.toList());
    }

    /**
     * Issue #15 item 11: a scale-up whose pods roll (1 or 2 to 3 brokers, or a version change with it) records
     * RollingRestart as the operation; the rebalance onto the new brokers must still run once the roll is over.
     */
    @Test
    void aScaleUpOverlappedByARollStillRebalancesOntoTheNewBrokers() {
        KafkaCluster cluster = ClusterFixtures.cluster("demo", 3, ControllersSpec.Mode.DEDICATED, 3);
        cluster.setStatus(Serialization.unmarshal("""
                {"operation": {"type": "RollingRestart", "phase": "restarting pod demo-broker-1"},
                 "rebalancePending": true}""", KafkaClusterStatus.class));
        ClusterTopology topology = ClusterTopology.of(cluster);
        StatefulSet brokers = new StatefulSetBuilder()
                .withNewMetadata()
                .withName(topology.brokerStatefulSet())
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .build();
        List<Pod> pods = IntStream.range(0, 3)
                .mapToObj(i -> new PodBuilder()
                        .withNewMetadata()
                        .withName(topology.brokerStatefulSet() + "-" + i)
                        .endMetadata()
                        .build())
                .toList();
        KafkaSnapshot kafka = new KafkaSnapshot(
                Set.of(0, 1, 2),
                Set.of(),
                OptionalInt.of(3000),
                Set.of(3000),
                Map.of(new TopicPartition("orders", 0), new PartitionState(List.of(0), List.of(0), 0, 1)),
                "27",
                Set.of(3000));
        ClusterFacts facts = new ClusterFacts(
                cluster,
                topology,
                new ObservedCluster(Optional.of(brokers), Optional.empty(), Optional.empty(), pods, Map.of()),
                new KafkaObservation(null, Optional.of(kafka), null));

        assertThat(ScalingStep.decide(facts).action()).isEqualTo(ScalePlanner.Action.REBALANCE);
    }

    /** Issue #15 item 11: a drain that moves nothing for spec.rebalance.progressTimeoutSeconds is reported Stalled. */
    @Test
    void aRebalanceThatMovesNothingForTheProgressTimeoutIsStalled() {
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        Duration timeout = Duration.ofMinutes(30);
        RebalanceWatch.Verdict first =
                RebalanceWatch.judge(null, ClusterReasons.SCALING_DOWN, "0/40", start, timeout, 1024L);
        assertThat(first.stalled()).isEmpty();
        OperationStatus previous = new OperationStatus();
        previous.setType(ClusterReasons.SCALING_DOWN);
        previous.setProgress("0/40");
        previous.setProgressAt(first.progressAt());

        assertThat(RebalanceWatch.judge(
                                previous,
                                ClusterReasons.SCALING_DOWN,
                                "0/40",
                                start.plus(Duration.ofMinutes(29)),
                                timeout,
                                1024L)
                        .stalled())
                .isEmpty();
        RebalanceWatch.Verdict stuck = RebalanceWatch.judge(
                previous, ClusterReasons.SCALING_DOWN, "0/40", start.plus(Duration.ofMinutes(31)), timeout, 1024L);
        assertThat(stuck.stalled())
                .hasValueSatisfying(m ->
                        assertThat(m).contains("31 minute(s)", "1024 B/s", "spec.rebalance.throttleBytesPerSecond"));
        RebalanceWatch.Verdict moved = RebalanceWatch.judge(
                previous, ClusterReasons.SCALING_DOWN, "1/40", start.plus(Duration.ofMinutes(31)), timeout, 1024L);
        assertThat(moved.stalled()).isEmpty();
        assertThat(moved.progressAt()).isEqualTo("2026-01-01T00:31:00Z");
    }
}
