package dev.krafter.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A KRaft Kafka cluster run by Krafter as StatefulSets of the project's broker image. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"kc"})
@Plural("kafkaclusters")
@AdditionalPrinterColumn(
        name = "Desired",
        jsonPath = ".spec.brokers.replicas",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 0)
@AdditionalPrinterColumn(
        name = "Ready Brokers",
        jsonPath = ".status.brokers.ready",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Version",
        jsonPath = ".status.kafkaVersion",
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
public class KafkaCluster extends CustomResource<KafkaClusterSpec, KafkaClusterStatus> implements Namespaced {
    @Override
    protected KafkaClusterSpec initSpec() {
        return new KafkaClusterSpec();
    }

    @Override
    protected KafkaClusterStatus initStatus() {
        return new KafkaClusterStatus();
    }
}
