package dev.krafter.topic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.status.Health;
import dev.krafter.status.Reasons;
import dev.krafter.status.StatusPatch;
import dev.krafter.validation.SpecValidator;
import dev.krafter.validation.Validation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Optional;

/** Reconciles a Topic with its topic in Kafka. */
@ControllerConfiguration(name = "topic")
public class TopicReconciler implements Reconciler<Topic> {
    private final OperatorDependencies deps;
    private final ReconcileSupport support;

    public TopicReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
    }

    @Override
    public UpdateControl<Topic> reconcile(Topic topic, Context<Topic> context) {
        JsonNode before = StatusPatch.snapshot(topic.getStatus());
        Optional<KafkaCluster> cluster = topic.getSpec() == null || topic.getSpec().getClusterRef() == null
                ? Optional.empty()
                : Optional.ofNullable(deps.client().resources(KafkaCluster.class)
                        .inNamespace(topic.getMetadata().getNamespace())
                        .withName(topic.getSpec().getClusterRef().getName()).get());
        Validation validation = SpecValidator.validate(topic, cluster);
        if (!validation.isValid()) {
            return support.invalid(topic, before, validation);
        }
        topic.getStatus().setTopicName(topic.kafkaTopicName());
        if (cluster.isEmpty()) {
            return StatusPatch.conclude(topic, before, Health.progressing(Reasons.CLUSTER_NOT_FOUND,
                    "KafkaCluster " + topic.getSpec().getClusterRef().getName() + " does not exist in namespace "
                            + topic.getMetadata().getNamespace()), deps.clock());
        }
        return StatusPatch.conclude(topic, before, Health.progressing(Reasons.CLUSTER_NOT_READY,
                "topics are not reconciled with Kafka by this version yet"), deps.clock());
    }

    @Override
    public ErrorStatusUpdateControl<Topic> updateErrorStatus(Topic topic, Context<Topic> context, Exception e) {
        return support.error(topic, e);
    }
}
