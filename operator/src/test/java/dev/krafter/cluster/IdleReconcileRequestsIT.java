package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.operator.OperatorConfig;
import dev.krafter.operator.ReconcileMetrics;
import dev.krafter.testing.ApiServerRequests;
import dev.krafter.testing.OperatorTestEnvironment;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an idle KafkaCluster reconcile costs the API server, counted by the server itself: the cluster's own children
 * come from the operator's informer caches, so a reconcile that changes nothing reads none of them (and writes none:
 * what is stored is what the operator wants, server defaults and all). Prints the requests
 * per reconcile by verb and resource (a figure to compare across changes, not a timed assertion).
 */
class IdleReconcileRequestsIT {
    /** Not secrets: the operator has no list or watch on them and reads its certificate Secrets by name. */
    private static final List<String> CACHED = List.of(
            "statefulsets",
            "services",
            "configmaps",
            "poddisruptionbudgets",
            "serviceaccounts",
            "pods",
            "networkpolicies");

    private static OperatorTestEnvironment env;

    @BeforeAll
    static void start() {
        OperatorTestEnvironment.requireApiServer();
        env = OperatorTestEnvironment.start(
                OperatorConfig.defaults()
                        .withClusterResyncPeriod(Duration.ofSeconds(1))
                        .withPodProblemStallAfter(Duration.ofMinutes(30)),
                cluster -> "127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static long reconciles() {
        Timer timer = env.meters()
                .find(ReconcileMetrics.DURATION)
                .tag("kind", "KafkaCluster")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void anIdleReconcileReadsNoChildFromTheApiServer() throws Exception {
        String ns = env.createNamespace("idle");
        env.client().resource(ClusterFixtures.operatorTestCluster(ns, c -> {})).create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> env.client()
                                .policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace(ns)
                                .withName(ClusterNames.podDisruptionBudget("kafka"))
                                .get()
                        != null);
        Thread.sleep(3000);

        long reconcilesBefore = reconciles();
        Map<String, Long> before = ApiServerRequests.snapshot(env.client(), env.server());
        Thread.sleep(15_000);
        Map<String, Long> after = ApiServerRequests.snapshot(env.client(), env.server());
        long idle = reconciles() - reconcilesBefore;
        Map<String, Long> requests = ApiServerRequests.delta(before, after);
        requests.remove("GET namespaces"); // the test's own reads
        env.client().resources(KafkaCluster.class).inNamespace(ns).delete();

        long total = requests.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("WATCH "))
                .mapToLong(Map.Entry::getValue)
                .sum();
        Map<String, String> perReconcile = new TreeMap<>();
        requests.forEach((key, count) -> perReconcile.put(key, String.format("%.2f", (double) count / idle)));
        System.out.printf(
                "[krafter] %d idle reconciles: %.2f API requests per reconcile (watches left out): %s%n",
                idle, (double) total / idle, perReconcile);

        assertThat(idle).as("idle reconciles in 15 s with a 1 s resync").isGreaterThanOrEqualTo(5);
        // A reconcile that read a child from the API server would do so every time; an informer re-listing once after
        // its watch closed (CI saw one "LIST services" in the window) is not a reconcile's read.
        assertThat(requests)
                .as("children read from the API server instead of the informer caches")
                .allSatisfy((key, count) -> {
                    if ((key.startsWith("GET ") || key.startsWith("LIST "))
                            && CACHED.contains(key.substring(key.indexOf(' ') + 1))) {
                        assertThat(count)
                                .as("%s in %d idle reconciles", key, idle)
                                .isLessThan(Math.max(2, idle / 2));
                    }
                });
        assertThat(requests.keySet())
                .as("children written although nothing changed")
                .noneMatch(key -> !key.startsWith("GET ")
                        && !key.startsWith("LIST ")
                        && !key.startsWith("WATCH ")
                        && CACHED.contains(key.substring(key.indexOf(' ') + 1)));
    }
}
