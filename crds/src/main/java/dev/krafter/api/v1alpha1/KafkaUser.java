package dev.krafter.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Kafka user: its credentials (a client certificate or a SCRAM-SHA-512 password, in a Secret named after the
 * resource), its ACLs and its quotas, kept in Kafka as the spec says.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"ku"})
@Plural("kafkausers")
@AdditionalPrinterColumn(
        name = "Cluster",
        jsonPath = ".spec.clusterRef.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "User",
        jsonPath = ".status.userName",
        type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Authentication",
        jsonPath = ".spec.authentication.type",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ACLs", jsonPath = ".status.acls", type = AdditionalPrinterColumn.Type.INTEGER)
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
public class KafkaUser extends CustomResource<KafkaUserSpec, KafkaUserStatus> implements Namespaced {
    /** The Kafka user name (principal {@code User:<name>}): spec.userName, or metadata.name when unset. */
    public String kafkaUserName() {
        String fromSpec = getSpec() == null ? null : getSpec().getUserName();
        return fromSpec == null || fromSpec.isEmpty() ? getMetadata().getName() : fromSpec;
    }

    @Override
    protected KafkaUserStatus initStatus() {
        return new KafkaUserStatus();
    }
}
