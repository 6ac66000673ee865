package dev.krafter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.operator.OperatorDependencies;
import dev.krafter.operator.ReconcileSupport;
import dev.krafter.status.Health;
import dev.krafter.status.StatusPatch;
import dev.krafter.validation.SpecValidator;
import dev.krafter.validation.Validation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Reconciles a KafkaCluster: validates the spec, then drives the cluster towards it and reports its health. */
@ControllerConfiguration(name = "kafkacluster")
public class KafkaClusterReconciler implements Reconciler<KafkaCluster> {
    private final OperatorDependencies deps;
    private final ReconcileSupport support;

    public KafkaClusterReconciler(OperatorDependencies deps) {
        this.deps = deps;
        this.support = new ReconcileSupport(deps);
    }

    @Override
    public UpdateControl<KafkaCluster> reconcile(KafkaCluster cluster, Context<KafkaCluster> context) {
        JsonNode before = StatusPatch.snapshot(cluster.getStatus());
        Validation validation = SpecValidator.validate(cluster);
        if (!validation.isValid()) {
            return support.invalid(cluster, before, validation);
        }
        return StatusPatch.conclude(cluster, before, Health.progressing("Creating",
                "the cluster's StatefulSets and Services are not built by this version yet"), deps.clock());
    }

    @Override
    public ErrorStatusUpdateControl<KafkaCluster> updateErrorStatus(KafkaCluster cluster, Context<KafkaCluster> context,
            Exception e) {
        return support.error(cluster, e);
    }
}
