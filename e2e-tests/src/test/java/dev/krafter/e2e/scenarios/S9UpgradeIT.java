package dev.krafter.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.cluster.ClusterLabels;
import dev.krafter.cluster.ClusterNames;
import dev.krafter.cluster.ClusterReasons;
import dev.krafter.e2e.cluster.Docker;
import dev.krafter.e2e.cluster.ExecResult;
import dev.krafter.e2e.cluster.TestCluster;
import dev.krafter.e2e.report.TimingReport;
import dev.krafter.e2e.support.E2eEnvironment;
import dev.krafter.status.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.junit.jupiter.api.Test;

/**
 * S9 upgrade, on its own 3-node combined cluster: created with spec.version 4.3.1 (image krafter/kafka:4.3.1) it
 * becomes Ready at 4.3's metadata.version; spec.version → 4.4.0 rolls every pod onto krafter/kafka:4.4.0, and
 * metadata.version stays at 4.3's level while any pod still runs 4.3.1 (sampled throughout), then is raised to 4.4's
 * level (status.metadataVersion and describeFeatures agree); spec.image → the same image under another tag rolls
 * every pod onto it; a downgrade back to 4.3.1 is refused (Stalled, ChangeRefused, a message) and nothing rolls.
 * The metadata.version levels expected are the ones each image's own {@code kafka-storage.sh version} reports.
 */
class S9UpgradeIT {
    static final String NS = "s9";
    static final String NAME = "upgrade";
    static final String OLD_VERSION = "4.3.1";
    static final String NEW_VERSION = "4.4.0";
    static final String OLD_IMAGE = "krafter/kafka:" + OLD_VERSION;
    static final String NEW_IMAGE = "krafter/kafka:" + NEW_VERSION;
    static final String CUSTOM_IMAGE = NEW_IMAGE + "-custom";
    private static final Pattern METADATA_VERSION = Pattern.compile("metadata\\.version=(\\d+)");

    @Test
    void upgradeRollsOntoTheNewReleaseThenRaisesMetadataVersionAndRefusesTheDowngrade() throws Exception {
        prepareImages();
        run(ScenarioClusters.cluster());
    }

    /** Skips without the older release's image; tags the current image as the custom one. */
    static void prepareImages() {
        E2eEnvironment.assumeImage(
                OLD_IMAGE,
                "build it with scripts/ensure-images.sh"
                        + " (KRAFTER_KAFKA_IMAGE=krafter/kafka:4.3.1 broker-image/build-image.sh)");
        Docker.ok("tag", NEW_IMAGE, CUSTOM_IMAGE);
    }

    static void run(TestCluster cluster) throws Exception {
        cluster.loadImages(OLD_IMAGE, CUSTOM_IMAGE);
        KafkaCluster resource = ScenarioSupport.minimalCluster(NS, NAME);
        resource.getSpec().setVersion(OLD_VERSION);
        Instant created = Instant.now();
        KafkaCluster ready = ScenarioSupport.createFreshReadyCluster(cluster, resource);
        TimingReport.record(
                TimingReport.TIME_TO_READY_3_BROKERS,
                cluster.backend(),
                Duration.between(created, Instant.now()),
                NS + "/" + NAME + " (Kafka " + OLD_VERSION + ")");
        String oldLevel = latestMetadataVersion(cluster, pod(0));
        assertThat(podImages(cluster))
                .as("images of the pods of a %s cluster", OLD_VERSION)
                .containsOnly(OLD_IMAGE);
        assertThat(ready.getStatus().getKafkaVersion()).isEqualTo(OLD_VERSION);

        String bootstrap = cluster.bootstrapAddress(NS, NAME, null);
        try (Admin admin = ScenarioSupport.admin(bootstrap)) {
            awaitMetadataVersion(cluster, admin, oldLevel);

            // Upgrade: every pod onto the new release; metadata.version raised only once no pod runs the old one.
            try (MetadataVersionMonitor monitor = MetadataVersionMonitor.start(cluster, admin, OLD_IMAGE)) {
                roll(cluster, "upgrade " + OLD_VERSION + " → " + NEW_VERSION, k -> {
                    k.getSpec().setVersion(NEW_VERSION);
                    return k;
                });
                assertThat(podImages(cluster)).as("images after the upgrade").containsOnly(NEW_IMAGE);
                String newLevel = latestMetadataVersion(cluster, pod(0));
                assertThat(Integer.parseInt(newLevel))
                        .as("4.4's metadata.version level")
                        .isGreaterThan(Integer.parseInt(oldLevel));
                awaitMetadataVersion(cluster, admin, newLevel);
                assertThat(monitor.samples())
                        .as("metadata.version samples during the upgrade")
                        .isGreaterThan(20);
                assertThat(monitor.raisedEarly())
                        .as("metadata.version above the %s level while a pod ran %s", oldLevel, OLD_IMAGE)
                        .isEmpty();
                assertThat(monitor.levelsSeen())
                        .as("metadata.version levels seen during the upgrade")
                        .containsExactlyInAnyOrder(Short.parseShort(oldLevel), Short.parseShort(newLevel));
            }
            assertThat(ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience())
                            .getStatus()
                            .getKafkaVersion())
                    .isEqualTo(NEW_VERSION);

            // The same release under another tag: an image change rolls too.
            roll(cluster, "image " + CUSTOM_IMAGE, k -> {
                k.getSpec().setImage(CUSTOM_IMAGE);
                return k;
            });
            assertThat(podImages(cluster)).as("images after spec.image changed").containsOnly(CUSTOM_IMAGE);
            assertThat(cluster.get(KafkaCluster.class, NS, NAME)
                            .orElseThrow()
                            .getStatus()
                            .getKafkaVersion())
                    .as("status.kafkaVersion of pods on spec.image %s", CUSTOM_IMAGE)
                    .isEqualTo(NEW_VERSION);

            // Downgrade below the finalized metadata.version: refused, nothing rolls.
            try (RollWatch watch = RollWatch.start(cluster, NS, NAME)) {
                KafkaCluster changed = edit(cluster, k -> {
                    k.getSpec().setImage(null);
                    k.getSpec().setVersion(OLD_VERSION);
                    return k;
                });
                await().atMost(cluster.patience())
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            KafkaCluster now =
                                    cluster.get(KafkaCluster.class, NS, NAME).orElseThrow();
                            assertThat(now.getStatus().getObservedGeneration())
                                    .isEqualTo(changed.getMetadata().getGeneration());
                            assertThat(ScenarioSupport.condition(now, Conditions.STALLED))
                                    .hasValueSatisfying(c -> {
                                        assertThat(c.getStatus()).isEqualTo("True");
                                        assertThat(c.getReason()).isEqualTo(ClusterReasons.CHANGE_REFUSED);
                                        assertThat(c.getMessage())
                                                .contains(
                                                        "spec.version " + OLD_VERSION,
                                                        "metadata.version",
                                                        "Set spec.version to 4.4");
                                    });
                        });
                // Two resync periods of the refused spec: still nothing deleted, nothing changed.
                ScenarioSupport.sleep(Duration.ofSeconds(10));
                assertThat(watch.deletions())
                        .as("pods deleted after the refused downgrade")
                        .isEmpty();
                assertThat(podImages(cluster)).containsOnly(CUSTOM_IMAGE);
                StatefulSet sts = cluster.client()
                        .apps()
                        .statefulSets()
                        .inNamespace(NS)
                        .withName(ClusterNames.brokers(NAME))
                        .get();
                assertThat(sts.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage())
                        .isEqualTo(CUSTOM_IMAGE);
                assertThat(featureLevel(admin)).isEqualTo(Short.parseShort(latestMetadataVersion(cluster, pod(0))));
            }
        }
        ScenarioSupport.deleteCluster(cluster, NS, NAME);
    }

    /** Applies {@code change}, waits for every pod to be deleted once and the cluster Ready; records the timings. */
    private static void roll(TestCluster cluster, String cause, UnaryOperator<KafkaCluster> change) {
        try (RollWatch watch = RollWatch.start(cluster, NS, NAME)) {
            Instant started = Instant.now();
            edit(cluster, change);
            await().atMost(cluster.patience().multipliedBy(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> watch.deletions().size() >= 3);
            ScenarioSupport.awaitReady(cluster, NS, NAME, cluster.patience());
            TimingReport.record(
                    TimingReport.WHOLE_ROLL,
                    cluster.backend(),
                    Duration.between(started, Instant.now()),
                    NS + "/" + NAME + " 3 brokers (" + cause + ")");
            assertThat(watch.deletedPods())
                    .as("pods deleted by the %s roll", cause)
                    .doesNotHaveDuplicates()
                    .hasSize(3);
            assertThat(watch.statuses())
                    .as("status during the %s roll", cause)
                    .anyMatch(s -> ClusterReasons.UPGRADING.equals(s.reconcilingReason()) && s.progress() != null);
        }
    }

    private static KafkaCluster edit(TestCluster cluster, UnaryOperator<KafkaCluster> change) {
        return cluster.edit(KafkaCluster.class, NS, NAME, change);
    }

    private static String pod(int ordinal) {
        return ClusterNames.podName(ClusterNames.brokers(NAME), ordinal);
    }

    /** The metadata.version level the pod's Kafka release defaults to, as its own kafka-storage.sh reports it. */
    private static String latestMetadataVersion(TestCluster cluster, String pod) {
        ExecResult result = cluster.exec(NS, pod, "kafka-storage.sh", "version");
        Matcher matcher = METADATA_VERSION.matcher(result.stdout());
        assertThat(matcher.find())
                .as("kafka-storage.sh version in %s: %s", pod, result)
                .isTrue();
        return matcher.group(1);
    }

    /** Waits until status.metadataVersion and Kafka's finalized metadata.version both show {@code level}. */
    private static void awaitMetadataVersion(TestCluster cluster, Admin admin, String level) {
        await().atMost(cluster.patience()).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(featureLevel(admin))
                    .as("finalized metadata.version (describeFeatures)")
                    .isEqualTo(Short.parseShort(level));
            assertThat(cluster.get(KafkaCluster.class, NS, NAME)
                            .orElseThrow()
                            .getStatus()
                            .getMetadataVersion())
                    .as("status.metadataVersion")
                    .isEqualTo(level);
        });
    }

    static short featureLevel(Admin admin) throws Exception {
        FinalizedVersionRange range = admin.describeFeatures()
                .featureMetadata()
                .get(10, TimeUnit.SECONDS)
                .finalizedFeatures()
                .get("metadata.version");
        return range.maxVersionLevel();
    }

    /**
     * The images the pods run: each pod's spec image, checked against what the kubelet reports running. A kubelet
     * names a running image by any of its tags (krafter/kafka:4.4.0 for krafter/kafka:4.4.0-custom, the same image),
     * so the report is compared by image ID: containerd keeps the Docker image ID of an imported image, and a pod
     * whose container runs another image than its spec names shows up as "{@code <spec> running <image ID>}".
     */
    private static Set<String> podImages(TestCluster cluster) {
        return pods(cluster).stream()
                .map(p -> {
                    String spec = p.getSpec().getContainers().get(0).getImage();
                    String running = p.getStatus() == null
                                    || p.getStatus().getContainerStatuses() == null
                                    || p.getStatus().getContainerStatuses().isEmpty()
                            ? null
                            : p.getStatus().getContainerStatuses().get(0).getImageID();
                    if (running == null || !running.startsWith("sha256:")) {
                        return spec; // not started yet, or a registry digest (a cluster pulling from a registry)
                    }
                    String expected = Docker.imageId(spec);
                    return expected == null || expected.equals(running) ? spec : spec + " running " + running;
                })
                .collect(Collectors.toSet());
    }

    private static List<Pod> pods(TestCluster cluster) {
        return cluster.client()
                .pods()
                .inNamespace(NS)
                .withLabel(ClusterLabels.CLUSTER, NAME)
                .list()
                .getItems();
    }

    /**
     * Samples the finalized metadata.version, then the pods, every 500 ms. A sample with a raised level followed by a
     * pod still on the old image means the level was raised while that pod ran the old release.
     */
    static final class MetadataVersionMonitor extends PeriodicSampler {
        private final TestCluster cluster;
        private final Admin admin;
        private final String oldImage;
        private final List<Short> levels = new CopyOnWriteArrayList<>();
        private final List<String> raisedEarly = new CopyOnWriteArrayList<>();
        private final short baseline;

        private MetadataVersionMonitor(TestCluster cluster, Admin admin, String oldImage, short baseline) {
            super("metadata-version-monitor", Duration.ofMillis(500));
            this.cluster = cluster;
            this.admin = admin;
            this.oldImage = oldImage;
            this.baseline = baseline;
        }

        static MetadataVersionMonitor start(TestCluster cluster, Admin admin, String oldImage) throws Exception {
            MetadataVersionMonitor monitor = new MetadataVersionMonitor(cluster, admin, oldImage, featureLevel(admin));
            monitor.startSampling();
            return monitor;
        }

        @Override
        protected void sample() throws Exception {
            short level = featureLevel(admin);
            levels.add(level);
            List<String> oldPods = pods(cluster).stream()
                    .filter(p ->
                            oldImage.equals(p.getSpec().getContainers().get(0).getImage()))
                    .map(p -> p.getMetadata().getName())
                    .toList();
            if (level > baseline && !oldPods.isEmpty()) {
                raisedEarly.add(Instant.now() + ": level " + level + " while " + oldPods + " ran " + oldImage);
            }
        }

        int samples() {
            return levels.size();
        }

        Set<Short> levelsSeen() {
            return Set.copyOf(levels);
        }

        List<String> raisedEarly() {
            return List.copyOf(raisedEarly);
        }
    }
}
