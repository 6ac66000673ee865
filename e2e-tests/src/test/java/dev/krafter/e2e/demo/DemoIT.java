package dev.krafter.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.scenarios.ScenarioClusters;
import dev.krafter.e2e.scenarios.ScenarioSupport;
import dev.krafter.e2e.support.E2eEnvironment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, {@code scripts/demo.sh}, runs {@link Demo}: its steps run here on the suite's
 * cluster, so a demo that would hang or end with the wrong tables fails the build. The demo's objects are deleted
 * afterwards.
 */
class DemoIT {

    @Test
    void theReadmeDemoEndsWithTheClusterTopicAndGroupReadyAndNoLag() throws Exception {
        TestCluster cluster = ScenarioClusters.cluster();
        try {
            assertThat(Demo.run(cluster, E2eEnvironment.repoRoot(), cluster.patience()))
                    .as("every demo step finished (its log says which did not)")
                    .isTrue();

            String tables = Demo.tables(cluster);
            // NAME AGE DESIRED READY-BROKERS READY VERSION STATUS
            assertThat(row(tables, Demo.CLUSTER))
                    .as("KafkaCluster row of\n%s", tables)
                    .containsSubsequence("3", "3", "True", "4.4.0", "Ready");
            // NAME AGE CLUSTER READY PARTITIONS RF STATUS TOPIC
            assertThat(row(tables, Demo.TOPIC))
                    .as("Topic row of\n%s", tables)
                    .containsSubsequence(Demo.CLUSTER, "True", "6", "3", "Ready", Demo.TOPIC);
            // NAME AGE CLUSTER READY LAG-STATUS MEMBERS STATE STATUS LAG (the Kafka group name is a -o wide column)
            assertThat(row(tables, Demo.GROUP))
                    .as("ConsumerGroup row of\n%s", tables)
                    .containsSubsequence(Demo.CLUSTER, "True", "OK", "0", "Empty", "Ready", "0");
        } finally {
            cluster.client()
                    .resources(ConsumerGroup.class)
                    .inNamespace(Demo.NS)
                    .withName(Demo.GROUP)
                    .delete();
            cluster.client()
                    .resources(Topic.class)
                    .inNamespace(Demo.NS)
                    .withName(Demo.TOPIC)
                    .delete();
            await().atMost(cluster.patience())
                    .until(() -> cluster.get(Topic.class, Demo.NS, Demo.TOPIC).isEmpty()
                            && cluster.get(ConsumerGroup.class, Demo.NS, Demo.GROUP)
                                    .isEmpty());
            ScenarioSupport.deleteCluster(cluster, Demo.NS, Demo.CLUSTER);
        }
    }

    /** The cells of the table row whose first cell is {@code name}. */
    private static List<String> row(String tables, String name) {
        return tables.lines()
                .map(line -> Arrays.asList(line.trim().split("\\s+")))
                .filter(cells -> cells.get(0).equals(name))
                .findFirst()
                .orElse(List.of());
    }
}
