package dev.krafter.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.testing.OperatorTestEnvironment;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link StatusPatch#writeNow} on the mock API server with the CRDs registered (status is a subresource). */
class StatusWriteNowTest {
    private static final String NS = "status";

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = OperatorTestEnvironment.newCrudServer();
        server.init();
        client = server.createClient();
        OperatorTestEnvironment.registerCrds(client);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void writesTheStatusOfAResourceThatGotItsFinalizerAndNoStatusYet() {
        Topic created = create("fresh");
        Topic withFinalizer = client.resource(created).edit(t -> {
            t.addFinalizer("topics.krafter.dev/finalizer");
            return t;
        });

        withFinalizer.setStatus(status("Ready", 3));
        StatusPatch.writeNow(client, withFinalizer);

        Topic stored = get("fresh");
        assertThat(stored.getStatus().getPartitions()).isEqualTo(3);
        assertThat(stored.getStatus().getTopicName()).isEqualTo("Ready");
        assertThat(stored.getMetadata().getFinalizers()).containsExactly("topics.krafter.dev/finalizer");
    }

    @Test
    void replacesTheWholeStoredStatusSoClearedFieldsGoAway() {
        Topic topic = create("replaced");
        topic.setStatus(status("first", 6));
        topic.getStatus().setManagedConfigKeys(List.of("retention.ms"));
        StatusPatch.writeNow(client, topic);

        topic.setStatus(status("second", null));
        StatusPatch.writeNow(client, topic);

        TopicStatus stored = get("replaced").getStatus();
        assertThat(stored.getTopicName()).isEqualTo("second");
        assertThat(stored.getPartitions()).isNull();
        assertThat(stored.getManagedConfigKeys()).isNullOrEmpty();
    }

    @Test
    void aControlThatPatchesStatusIsWrittenAndHandedBackWithoutThePatchButWithItsReschedule() {
        Topic topic = create("control");
        topic.setStatus(status("controlled", 1));

        UpdateControl<Topic> handedBack = StatusPatch.writeNow(client,
                UpdateControl.patchStatus(topic).rescheduleAfter(Duration.ofSeconds(7)));

        assertThat(handedBack.isNoUpdate()).isTrue();
        assertThat(handedBack.getScheduleDelay()).hasValue(7000L);
        assertThat(get("control").getStatus().getTopicName()).isEqualTo("controlled");
    }

    @Test
    void aControlWithoutAStatusPatchWritesNothing() {
        Topic topic = create("untouched");
        topic.setStatus(status("not written", 1));

        UpdateControl<Topic> handedBack = StatusPatch.writeNow(client, UpdateControl.<Topic>noUpdate());

        assertThat(handedBack.isNoUpdate()).isTrue();
        TopicStatus stored = get("untouched").getStatus();
        assertThat(stored == null ? null : stored.getTopicName()).isNull();
    }

    private static Topic create(String name) {
        Topic topic = TestResources.topic(NS, name, "kafka", 1, 1, Map.of());
        topic.setStatus(null);
        return client.resource(topic).create();
    }

    private static Topic get(String name) {
        return client.resources(Topic.class).inNamespace(NS).withName(name).get();
    }

    private static TopicStatus status(String topicName, Integer partitions) {
        TopicStatus status = new TopicStatus();
        status.setTopicName(topicName);
        status.setPartitions(partitions);
        return status;
    }
}
