package dev.krafter.operator;

import dev.krafter.events.EventRecorder;
import dev.krafter.kafka.KafkaAdmins;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** What the reconcilers share: built once in {@code app.KrafterOperator} (or by a test), passed to each reconciler. */
public record OperatorDependencies(
        KubernetesClient client,
        KafkaAdmins admins,
        EventRecorder events,
        MeterRegistry meters,
        Clock clock,
        OperatorConfig config) {}
