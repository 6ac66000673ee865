package dev.krafter.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
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

/** Reconciles a ConsumerGroup: observes the group's lag and applies requested one-shot operations. */
@ControllerConfiguration(name = "consumergroup")
public class ConsumerGroupReconciler implements Reconciler<ConsumerGroup> {
    private final OperatorDependencies deps;
    private final ReconcileSupport support;

    public ConsumerGroupReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
    }

    @Override
    public UpdateControl<ConsumerGroup> reconcile(ConsumerGroup group, Context<ConsumerGroup> context) {
        JsonNode before = StatusPatch.snapshot(group.getStatus());
        Validation validation = SpecValidator.validate(group);
        if (!validation.isValid()) {
            return support.invalid(group, before, validation);
        }
        group.getStatus().setGroupId(group.kafkaGroupId());
        KafkaCluster cluster = deps.client().resources(KafkaCluster.class)
                .inNamespace(group.getMetadata().getNamespace())
                .withName(group.getSpec().getClusterRef().getName()).get();
        if (cluster == null) {
            return StatusPatch.conclude(group, before, Health.progressing(Reasons.CLUSTER_NOT_FOUND,
                    "KafkaCluster " + group.getSpec().getClusterRef().getName() + " does not exist in namespace "
                            + group.getMetadata().getNamespace()), deps.clock());
        }
        return StatusPatch.conclude(group, before, Health.progressing(Reasons.CLUSTER_NOT_READY,
                "consumer groups are not observed by this version yet"), deps.clock());
    }

    @Override
    public ErrorStatusUpdateControl<ConsumerGroup> updateErrorStatus(ConsumerGroup group, Context<ConsumerGroup> context,
            Exception e) {
        return support.error(group, e);
    }
}
