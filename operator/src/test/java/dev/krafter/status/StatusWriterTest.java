package dev.krafter.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.testing.KubeApiServer;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StatusWriter} on a real kube-apiserver with the CRDs installed: server-side apply of the status subresource,
 * optimistic concurrency, field ownership, and what the API server itself does with status.
 */
class StatusWriterTest {
    private static final String MANAGER = "topic";
    private static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock T2 = Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC);

    private static KubeApiServer server;
    private static KubernetesClient client;
    private static String ns;

    @BeforeAll
    static void start() {
        server = KubeApiServer.shared();
        client = server.newClient();
        ns = server.createNamespace(client, "status");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void theApiServerDropsAStatusSentOnCreateAndKeepsStatusWritesOutOfSpecAndGeneration() {
        Topic topic = TestResources.topic(ns, "created", "kafka", 1, 1, Map.of());
        topic.setStatus(status("sent on create", 9));
        Topic created = client.resource(topic).create();

        assertThat(created.getStatus().getTopicName())
                .as("status is a subresource: ignored on create")
                .isNull();
        assertThat(rawStatus("created")).as("nothing stored under status").isNull();

        Topic written = write(created, status("written", 3));
        assertThat(written.getStatus().getTopicName()).isEqualTo("written");
        assertThat(written.getMetadata().getGeneration())
                .as("a status write is not a spec change")
                .isEqualTo(1L);
        assertThat(Integer.parseInt(written.getMetadata().getResourceVersion()))
                .isGreaterThan(Integer.parseInt(created.getMetadata().getResourceVersion()));
    }

    @Test
    void writesTheStatusOfAResourceThatGotItsFinalizerAndNoStatusYetAndTouchesNothingElse() {
        Topic created = create("fresh");
        Topic withFinalizer = client.resource(created).edit(t -> {
            t.addFinalizer("topics.krafter.dev/finalizer");
            return t;
        });

        Topic computed = Serialization.clone(withFinalizer);
        computed.setStatus(status("Ready", 3));
        computed.getSpec()
                .setPartitions(99); // a reconcile never changes spec; if it did, a status write must not send it
        write(computed);

        Topic stored = get("fresh");
        assertThat(stored.getStatus().getPartitions()).isEqualTo(3);
        assertThat(stored.getStatus().getTopicName()).isEqualTo("Ready");
        assertThat(stored.getMetadata().getFinalizers()).containsExactly("topics.krafter.dev/finalizer");
        assertThat(stored.getSpec().getPartitions()).isEqualTo(1);
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void aFieldTheOperatorNoLongerSendsIsRemoved() {
        Topic topic = create("replaced");
        topic.setStatus(status("first", 6));
        topic.getStatus().setManagedConfigKeys(List.of("retention.ms"));
        topic = write(topic);

        topic.setStatus(status("second", null));
        write(topic);

        TopicStatus stored = get("replaced").getStatus();
        assertThat(stored.getTopicName()).isEqualTo("second");
        assertThat(stored.getPartitions()).isNull();
        assertThat(stored.getManagedConfigKeys()).isNull();
        assertThat(rawStatus("replaced").has("managedConfigKeys")).isFalse();
    }

    @Test
    void theControllersFieldManagerOwnsStatusThroughTheStatusSubresourceAndNothingElse() {
        Topic topic = create("owned");
        topic.setStatus(status("owned", 1));
        write(topic);

        List<ManagedFieldsEntry> entries = get("owned").getMetadata().getManagedFields();
        ManagedFieldsEntry mine = entries.stream()
                .filter(e -> MANAGER.equals(e.getManager()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.getOperation()).isEqualTo("Apply");
        assertThat(mine.getSubresource()).isEqualTo("status");
        JsonNode fields =
                Serialization.jsonMapper().valueToTree(mine.getFieldsV1().getAdditionalProperties());
        assertThat(fields.has("f:status")).isTrue();
        assertThat(fields.has("f:spec")).as("the operator never owns spec").isFalse();
        assertThat(fields.has("f:metadata")).isFalse();
    }

    @Test
    void aStaleResourceVersionConflictsAndTheWriterReadsAgainAndKeepsTheStoredTransitionTime() {
        Topic topic = create("stale");
        topic.setStatus(new TopicStatus());
        StatusWriter.conclude(topic, StatusWriter.snapshot(null), Health.ready("Ready", "ok"), T1);
        Topic firstWrite = write(topic);
        assertThat(readyTransition(firstWrite)).isEqualTo("2026-01-01T00:00:00Z");

        // The operator's view is now stale: its own status write is not in it, and a user changed the spec since.
        Topic stale = Serialization.clone(topic);
        client.resources(Topic.class).inNamespace(ns).withName("stale").edit(t -> {
            t.getSpec().setPartitions(4);
            return t;
        });
        Topic staleUpdate = Serialization.clone(stale);
        staleUpdate.setStatus(new TopicStatus());
        StatusWriter.conclude(staleUpdate, StatusWriter.snapshot(null), Health.ready("Ready", "still ok"), T2);
        assertThat(readyTransition(staleUpdate))
                .as("computed without the stored condition")
                .isEqualTo("2026-01-01T00:05:00Z");

        // The API server refuses an apply from a stale resourceVersion ...
        Topic body = StatusWriter.statusOnly(stale, staleUpdate.getStatus());
        assertThatThrownBy(() -> client.resource(body)
                        .subresource("status")
                        .patch(new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager(MANAGER)
                                .withForce(true)
                                .build()))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));

        // ... so the writer reads the resource again and applies on top of what is stored.
        List<String> appliedOnto = new ArrayList<>();
        Topic written = StatusWriter.write(
                client,
                MANAGER,
                staleUpdate,
                (result, base) -> appliedOnto.add(base.getMetadata().getResourceVersion()));
        assertThat(appliedOnto).singleElement().isNotEqualTo(stale.getMetadata().getResourceVersion());
        assertThat(written.getSpec().getPartitions())
                .as("the user's spec change stays")
                .isEqualTo(4);
        Condition ready = Conditions.find(written.getStatus().getConditions(), Conditions.READY)
                .orElseThrow();
        assertThat(ready.getMessage()).isEqualTo("still ok");
        assertThat(ready.getLastTransitionTime()).as("Ready did not flip").isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void theSameStatusAppliedAgainIsNotAWriteOnTheServer() {
        Topic topic = create("same");
        topic.setStatus(status("same", 1));
        Topic first = write(topic);
        Topic second = write(first);
        assertThat(second.getMetadata().getResourceVersion())
                .isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void aControlThatPatchesStatusIsWrittenAndHandedBackWithoutThePatchButWithItsReschedule() {
        Topic topic = create("control");
        topic.setStatus(status("controlled", 1));

        UpdateControl<Topic> handedBack = StatusWriter.write(
                UpdateControl.patchStatus(topic).rescheduleAfter(Duration.ofSeconds(7)), StatusWriterTest::write);

        assertThat(handedBack.isNoUpdate()).isTrue();
        assertThat(handedBack.getScheduleDelay()).hasValue(7000L);
        assertThat(get("control").getStatus().getTopicName()).isEqualTo("controlled");
    }

    @Test
    void aControlWithoutAStatusPatchWritesNothing() {
        Topic topic = create("untouched");
        topic.setStatus(status("not written", 1));

        UpdateControl<Topic> handedBack = StatusWriter.write(UpdateControl.<Topic>noUpdate(), StatusWriterTest::write);

        assertThat(handedBack.isNoUpdate()).isTrue();
        assertThat(get("untouched").getStatus().getTopicName()).isNull();
        assertThat(rawStatus("untouched")).isNull();
    }

    @Test
    void aStatusOfADeletedResourceIsNotFound() {
        Topic topic = create("gone");
        client.resource(topic).delete();
        client.resources(Topic.class)
                .inNamespace(ns)
                .withName("gone")
                .waitUntilCondition(t -> t == null, 10, java.util.concurrent.TimeUnit.SECONDS);
        topic.setStatus(status("late", 1));
        assertThatThrownBy(() -> write(topic))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(404));
    }

    private static Topic write(Topic topic) {
        return StatusWriter.write(client, MANAGER, topic, (written, base) -> {});
    }

    private static Topic write(Topic topic, TopicStatus status) {
        topic.setStatus(status);
        return write(topic);
    }

    private static Topic create(String name) {
        return client.resource(TestResources.topic(ns, name, "kafka", 1, 1, Map.of()))
                .create();
    }

    private static Topic get(String name) {
        return client.resources(Topic.class).inNamespace(ns).withName(name).get();
    }

    /** The stored object's status as JSON, as any client reads it; null when there is none. */
    private static JsonNode rawStatus(String name) {
        String json = client.raw(server.url() + "/apis/krafter.dev/v1alpha1/namespaces/" + ns + "/topics/" + name);
        return Serialization.jsonMapper()
                .valueToTree(Serialization.unmarshal(json, Map.class))
                .get("status");
    }

    private static String readyTransition(Topic topic) {
        return Conditions.find(topic.getStatus().getConditions(), Conditions.READY)
                .orElseThrow()
                .getLastTransitionTime();
    }

    private static TopicStatus status(String topicName, Integer partitions) {
        TopicStatus status = new TopicStatus();
        status.setTopicName(topicName);
        status.setPartitions(partitions);
        return status;
    }
}
