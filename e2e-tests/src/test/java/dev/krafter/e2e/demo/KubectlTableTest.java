package dev.krafter.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubectlTableTest {
    @Test
    void rendersPrinterColumnsOfTheGeneratedCrd() throws Exception {
        CustomResourceDefinition crd;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/kafkaclusters.krafter.dev-v1.yml")) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        JsonNode cluster = Serialization.jsonMapper().readTree("""
                {"metadata": {"name": "demo", "creationTimestamp": "2026-01-01T00:00:00Z"},
                 "spec": {"brokers": {"replicas": 3}},
                 "status": {"kafkaVersion": "4.4.0", "brokers": {"ready": 2}, "summary": "Creating",
                            "conditions": [{"type": "Reconciling", "status": "True"},
                                           {"type": "Ready", "status": "False", "reason": "Creating"}]}}
                """);
        String table = KubectlTable.render(crd, List.of(cluster), Instant.parse("2026-01-01T00:03:05Z"));

        // Columns in the CRD's order (the generator sorts them by name), as kubectl prints them.
        assertThat(table.lines())
                .containsExactly(
                        "NAME   AGE    DESIRED   READY BROKERS   READY   VERSION   STATUS",
                        "demo   3m5s   3         2               False   4.4.0     Creating");
    }

    @Test
    void emptyListSaysSo() throws Exception {
        CustomResourceDefinition crd;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/topics.krafter.dev-v1.yml")) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        assertThat(KubectlTable.render(crd, List.of(), Instant.now())).isEqualTo("No topics found.\n");
    }

    @Test
    void agesReadLikeKubectl() {
        assertThat(KubectlTable.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(KubectlTable.age(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(KubectlTable.age(Duration.ofMinutes(125))).isEqualTo("2h5m");
        assertThat(KubectlTable.age(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(KubectlTable.age(Duration.ofHours(76))).isEqualTo("3d4h");
    }
}
