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
        ApiServerRequests before = ApiServerRequests.scrape(env.client());
        Thread.sleep(15_000);
        ApiServerRequests requests = ApiServerRequests.scrape(env.client())
                .minus(before)
                .only(key -> !key.equals("GET namespaces")); // the test's own reads
        long idle = reconciles() - reconcilesBefore;
        env.client().resources(KafkaCluster.class).inNamespace(ns).delete();

        System.out.printf(
                "[krafter] %d idle reconciles: %.2f API requests per reconcile (watches left out): %s%n",
                idle, requests.withoutWatches().total() / idle, requests.describe(idle));

        assertThat(idle).as("idle reconciles in 15 s with a 1 s resync").isGreaterThanOrEqualTo(5);
        // A reconcile that read a child from the API server would do so every time; an informer re-listing once after
        // its watch closed (CI saw one "LIST services" in the window) is not a reconcile's read.
        assertThat(requests.counts())
                .as("children read from the API server instead of the informer caches")
                .allSatisfy((key, count) -> {
                    if ((key.startsWith("GET ") || key.startsWith("LIST ")) && isCachedKind(key)) {
                        assertThat(count)
                                .as("%s in %d idle reconciles", key, idle)
                                .isLessThan(Math.max(2, idle / 2));
                    }
                });
        assertThat(requests.counts().keySet())
                .as("children written although nothing changed")
                .noneMatch(key -> !key.startsWith("GET ")
                        && !key.startsWith("LIST ")
                        && !key.startsWith("WATCH ")
                        && isCachedKind(key));
    }

    /** "VERB [group/]resource" names a kind the operator caches. */
    private static boolean isCachedKind(String key) {
        String resource = key.substring(key.indexOf(' ') + 1);
        return CACHED.contains(resource.substring(resource.lastIndexOf('/') + 1));
    }
}
