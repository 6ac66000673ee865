package dev.krafter.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krafter.roll.RollDecision.Action;
import dev.krafter.testing.KafkaTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live broker config and the quorum side of the roll against a real KRaft cluster of three brokers, node 0 being
 * also the only controller (combined). (The 4.4 test kit cannot run three combined controllers: their UpdateVoter
 * exchange fails with INVALID_REQUEST; the multi-voter rules are covered by the unit tests.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerConfigsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestClusters.brokers(3)
                .combined()
                .productionMetadataVersion()
                .start();
        admin = cluster.admin();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        KafkaTestClusters.closeAll(admin, cluster);
    }

    @Test
    @Order(1)
    void kafkaDecidesWhichKeysAreDynamicAndWhichNeedARestart() throws Exception {
        Map<String, ConfigEntry> described = BrokerConfigs.describeBroker(admin, 0, TIMEOUT);

        ConfigPlan plan = BrokerConfigs.plan(
                Map.of(
                        "log.retention.ms", "3600000",
                        "message.max.bytes", "2097152",
                        "num.io.threads", "4",
                        "queued.max.requests", "250",
                        "auto.create.topics.enable", "false"),
                Map.of(),
                described);

        assertThat(plan.setLive()).containsOnlyKeys("log.retention.ms", "message.max.bytes", "num.io.threads");
        assertThat(plan.readOnly()).containsOnlyKeys("queued.max.requests", "auto.create.topics.enable");
        assertThat(plan.readOnlyHashInput()).isEqualTo("auto.create.topics.enable=false\nqueued.max.requests=250");
    }

    @Test
    @Order(2)
    void dynamicConfigIsAppliedLiveToEveryBrokerAndThenLeftAlone() throws Exception {
        Map<String, String> desired = Map.of("log.retention.ms", "3600000", "message.max.bytes", "2097152");
        ConfigPlan plan = BrokerConfigs.plan(desired, Map.of(), BrokerConfigs.describeBroker(admin, 0, TIMEOUT));

        BrokerConfigs.applyLive(admin, plan, TIMEOUT);

        for (int broker : List.of(0, 1, 2)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, ConfigEntry> config = BrokerConfigs.describeBroker(admin, broker, TIMEOUT);
                assertThat(config.get("log.retention.ms").value()).isEqualTo("3600000");
                assertThat(config.get("log.retention.ms").source())
                        .isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
                assertThat(config.get("message.max.bytes").value()).isEqualTo("2097152");
            });
        }
        ConfigPlan again = BrokerConfigs.plan(desired, plan.live(), BrokerConfigs.describeBroker(admin, 2, TIMEOUT));
        assertThat(again.hasLiveChanges()).isFalse();
    }

    @Test
    @Order(3)
    void aKeyRemovedFromTheSpecReturnsToKafkasValue() throws Exception {
        Map<String, String> applied = Map.of("log.retention.ms", "3600000", "message.max.bytes", "2097152");
        ConfigPlan plan = BrokerConfigs.plan(
                Map.of("log.retention.ms", "3600000"), applied, BrokerConfigs.describeBroker(admin, 1, TIMEOUT));
        assertThat(plan.deleteLive()).containsExactly("message.max.bytes");
        assertThat(plan.setLive()).isEmpty();

        BrokerConfigs.applyLive(admin, plan, TIMEOUT);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ConfigEntry entry = BrokerConfigs.describeBroker(admin, 1, TIMEOUT).get("message.max.bytes");
            assertThat(entry.source()).isNotEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            assertThat(entry.value()).isEqualTo("1048588");
        });
    }

    @Test
    @Order(4)
    void aBadValueFailsWithKafkasMessageAndChangesNothing() throws Exception {
        ConfigPlan plan = BrokerConfigs.plan(
                Map.of("log.retention.ms", "7200000", "message.max.bytes", "lots"),
                Map.of(),
                BrokerConfigs.describeBroker(admin, 0, TIMEOUT));

        assertThatThrownBy(() -> BrokerConfigs.applyLive(admin, plan, TIMEOUT))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .hasMessageContaining("message.max.bytes")
                .hasMessageContaining("lots");

        assertThat(BrokerConfigs.describeBroker(admin, 0, TIMEOUT)
                        .get("log.retention.ms")
                        .value())
                .isEqualTo("3600000");
    }

    @Test
    @Order(5)
    void theCombinedQuorumLeaderRollsAfterTheBrokers() throws Exception {
        KafkaSnapshot snapshot = KafkaSnapshot.read(admin, TIMEOUT);
        assertThat(snapshot.voters()).containsExactly(0);
        assertThat(snapshot.quorumLeader()).hasValue(0);
        assertThat(snapshot.caughtUpVoters()).containsExactly(0);
        assertThat(snapshot.registeredBrokers()).containsExactlyInAnyOrder(0, 1, 2);

        List<NodeState> nodes = List.of(
                new NodeState("kafka-0", 0, true, true, true, true, "config changed"),
                new NodeState("kafka-1", 1, false, true, true, true, "config changed"),
                new NodeState("kafka-2", 2, false, true, true, true, "config changed"));
        RollDecision first = RollPlanner.next(nodes, snapshot);
        assertThat(first.action()).isEqualTo(Action.RESTART);
        assertThat(first.podName()).isEqualTo("kafka-1");

        List<NodeState> onlyLeaderLeft = nodes.stream()
                .map(n -> new NodeState(
                        n.podName(), n.nodeId(), n.controller(), n.broker(), true, n.nodeId() == 0, n.outdatedReason()))
                .toList();
        RollDecision last = RollPlanner.next(onlyLeaderLeft, snapshot);
        assertThat(last.action()).isEqualTo(Action.RESTART);
        assertThat(last.podName()).isEqualTo("kafka-0");
    }
}
