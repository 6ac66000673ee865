package dev.krafter.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One stored object whose spec the Java model cannot hold (an integer beyond Java's int, stored before the schema had a
 * maximum) must not make the list the informer reads fail: it is read with its spec marked unreadable, naming the
 * field, and the other objects are read as usual.
 */
class UnreadableSpecTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static String group(String name, String autoscale) {
        return """
                {"apiVersion":"krafter.dev/v1alpha1","kind":"ConsumerGroup",
                 "metadata":{"name":"%s","namespace":"ns","generation":1},
                 "spec":{"clusterRef":{"name":"demo"},"autoscale":%s}}""".formatted(name, autoscale);
    }

    @Test
    void anIntegerBeyondJavasIntMarksTheSpecUnreadableAndTheListStillReads() {
        String bad = group("bad", """
                {"targetRef":{"kind":"Deployment","name":"w"},"maxReplicas":3,"lagPerReplica":10,
                 "cooldownSeconds":3000000000}""");
        String good = group("good", """
                {"targetRef":{"kind":"Deployment","name":"w"},"maxReplicas":3,"lagPerReplica":10}""");
        String list = "{\"apiVersion\":\"krafter.dev/v1alpha1\",\"kind\":\"ConsumerGroupList\",\"items\":[" + bad + ","
                + good + "]}";

        KubernetesResourceList<ConsumerGroup> read = SERIALIZATION.unmarshal(
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
                new TypeReference<DefaultKubernetesResourceList<ConsumerGroup>>() {});

        assertThat(read.getItems()).hasSize(2);
        ConsumerGroup badGroup = read.getItems().get(0);
        assertThat(badGroup.getMetadata().getName()).isEqualTo("bad");
        assertThat(badGroup.getSpec().unreadable())
                .hasValueSatisfying(
                        message -> assertThat(message)
                                .isEqualTo(
                                        "spec.autoscale.cooldownSeconds: 3000000000 is out of range: the largest value is 2147483647"));
        ConsumerGroup goodGroup = read.getItems().get(1);
        assertThat(goodGroup.getSpec().unreadable()).isEmpty();
        assertThat(goodGroup.getSpec().getAutoscale().getCooldownSeconds()).isEqualTo(300);
        assertThat(goodGroup.getSpec().getClusterRef().getName()).isEqualTo("demo");
    }

    @Test
    void everyKindIsReadWithAnUnreadableSpecRatherThanFailing() {
        Topic topic = SERIALIZATION.unmarshal("""
                {"apiVersion":"krafter.dev/v1alpha1","kind":"Topic","metadata":{"name":"t"},
                 "spec":{"clusterRef":{"name":"demo"},"partitions":4294967296}}""", Topic.class);
        assertThat(topic.getSpec().unreadable())
                .hasValue("spec.partitions: 4294967296 is out of range: the largest value is 2147483647");
        KafkaCluster cluster = SERIALIZATION.unmarshal("""
                {"apiVersion":"krafter.dev/v1alpha1","kind":"KafkaCluster","metadata":{"name":"k"},
                 "spec":{"version":"4.4.0","brokers":{"replicas":9999999999}}}""", KafkaCluster.class);
        assertThat(cluster.getSpec().unreadable())
                .hasValue("spec.brokers.replicas: 9999999999 is out of range: the largest value is 2147483647");
    }

    @Test
    void aCopyMadeBySerializingKeepsTheMark() {
        ConsumerGroup bad = SERIALIZATION.unmarshal(group("bad", """
                {"targetRef":{"kind":"Deployment","name":"w"},"maxReplicas":3,"lagPerReplica":10,
                 "cooldownSeconds":3000000000}"""), ConsumerGroup.class);
        ConsumerGroup copy = ReadableSpec.keepUnreadable(bad, SERIALIZATION.clone(bad));
        assertThat(copy.getSpec().unreadable())
                .isEqualTo(bad.getSpec().unreadable())
                .isPresent();
    }

    @Test
    void aReadableSpecSerializesAsBefore() {
        ConsumerGroup group = SERIALIZATION.unmarshal(group("g", """
                {"targetRef":{"kind":"Deployment","name":"w"},"maxReplicas":3,"lagPerReplica":10}"""), ConsumerGroup.class);
        assertThat(SERIALIZATION.asJson(group.getSpec())).doesNotContain("unreadable");
        assertThat(group.getSpec().unreadable()).isEmpty();
    }
}
