package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RollSafetyTest {

    @Test
    void brokerMayRestartWhenEveryPartitionKeepsMinIsrWithoutIt() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("orders", 0, List.of(0, 1, 2), List.of(0, 1, 2), 2)
                .partition("orders", 1, List.of(1, 2, 0), List.of(1, 2, 0), 2)
                .build();

        assertThat(RollSafety.blockers(0, snapshot)).isEmpty();
    }

    @Test
    void brokerIsRefusedWhenAPartitionWouldDropUnderMinIsr() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("orders", 0, List.of(0, 1, 2), List.of(0, 1), 2) // broker 2 already out of the ISR
                .partition("orders", 1, List.of(1, 2, 0), List.of(1, 2, 0), 2)
                .build();

        assertThat(RollSafety.blockers(0, snapshot))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("restarting broker 0", "under min.insync.replicas", "orders-0")
                        .doesNotContain("orders-1"));
        assertThat(RollSafety.blockers(1, snapshot)).isPresent();
        // broker 2 is not in the ISR of orders-0: restarting it changes nothing there, and orders-1 keeps 2 of 3
        assertThat(RollSafety.blockers(2, snapshot)).isEmpty();
    }

    @Test
    void replicationFactorEqualToMinIsrAlwaysRefuses() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("payments", 0, List.of(0, 1), List.of(0, 1), 2)
                .build();

        assertThat(RollSafety.blockers(0, snapshot)).isPresent();
        assertThat(RollSafety.blockers(1, snapshot)).isPresent();
        assertThat(RollSafety.blockers(2, snapshot)).isEmpty();
    }

    @Test
    void aPartitionAlreadyUnderMinIsrBlocksEveryBrokerHostingIt() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("orders", 0, List.of(0, 1, 2), List.of(0), 2)
                .build();

        assertThat(RollSafety.blockers(1, snapshot)).isPresent(); // broker 1 may be the first to catch up
        assertThat(RollSafety.blockers(0, snapshot))
                .hasValueSatisfying(reason -> assertThat(reason).contains("would go offline", "orders-0"));
    }

    @Test
    void minIsrAboveTheReplicationFactorCountsAsAllReplicasLikeKafkaDoes() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1, 2)
                .partition("wide", 0, List.of(0, 1), List.of(0, 1), 3)
                .build();

        assertThat(snapshot.partitions().get(new TopicPartition("wide", 0)).requiredIsr())
                .isEqualTo(2);
        assertThat(snapshot.underMinIsr()).isZero();
        assertThat(RollSafety.blockers(0, snapshot)).isPresent();
    }

    @Test
    void singleReplicaPartitionsAreReportedAsGoingOffline() {
        KafkaSnapshot snapshot = Snapshots.cluster()
                .brokers(0, 1)
                .partition("scratch", 0, List.of(1), List.of(1), 1)
                .build();

        RollSafety.BrokerImpact impact = RollSafety.brokerImpact(1, snapshot);
        assertThat(impact.offline()).containsExactly(new TopicPartition("scratch", 0));
        assertThat(impact.underMinIsr()).containsExactly(new TopicPartition("scratch", 0));
        assertThat(RollSafety.blockers(0, snapshot)).isEmpty();
    }

    @Test
    void longListsOfPartitionsAreShortened() {
        Snapshots builder = Snapshots.cluster().brokers(0, 1, 2);
        for (int p = 0; p < 25; p++) {
            builder.partition("t", p, List.of(0, 1, 2), List.of(0, 1), 2);
        }
        assertThat(RollSafety.blockers(0, builder.build()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("25 partition(s)", "and 15 more"));
    }

    @Test
    void controllerMayRestartWhileTheOthersKeepAMajority() {
        KafkaSnapshot snapshot = Snapshots.cluster().voters(0, 0, 1, 2).build();

        assertThat(RollSafety.quorumBlockers(1, Set.of(0, 1, 2), snapshot)).isEmpty();
    }

    @Test
    void controllerIsRefusedWhenTheQuorumWouldLoseItsMajority() {
        KafkaSnapshot snapshot = Snapshots.cluster().voters(0, 0, 1, 2).build();

        assertThat(RollSafety.quorumBlockers(1, Set.of(0, 1), snapshot))
                .hasValueSatisfying(reason -> assertThat(reason).contains("would leave 1 of 3 voters", "needs 2"));
    }

    @Test
    void aLaggingVoterDoesNotCountTowardsTheMajority() {
        KafkaSnapshot snapshot =
                Snapshots.cluster().voters(0, 0, 1, 2).caughtUp(0, 1).build();

        assertThat(RollSafety.quorumBlockers(1, Set.of(0, 1, 2), snapshot)).isPresent();
        assertThat(RollSafety.quorumBlockers(2, Set.of(0, 1, 2), snapshot)).isEmpty();
    }

    @Test
    void quorumsTooSmallToSurviveARestartStillRollWhenEveryOtherVoterIsHealthy() {
        assertThat(RollSafety.quorumBlockers(
                        0, Set.of(0), Snapshots.cluster().voters(0, 0).build()))
                .isEmpty();

        KafkaSnapshot two = Snapshots.cluster().voters(0, 0, 1).build();
        assertThat(RollSafety.quorumBlockers(1, Set.of(0, 1), two)).isEmpty();
        assertThat(RollSafety.quorumBlockers(1, Set.of(1), two)).isPresent();
    }
}
