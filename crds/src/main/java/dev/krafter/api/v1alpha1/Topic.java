package dev.krafter.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Kafka topic whose partitions, replication factor and config Krafter keeps as the spec says. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"kt"})
@Plural("topics")
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".spec.clusterRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Topic", jsonPath = ".status.topicName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Partitions",
        jsonPath = ".status.partitions",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "RF",
        jsonPath = ".status.replicationFactor",
        type = AdditionalPrinterColumn.Type.INTEGER)
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
public class Topic extends CustomResource<TopicSpec, TopicStatus> implements Namespaced {
    /** The Kafka topic name: spec.topicName, or metadata.name when unset. */
    public String kafkaTopicName() {
        String fromSpec = getSpec() == null ? null : getSpec().getTopicName();
        return fromSpec == null || fromSpec.isEmpty() ? getMetadata().getName() : fromSpec;
    }

    @Override
    protected TopicStatus initStatus() {
        return new TopicStatus();
    }
}
