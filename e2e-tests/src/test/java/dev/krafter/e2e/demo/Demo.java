package dev.krafter.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krafter.api.v1alpha1.ConsumerGroup;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.Topic;
import dev.krafter.e2e.cluster.ClusterSetup;
import dev.krafter.e2e.cluster.ClusterUnavailableException;
import dev.krafter.e2e.cluster.Docker;
import dev.krafter.e2e.cluster.KubernetesTestCluster;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.scenarios.ScenarioClusters;
import dev.krafter.e2e.scenarios.ScenarioSupport;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The README demo on a real Kubernetes cluster: checks (and if needed builds) the images, starts the local one-node
 * cluster ({@code local-cluster/cluster.sh up}; or uses the cluster named with {@code KRAFTER_E2E_KUBECONFIG} +
 * {@code KRAFTER_E2E_CONTEXT}), loads the images and installs the operator with the Helm chart, applies
 * {@code examples/kafkacluster-minimal.yaml} (plus a NodePort listener, so this JVM reaches Kafka), {@code topic.yaml}
 * and {@code consumergroup.yaml} into namespace {@value #NS}, produces and consumes some records, prints
 * {@code kubectl get} tables of the three kinds, and stays up until Ctrl-C ({@code --once}: exit after one pass). The
 * cluster keeps running afterwards ({@code bash local-cluster/cluster.sh down} stops it).
 * Run it with {@code scripts/demo.sh}. Options: {@code --once}, {@code --timeout=<seconds>} (how long to wait for each
 * step; default 600).
 */
public final class Demo {
    static final String NS = "demo";
    static final String CLUSTER = "demo";
    static final String TOPIC = "orders";
    static final String GROUP = "order-processor";
    private static final List<String> KINDS = List.of("kafkaclusters", "topics", "consumergroups");

    private Demo() {}

    public static void main(String[] args) throws Exception {
        boolean once = Arrays.asList(args).contains("--once");
        Duration timeout = Arrays.stream(args)
                .filter(a -> a.startsWith("--timeout="))
                .findFirst()
                .map(a -> Duration.ofSeconds(Long.parseLong(a.substring("--timeout=".length()))))
                .orElse(Duration.ofMinutes(10));
        Path root = E2eEnvironment.repoRoot();

        step("Checking the images");
        if (!Docker.available()) {
            fail("no Docker engine answers `docker version`; start dockerd first (scripts/setup.sh does)");
        }
        ensureImages(root);

        step("Starting the Kubernetes cluster and installing Krafter with its Helm chart");
        KubernetesTestCluster cluster;
        try {
            cluster = ClusterSetup.start(
                    root,
                    1,
                    ScenarioClusters.OPERATOR_IMAGE,
                    List.of(E2eEnvironment.KAFKA_IMAGE),
                    ScenarioClusters.OPERATOR_VALUES);
        } catch (ClusterUnavailableException e) {
            fail(e.getMessage());
            return;
        }
        say("cluster: " + cluster.backend() + "; kubectl: " + cluster.kubectl());

        boolean ok = run(cluster, root, timeout);
        step("kubectl get kafkaclusters,topics,consumergroups -n " + NS);
        String tables = tables(cluster);
        System.out.print(tables);
        if (once) {
            cluster.close();
            System.exit(ok ? 0 : 2);
        }
        step(
                "Up and running; press Ctrl-C to stop watching (tables are printed again when they change; the cluster keeps"
                        + " running: bash local-cluster/cluster.sh down stops it)");
        while (true) {
            Thread.sleep(10_000);
            String now = tables(cluster);
            if (!stripAges(now).equals(stripAges(tables))) {
                System.out.println();
                System.out.print(now);
                tables = now;
            }
        }
    }

    /**
     * The demo's steps on a cluster with the operator running: applies the three examples into namespace
     * {@value #NS}, waits for each to be Ready (the ConsumerGroup's one-shot reset applied), produces and consumes,
     * and waits for the group's status to show the commit. True when every step finished within {@code timeout}.
     */
    static boolean run(TestCluster cluster, Path root, Duration timeout) throws IOException, InterruptedException {
        step("Applying examples/kafkacluster-minimal.yaml, topic.yaml, consumergroup.yaml");
        // Cluster DNS names do not resolve outside the cluster: this JVM's clients connect through a NodePort listener.
        KafkaCluster kafka = ScenarioSupport.reachableFromTests(Serialization.unmarshal(
                Files.readString(root.resolve("examples/kafkacluster-minimal.yaml")), KafkaCluster.class));
        kafka.getMetadata().setNamespace(NS);
        cluster.apply(kafka, NS);
        say("kafkacluster/" + CLUSTER + " applied (with the NodePort listener '" + ScenarioSupport.EXTERNAL_LISTENER
                + "', so this program reaches Kafka through node ports)");
        for (String file : List.of("topic.yaml", "consumergroup.yaml")) {
            for (HasMetadata applied :
                    cluster.apply(Files.readString(root.resolve("examples").resolve(file)), NS)) {
                say(applied.getKind().toLowerCase() + "/"
                        + applied.getMetadata().getName() + " applied");
            }
        }

        boolean ok = waitFor(
                "KafkaCluster " + NS + "/" + CLUSTER + " to be Ready",
                timeout,
                () -> cluster.client()
                        .resources(KafkaCluster.class)
                        .inNamespace(NS)
                        .withName(CLUSTER)
                        .get(),
                ScenarioSupport::isReady,
                c -> describe(
                        c == null
                                ? null
                                : c.getStatus() == null ? null : c.getStatus().getConditions()));
        if (ok) {
            ok = waitFor(
                    "Topic " + NS + "/" + TOPIC + " to be Ready",
                    timeout,
                    () -> cluster.client()
                            .resources(Topic.class)
                            .inNamespace(NS)
                            .withName(TOPIC)
                            .get(),
                    t -> t != null
                            && t.getStatus() != null
                            && Conditions.isTrue(t.getStatus().getConditions(), Conditions.READY),
                    t -> describe(
                            t == null || t.getStatus() == null
                                    ? null
                                    : t.getStatus().getConditions()));
        }
        if (ok) {
            // consumergroup.yaml asks for a one-shot offset reset to the earliest offsets while no consumer runs. It
            // must land before the demo's consumer starts: applied after that consumer's commit, it would rewind the
            // group.
            ok = waitFor(
                    "ConsumerGroup " + NS + "/" + GROUP + " to apply its one-shot offset reset",
                    timeout,
                    () -> cluster.client()
                            .resources(ConsumerGroup.class)
                            .inNamespace(NS)
                            .withName(GROUP)
                            .get(),
                    Demo::resetApplied,
                    g -> g == null || g.getStatus() == null
                            ? "no status yet"
                            : describe(g.getStatus().getConditions()) + "; last reset applied: "
                                    + (g.getStatus().getLastAppliedReset() == null
                                            ? "none"
                                            : g.getStatus()
                                                    .getLastAppliedReset()
                                                    .getId()));
        }
        ok = ok && produceAndConsume(cluster.bootstrapAddress(NS, CLUSTER, null));
        if (ok) {
            // The group is observed periodically: wait until its status shows the commit, so the table is current.
            ok = waitFor(
                    "ConsumerGroup " + NS + "/" + GROUP + " to observe the committed offsets",
                    timeout,
                    () -> cluster.client()
                            .resources(ConsumerGroup.class)
                            .inNamespace(NS)
                            .withName(GROUP)
                            .get(),
                    g -> g != null
                            && g.getStatus() != null
                            && Long.valueOf(0).equals(g.getStatus().getTotalLag())
                            && Integer.valueOf(0).equals(g.getStatus().getMembers())
                            && !g.getStatus().getTopics().isEmpty(),
                    g -> g == null || g.getStatus() == null
                            ? "no status yet"
                            : "lag " + g.getStatus().getTotalLag() + ", members "
                                    + g.getStatus().getMembers() + ", state "
                                    + g.getStatus().getState());
        }
        return ok;
    }

    /** The group's spec asks for no reset, or the one it asks for is applied. */
    private static boolean resetApplied(ConsumerGroup group) {
        if (group == null || group.getSpec() == null) {
            return false;
        }
        if (group.getSpec().getOffsetReset() == null) {
            return true;
        }
        return group.getStatus() != null
                && group.getStatus().getLastAppliedReset() != null
                && group.getSpec()
                        .getOffsetReset()
                        .getId()
                        .equals(group.getStatus().getLastAppliedReset().getId());
    }

    private static void ensureImages(Path root) throws IOException, InterruptedException {
        String kafka = E2eEnvironment.KAFKA_IMAGE;
        if (Docker.imageExists(kafka) && Docker.imageExists(E2eEnvironment.BASE_IMAGE)) {
            say(kafka + " and " + E2eEnvironment.BASE_IMAGE + " are in the local image store");
            return;
        }
        say("building the missing images with scripts/ensure-images.sh");
        int exit = new ProcessBuilder(root.resolve("scripts/ensure-images.sh").toString())
                .directory(root.toFile())
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0 || !Docker.imageExists(kafka)) {
            fail("the broker image " + kafka + " is not available (scripts/ensure-images.sh exited with " + exit
                    + "); the demo needs it to run Kafka pods");
        }
    }

    /** True when every record produced was consumed and the offsets committed. */
    private static boolean produceAndConsume(String bootstrap) {
        step("Producing 10 records to '" + TOPIC + "' at " + bootstrap + " and consuming them as group " + GROUP);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScenarioSupport.producerProps(bootstrap))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(
                                TOPIC, "order-" + i, "{\"order\": " + i + ", \"at\": \"" + Instant.now() + "\"}"))
                        .get();
            }
            say("10 records acknowledged (acks=all)");
        } catch (Exception e) {
            say("producing failed: " + e.getMessage());
            return false;
        }
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(ScenarioSupport.consumerProps(bootstrap, GROUP))) {
            consumer.subscribe(List.of(TOPIC));
            int seen = 0;
            Instant deadline = Instant.now().plusSeconds(60);
            while (seen < 10 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen++;
                    say("consumed " + record.topic() + "-" + record.partition() + "@" + record.offset() + " "
                            + record.key() + " " + record.value());
                }
            }
            consumer.commitSync();
            say(seen + " records consumed; offsets committed for group " + GROUP);
            return seen == 10;
        }
    }

    private static <T> boolean waitFor(
            String what,
            Duration timeout,
            Supplier<T> read,
            java.util.function.Predicate<T> done,
            Function<T, String> describe)
            throws InterruptedException {
        step("Waiting for " + what);
        Instant start = Instant.now();
        String last = null;
        while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
            T value = read.get();
            if (done.test(value)) {
                say("done after " + Duration.between(start, Instant.now()).toSeconds() + " s");
                return true;
            }
            String now = describe.apply(value);
            if (!now.equals(last)) {
                say("still waiting (" + Duration.between(start, Instant.now()).toSeconds() + " s): " + now);
                last = now;
            }
            Thread.sleep(1000);
        }
        say("gave up waiting for " + what + " after " + timeout.toSeconds() + " s; last status: " + last);
        return false;
    }

    private static String describe(List<Condition> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return "no status yet (is the operator running?)";
        }
        List<String> parts = new ArrayList<>();
        for (Condition c : conditions) {
            if ("True".equals(c.getStatus()) || Conditions.READY.equals(c.getType())) {
                parts.add(c.getType() + "=" + c.getStatus() + " "
                        + Optional.ofNullable(c.getReason()).orElse("")
                        + (c.getMessage() == null || c.getMessage().isEmpty() ? "" : ": " + c.getMessage()));
            }
        }
        return String.join("; ", parts);
    }

    static String tables(TestCluster cluster) {
        StringBuilder out = new StringBuilder();
        for (String plural : KINDS) {
            CustomResourceDefinition crd = crd(plural);
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                    .withGroup(crd.getSpec().getGroup())
                    .withVersion(crd.getSpec().getVersions().get(0).getName())
                    .withPlural(plural)
                    .withKind(crd.getSpec().getNames().getKind())
                    .withNamespaced(true)
                    .build();
            List<JsonNode> items = new ArrayList<>();
            for (GenericKubernetesResource item : cluster.client()
                    .genericKubernetesResources(context)
                    .inNamespace(NS)
                    .list()
                    .getItems()) {
                items.add(Serialization.jsonMapper().valueToTree(item));
            }
            out.append(KubectlTable.render(crd, items, Instant.now())).append('\n');
        }
        return out.toString();
    }

    private static CustomResourceDefinition crd(String plural) {
        try (InputStream in = Demo.class.getResourceAsStream("/META-INF/fabric8/" + plural + ".krafter.dev-v1.yml")) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tables without ages (45s, 3m5s, 2h), which change every second. */
    private static String stripAges(String tables) {
        return tables.replaceAll("(?<=\\s)\\d+[smhd](\\d+[smh])?(?=\\s|$)", "");
    }

    private static void step(String text) {
        System.out.println();
        System.out.println("==> " + text);
    }

    private static void say(String text) {
        System.out.println("    " + text);
    }

    private static void fail(String text) {
        System.err.println("demo: " + text);
        System.exit(1);
    }
}
