package dev.krafter.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Kafka consumer group observed by Krafter: lag and its health, data lost or at risk from retention, one-shot
 * offset resets, and lag-driven scaling of the consuming workload. The group's offsets belong to its consumers; this
 * resource never fights them.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"kcg", "cg"})
@Plural("consumergroups")
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".spec.clusterRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Group",
        jsonPath = ".status.groupId",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Members", jsonPath = ".status.members", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.totalLag", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Lag Status",
        jsonPath = ".status.lagStatus",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Status",
        jsonPath = ".status.summary",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 0)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ConsumerGroup extends CustomResource<ConsumerGroupSpec, ConsumerGroupStatus> implements Namespaced {
    /** The Kafka group id: spec.groupId, or metadata.name when unset. */
    public String kafkaGroupId() {
        String fromSpec = getSpec() == null ? null : getSpec().getGroupId();
        return fromSpec == null || fromSpec.isEmpty() ? getMetadata().getName() : fromSpec;
    }

    @Override
    protected ConsumerGroupStatus initStatus() {
        return new ConsumerGroupStatus();
    }
}
