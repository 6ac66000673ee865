package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.kafka.ClusterSessions;
import dev.krafter.roll.KafkaSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KafkaObservationTest {
    private static final KafkaCluster RESOURCE = cluster("demo", 3, Mode.COMBINED, 3);
    private static final ClusterTopology TOPOLOGY = ClusterTopology.of(RESOURCE);

    @Test
    void kafkaIsNotAskedBeforeABrokerPodIsReady() {
        AtomicInteger asked = new AtomicInteger();
        try (ClusterSessions admins = new ClusterSessions(
                c -> {
                    asked.incrementAndGet();
                    return "unused:9091";
                },
                Duration.ofSeconds(1))) {
            KafkaObservation creating = KafkaObservation.read(
                    admins,
                    RESOURCE,
                    TOPOLOGY,
                    new ObservedCluster(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of()),
                    Duration.ofSeconds(1));
            StatefulSet set = ClusterObjects.brokerStatefulSet(
                    RESOURCE,
                    TOPOLOGY,
                    new ClusterObjects.NodeSetInputs("krafter/kafka:4.4.0", "id", 3, Map.of(), null));
            KafkaObservation starting = KafkaObservation.read(
                    admins,
                    RESOURCE,
                    TOPOLOGY,
                    new ObservedCluster(
                            Optional.of(set),
                            Optional.empty(),
                            Optional.empty(),
                            List.of(pod("demo-broker-0", false), pod("demo-broker-1", false)),
                            Map.of()),
                    Duration.ofSeconds(1));

            assertThat(creating.snapshot()).isEmpty();
            assertThat(creating.problem()).isEqualTo("the cluster's pods are being created");
            assertThat(starting.problem()).isEqualTo("no broker pod is ready yet");
            assertThat(starting.admin()).isNull();
            assertThat(asked).hasValue(0);
        }
    }

    @Test
    void configIsDescribedOnTheLowestServingBrokerWithAReadyPodAndCreationEndsWhenEveryBrokerServes() {
        KafkaObservation oneFenced = observed(Set.of(0, 1, 2), Set.of(0));
        KafkaObservation allServing = observed(Set.of(0, 1, 2), Set.of());

        List<Pod> allReady =
                List.of(pod("demo-broker-0", true), pod("demo-broker-1", true), pod("demo-broker-2", true));
        assertThat(oneFenced.configSource(TOPOLOGY, allReady)).isEqualTo(OptionalInt.of(1));
        assertThat(allServing.configSource(TOPOLOGY, List.of(pod("demo-broker-0", false), pod("demo-broker-1", true))))
                .isEqualTo(OptionalInt.of(1));
        assertThat(oneFenced.everyBrokerServing(TOPOLOGY)).isFalse();
        assertThat(allServing.everyBrokerServing(TOPOLOGY)).isTrue();
        assertThat(observed(Set.of(0, 1), Set.of()).everyBrokerServing(TOPOLOGY))
                .isFalse();
        assertThat(KafkaObservation.unreachable(null, "down").configSource(TOPOLOGY, allReady))
                .isEmpty();
        assertThat(allServing.problemOrEmpty()).isEmpty();
    }

    @Test
    void kafkaNotAnsweringBehindAReadyPodIsTheBootstrapNameLaggingNotAnOutage() {
        KafkaObservation unreachable = KafkaObservation.unreachable(null, "No resolvable bootstrap urls");
        assertThat(unreachable.behindReadyPods(List.of(pod("demo-broker-0", false), pod("demo-broker-1", true))))
                .isTrue();
        assertThat(unreachable.behindReadyPods(List.of(pod("demo-broker-0", false))))
                .as("no pod ready yet")
                .isFalse();
        assertThat(observed(Set.of(0, 1, 2), Set.of()).behindReadyPods(List.of(pod("demo-broker-0", true))))
                .as("Kafka answered")
                .isFalse();
    }

    private static KafkaObservation observed(Set<Integer> registered, Set<Integer> fenced) {
        return new KafkaObservation(
                null,
                Optional.of(new KafkaSnapshot(
                        registered, fenced, OptionalInt.of(0), Set.of(0, 1, 2), Map.of(), null, Set.of(0, 1, 2))),
                null);
    }

    private static Pod pod(String name, boolean ready) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus(ready ? "True" : "False")
                        .build())
                .endStatus()
                .build();
    }
}
