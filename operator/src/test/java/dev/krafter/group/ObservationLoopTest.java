package dev.krafter.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KafkaClusterStatus;
import dev.krafter.status.Conditions;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** When registering a group asks its cluster's loop for an early cycle instead of waiting for the period. */
class ObservationLoopTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final ResourceID ORDERS = new ResourceID("orders", "ns");

    private final ObservationLoop loop = loop(cluster -> {
        throw new AssertionError("registering reaches no Kafka");
    });

    private static ObservationLoop loop(Function<KafkaCluster, Admin> admins) {
        return new ObservationLoop("ns/demo", admins, new GroupObserver(Duration.ofSeconds(1)), CLOCK, resources -> {});
    }

    private static KafkaCluster cluster(Health health) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withName("demo")
                .withNamespace("ns")
                .withGeneration(1L)
                .build());
        cluster.setStatus(new KafkaClusterStatus());
        cluster.getStatus().setConditions(Conditions.apply(null, health, 1, CLOCK));
        return cluster;
    }

    @Test
    void aNewGroupIsObservedEarlyAndAKnownOneWaitsForThePeriod() {
        KafkaCluster starting = cluster(Health.progressing("CreatingPods", "waiting for pods"));
        assertThat(loop.register(ORDERS, starting, "orders-g", 2)).isTrue();
        assertThat(loop.register(ORDERS, starting, "orders-g", 2)).isFalse();
        assertThat(loop.register(new ResourceID("orders-copy", "ns"), starting, "orders-g", 2))
                .as("a second resource for a group already observed")
                .isFalse();
    }

    @Test
    void aClusterThatTurnsReadyIsObservedEarlyOnce() {
        KafkaCluster starting = cluster(Health.progressing("CreatingPods", "waiting for pods"));
        KafkaCluster ready = cluster(Health.ready(Reasons.READY, "3 brokers ready"));
        loop.register(ORDERS, starting, "orders-g", 2);

        assertThat(loop.register(ORDERS, ready, "orders-g", 2))
                .as("the cluster turned Ready")
                .isTrue();
        assertThat(loop.register(ORDERS, ready, "orders-g", 2))
                .as("still Ready")
                .isFalse();
        assertThat(loop.register(ORDERS, starting, "orders-g", 2))
                .as("no longer Ready")
                .isFalse();
    }

    @Test
    void aGroupThatLeftAndComesBackStartsFromAFreshObservation() {
        ObservationLoop unreachable = loop(cluster -> {
            throw new IllegalStateException("Kafka is not there");
        });
        KafkaCluster ready = cluster(Health.ready(Reasons.READY, "3 brokers ready"));
        unreachable.register(ORDERS, ready, "orders-g", 2);
        unreachable.cycle();
        assertThat(unreachable.view("orders-g"))
                .hasValueSatisfying(v -> assertThat(v.snapshot().failed()).isTrue());

        unreachable.unregister(ORDERS);
        unreachable.register(ORDERS, ready, "orders-g", 2);

        assertThat(unreachable.view("orders-g"))
                .as("an observation from before the group left")
                .isEmpty();
    }
}
