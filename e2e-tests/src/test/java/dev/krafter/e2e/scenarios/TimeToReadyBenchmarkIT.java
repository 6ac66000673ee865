package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.KubernetesTestCluster;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a pass/fail timing: how long a new 3-broker cluster takes to serve an acks=all write when Krafter
 * creates it, against the same image and config run as a plain StatefulSet (the very objects Krafter made, copied
 * without their owner into another namespace), side by side on the same cluster, alternating. "Serves" is the same
 * probe for both, run inside the first broker pod: a topic with replication factor 3 can be created (all three brokers
 * registered and unfenced) and one record is acknowledged by all in-sync replicas. The figures and their ratio go to
 * the timing report; the test fails only when a cluster never serves.
 */
class TimeToReadyBenchmarkIT {
    private static final Logger LOG = LoggerFactory.getLogger(TimeToReadyBenchmarkIT.class);
    static final String KRAFTER = "time to serve acks=all, 3 brokers, Krafter";
    static final String PLAIN = "time to serve acks=all, 3 brokers, plain StatefulSet";
    private static final String KRAFTER_NS = "bench-krafter";
    private static final String PLAIN_NS = "bench-plain";
    private static final String NAME = "bench";
    private static final int ROUNDS = 2;
    private static final String PROBE =
            "until kafka-topics.sh --bootstrap-server localhost:9092 --create --if-not-exists"
                    + " --topic ready-probe --partitions 3 --replication-factor 3 >/dev/null 2>&1"
                    + " && kafka-run-class.sh org.apache.kafka.tools.VerifiableProducer --bootstrap-server localhost:9092"
                    + " --topic ready-probe --max-messages 1 --acks -1 2>/dev/null | grep -q producer_send_success;"
                    + " do sleep 1; done";

    @Test
    void krafterClusterServesAsSoonAsThePlainStatefulSet() {
        TestCluster cluster = ScenarioClusters.cluster();
        List<Duration> krafter = new ArrayList<>();
        List<Duration> plain = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            List<HasMetadata> children = new ArrayList<>();
            krafter.add(timeKrafter(cluster, children));
            ScenarioSupport.deleteCluster(cluster, KRAFTER_NS, NAME);
            plain.add(timePlain(cluster, children));
            deletePlain(cluster);
            LOG.info(
                    "round {}: Krafter {} s, plain StatefulSet {} s",
                    round,
                    seconds(krafter.get(round - 1)),
                    seconds(plain.get(round - 1)));
        }
        for (int i = 0; i < ROUNDS; i++) {
            TimingReport.record(KRAFTER, cluster.backend(), krafter.get(i), "round " + (i + 1));
            TimingReport.record(
                    PLAIN,
                    cluster.backend(),
                    plain.get(i),
                    "round " + (i + 1) + ", Krafter / plain " + ratio(krafter.get(i), plain.get(i)));
        }
        Duration krafterBest = krafter.stream().min(Duration::compareTo).orElseThrow();
        Duration plainBest = plain.stream().min(Duration::compareTo).orElseThrow();
        LOG.info(
                "time to serve acks=all: Krafter {} s, plain StatefulSet {} s (best of {} rounds each), Krafter / plain {}",
                seconds(krafterBest),
                seconds(plainBest),
                ROUNDS,
                ratio(krafterBest, plainBest));
    }

    private static String ratio(Duration krafter, Duration plain) {
        return String.format(Locale.ROOT, "%.2fx", krafter.toMillis() / (double) plain.toMillis());
    }

    /** Applies the KafkaCluster and times it until the probe passes; collects the objects Krafter made for it. */
    private static Duration timeKrafter(TestCluster cluster, List<HasMetadata> children) {
        KafkaCluster resource = ScenarioSupport.minimalCluster(KRAFTER_NS, NAME);
        resource.getSpec().setListeners(null);
        Instant applied = Instant.now();
        cluster.apply(resource, KRAFTER_NS);
        Duration served = probe(cluster, KRAFTER_NS, applied);
        ScenarioSupport.awaitReady(cluster, KRAFTER_NS, NAME, cluster.patience());
        var client = cluster.client();
        children.add(client.configMaps()
                .inNamespace(KRAFTER_NS)
                .withName(ClusterNames.brokerConfig(NAME))
                .require());
        children.add(client.serviceAccounts()
                .inNamespace(KRAFTER_NS)
                .withName(ClusterNames.serviceAccount(NAME))
                .require());
        children.add(client.services()
                .inNamespace(KRAFTER_NS)
                .withName(ClusterNames.headless(NAME))
                .require());
        children.add(client.apps()
                .statefulSets()
                .inNamespace(KRAFTER_NS)
                .withName(ClusterNames.brokers(NAME))
                .require());
        return served;
    }

    /** The same objects, without owner or server-set fields, in {@value #PLAIN_NS}: no operator looks after them. */
    private static Duration timePlain(TestCluster cluster, List<HasMetadata> children) {
        List<HasMetadata> copies =
                children.stream().map(TimeToReadyBenchmarkIT::plainCopy).toList();
        ((KubernetesTestCluster) cluster).ensureNamespace(PLAIN_NS);
        Instant applied = Instant.now();
        copies.forEach(
                copy -> cluster.client().resource(copy).inNamespace(PLAIN_NS).create());
        return probe(cluster, PLAIN_NS, applied);
    }

    static HasMetadata plainCopy(HasMetadata original) {
        String json = Serialization.asJson(original).replace("." + KRAFTER_NS + ".svc", "." + PLAIN_NS + ".svc");
        HasMetadata copy = Serialization.unmarshal(json, original.getClass());
        ObjectMeta meta = copy.getMetadata();
        copy.setMetadata(new ObjectMeta());
        copy.getMetadata().setName(meta.getName());
        copy.getMetadata().setNamespace(PLAIN_NS);
        copy.getMetadata().setLabels(meta.getLabels());
        if (copy instanceof Service service) {
            service.getSpec().setClusterIPs(null);
            service.getSpec().setClusterIP("None");
            service.setStatus(null);
        } else if (copy instanceof StatefulSet statefulSet) {
            statefulSet.setStatus(null);
        } else if (!(copy instanceof ConfigMap || copy instanceof ServiceAccount)) {
            throw new IllegalArgumentException("not copied: " + original.getKind());
        }
        return copy;
    }

    /** From {@code applied} until the probe passes inside pod 0 of the cluster's StatefulSet in {@code namespace}. */
    private static Duration probe(TestCluster cluster, String namespace, Instant applied) {
        String pod = ClusterNames.podName(ClusterNames.brokers(NAME), 0);
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofMillis(250))
                .until(() -> running(cluster, namespace, pod));
        ExecResult result = cluster.exec(namespace, pod, "bash", "-c", PROBE);
        Duration served = Duration.between(applied, Instant.now());
        assertThat(result.exitCode())
                .as("the serving probe in %s/%s: %s", namespace, pod, result.stderr())
                .isZero();
        return served;
    }

    private static boolean running(TestCluster cluster, String namespace, String pod) {
        Pod current =
                cluster.client().pods().inNamespace(namespace).withName(pod).get();
        return current != null
                && current.getStatus() != null
                && current.getStatus().getContainerStatuses() != null
                && current.getStatus().getContainerStatuses().stream()
                        .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
    }

    private static void deletePlain(TestCluster cluster) {
        var client = cluster.client();
        client.apps()
                .statefulSets()
                .inNamespace(PLAIN_NS)
                .withName(ClusterNames.brokers(NAME))
                .delete();
        client.pods()
                .inNamespace(PLAIN_NS)
                .withLabel(ClusterLabels.CLUSTER, NAME)
                .withGracePeriod(0)
                .delete();
        client.configMaps()
                .inNamespace(PLAIN_NS)
                .withName(ClusterNames.brokerConfig(NAME))
                .delete();
        client.services()
                .inNamespace(PLAIN_NS)
                .withName(ClusterNames.headless(NAME))
                .delete();
        client.serviceAccounts()
                .inNamespace(PLAIN_NS)
                .withName(ClusterNames.serviceAccount(NAME))
                .delete();
        await().atMost(cluster.patience())
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.pods()
                        .inNamespace(PLAIN_NS)
                        .withLabel(ClusterLabels.CLUSTER, NAME)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
