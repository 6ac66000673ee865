package dev.krafter.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.KrafterStatus;
import dev.krafter.api.v1alpha1.OperationStatus;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.api.v1alpha1.TopicStatus;
import dev.krafter.testing.KubeApiServer;
import dev.krafter.testing.TestResources;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl get} shows, as the real API server renders it (the Table kubectl asks for): the Status column
 * says why a resource is not Ready, from the status the one status writer stored.
 */
class PrinterColumnsTest {
    private static final String MANAGER = "printer-columns";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static KubeApiServer server;
    private static KubernetesClient client;
    private static String ns;

    @BeforeAll
    static void start() {
        server = KubeApiServer.shared();
        client = server.newClient();
        ns = server.createNamespace(client, "columns");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aClusterInARollingRestartShowsPodsDoneOfPodsToRestart() throws Exception {
        KafkaCluster cluster =
                client.resource(TestResources.kafkaCluster(ns, "rolling", 3)).create();
        OperationStatus roll = new OperationStatus();
        roll.setType("RollingRestart");
        roll.setPhase("restarting pod rolling-brokers-2");
        roll.setProgress("2/3");
        cluster.getStatus().setOperation(roll);
        writeConcluded(cluster, Health.progressing("RollingRestart", "restarting pod rolling-brokers-2"));

        Map<String, String> row = row("kafkaclusters", "rolling");
        assertThat(row).containsEntry("Status", "RollingRestart 2/3").containsEntry("Ready", "False");
        assertThat(row.keySet())
                .as("the table stays narrow")
                .containsExactly("Name", "Age", "Desired", "Ready Brokers", "Ready", "Version", "Status");
    }

    @Test
    void aStalledTopicShowsStalledAndTheReason() throws Exception {
        Topic topic = client.resource(TestResources.topic(ns, "refused", "kafka", 1, 1, Map.of()))
                .create();
        writeConcluded(topic, Health.stalled(Reasons.INVALID_SPEC, "spec.config: unknown key"));

        assertThat(row("topics", "refused"))
                .containsEntry("Status", "Stalled: InvalidSpec")
                .containsEntry("Ready", "False");
    }

    @Test
    void aReadyGroupThatLostMessagesShowsIt() throws Exception {
        ConsumerGroup group = client.resource(TestResources.consumerGroup(ns, "lossy", "kafka"))
                .create();
        group.getStatus()
                .setConditions(Conditions.withExtra(
                        group.getStatus().getConditions(),
                        "DataLoss",
                        true,
                        true,
                        "DataLoss",
                        "12 messages were deleted by retention before the group read them",
                        1,
                        CLOCK));
        writeConcluded(group, Health.ready("LagOK", "lagStatus OK"));

        Map<String, String> row = row("consumergroups", "lossy");
        assertThat(row).containsEntry("Status", "Ready (DataLoss)").containsEntry("Ready", "True");
    }

    @Test
    void aStatusStoredWithoutSummaryGetsItAtTheNextReconcileThoughNothingElseChanged() throws Exception {
        Topic topic = client.resource(TestResources.topic(ns, "stored", "kafka", 1, 1, Map.of()))
                .create();
        TopicStatus old = new TopicStatus();
        old.setObservedGeneration(1L);
        old.setConditions(Conditions.apply(old.getConditions(), Health.ready(Reasons.READY, "matches"), 1, CLOCK));
        topic.setStatus(old);
        topic.getMetadata().setManagedFields(null);
        // As an earlier operator wrote it: conditions, no summary.
        topic = client.resource(topic)
                .subresource("status")
                .patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(MANAGER)
                        .withForce(true)
                        .build());
        assertThat(topic.getStatus().getSummary()).isNull();

        JsonNode before = StatusWriter.snapshot(topic.getStatus());
        UpdateControl<Topic> control =
                StatusWriter.conclude(topic, before, Health.ready(Reasons.READY, "matches"), CLOCK);
        assertThat(control.isPatchStatus())
                .as("the missing summary is a change")
                .isTrue();
        StatusWriter.write(client, MANAGER, control.getResource().orElseThrow(), (written, base) -> {});

        assertThat(row("topics", "stored")).containsEntry("Status", "Ready");
    }

    private static <S extends KrafterStatus, P extends CustomResource<?, S>> void writeConcluded(
            P resource, Health health) {
        UpdateControl<P> concluded = StatusWriter.conclude(resource, StatusWriter.snapshot(null), health, CLOCK);
        StatusWriter.write(client, MANAGER, concluded.getResource().orElseThrow(), (written, base) -> {});
    }

    /** The row kubectl get prints for {@code name}: column name to cell, in the server's column order. */
    private static Map<String, String> row(String plural, String name) throws Exception {
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri(server.url() + "/apis/krafter.dev/v1alpha1/namespaces/" + ns + "/" + plural + "/" + name)
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                .build();
        HttpResponse<String> response =
                client.getHttpClient().sendAsync(request, String.class).get(10, TimeUnit.SECONDS);
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        JsonNode table = Serialization.jsonMapper().readTree(response.body());
        JsonNode cells = table.get("rows").get(0).get("cells");
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < table.get("columnDefinitions").size(); i++) {
            JsonNode column = table.get("columnDefinitions").get(i);
            if (column.get("priority").asInt() == 0) {
                row.put(column.get("name").asText(), cells.get(i).asText());
            }
        }
        return row;
    }
}
