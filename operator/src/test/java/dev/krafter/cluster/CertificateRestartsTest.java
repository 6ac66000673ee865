package dev.krafter.cluster;

import static dev.krafter.cluster.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec.Mode;
import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.api.v1alpha1.SecuritySpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateRestartsTest {
    private static final Instant CREATED = Instant.parse("2026-11-02T08:00:00Z");
    private static final Instant CA = CREATED.minus(Duration.ofDays(300));
    private static final Instant RENEWED = CREATED.plus(Duration.ofDays(30));

    private static ClusterTopology topology(Mode mode, int controllers, boolean internalTls) {
        KafkaCluster resource = cluster("demo", 3, mode, controllers);
        resource.getSpec().setSecurity(new SecuritySpec(internalTls));
        return ClusterTopology.of(resource);
    }

    private static Pod pod(String name, Instant created) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withCreationTimestamp(created.toString())
                .endMetadata()
                .build();
    }

    private static Map<String, Instant> issued(Instant at, String... pods) {
        Map<String, Instant> issued = new java.util.LinkedHashMap<>();
        for (String pod : pods) {
            issued.put(pod, at);
        }
        return issued;
    }

    @Test
    void everyNodeCreatedBeforeItsCertificateWasRenewedRestartsControllersAndBrokersAlike() {
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        List<Pod> pods = List.of(
                pod("demo-controller-0", CREATED),
                pod("demo-broker-0", CREATED),
                pod("demo-broker-1", CREATED),
                pod("demo-broker-2", CREATED));
        CertificateRestarts.Issued renewed = new CertificateRestarts.Issued(
                issued(RENEWED, "demo-controller-0", "demo-broker-0", "demo-broker-1", "demo-broker-2"),
                Optional.of(CA));

        Map<String, String> restarts = CertificateRestarts.plan(topology, renewed, pods);

        assertThat(restarts).containsOnlyKeys("demo-controller-0", "demo-broker-0", "demo-broker-1", "demo-broker-2");
        assertThat(restarts.get("demo-controller-0"))
                .contains("node certificate was renewed at " + RENEWED)
                .contains("after the pod was created (" + CREATED + ")")
                .contains("KAFKA-20583");
        assertThat(restarts.get("demo-broker-1"))
                .contains("node certificate was renewed at " + RENEWED)
                .contains("connection to the controllers")
                .contains("KAFKA-20025");
    }

    @Test
    void combinedVotersAndBrokersRestartToo() {
        ClusterTopology topology = topology(Mode.COMBINED, 1, true);
        List<Pod> pods = List.of(pod("demo-broker-0", CREATED), pod("demo-broker-1", CREATED));

        assertThat(CertificateRestarts.plan(
                        topology,
                        new CertificateRestarts.Issued(
                                issued(RENEWED, "demo-broker-0", "demo-broker-1"), Optional.of(CA)),
                        pods))
                .containsOnlyKeys("demo-broker-0", "demo-broker-1");
    }

    @Test
    void podsCreatedAfterTheRenewalHaveFreshFilesAndDoNotRestart() {
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        // Restarted by the roll a minute after the renewal, and one created in the very second its certificate was
        // issued (a new cluster's pods come right after their certificates).
        List<Pod> pods = List.of(pod("demo-controller-0", RENEWED.plusSeconds(60)), pod("demo-broker-0", RENEWED));

        assertThat(CertificateRestarts.plan(
                        topology,
                        new CertificateRestarts.Issued(
                                issued(RENEWED, "demo-controller-0", "demo-broker-0"), Optional.of(CA)),
                        pods))
                .isEmpty();
    }

    @Test
    void podsRunningBeforeThisOperatorWhoseCertificatesWereNotRenewedSinceDoNotRoll() {
        // The certificates and the CA were issued when the cluster was created; the pods started later and have run
        // since: an operator upgrade finds nothing to do.
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        Instant issuedAtCreation = CREATED.minusSeconds(5);
        List<Pod> pods = List.of(pod("demo-controller-0", CREATED), pod("demo-broker-0", CREATED.plusSeconds(3)));

        assertThat(CertificateRestarts.plan(
                        topology,
                        new CertificateRestarts.Issued(
                                issued(issuedAtCreation, "demo-controller-0", "demo-broker-0"),
                                Optional.of(CA.minusSeconds(5))),
                        pods))
                .isEmpty();
    }

    @Test
    void onlyTheNodesWhoseCertificateChangedRestart() {
        // A scale-up added broker 2 (and its certificate, before its pod); brokers 0 and 1 keep theirs.
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        Map<String, Instant> issued =
                issued(CREATED.minusSeconds(60), "demo-controller-0", "demo-broker-0", "demo-broker-1");
        issued.put("demo-broker-2", RENEWED);
        List<Pod> pods = List.of(
                pod("demo-controller-0", CREATED),
                pod("demo-broker-0", CREATED),
                pod("demo-broker-1", CREATED),
                pod("demo-broker-2", RENEWED.plusSeconds(2)));

        assertThat(CertificateRestarts.plan(topology, new CertificateRestarts.Issued(issued, Optional.of(CA)), pods))
                .isEmpty();

        // A names change re-issued broker 1's certificate only.
        issued.put("demo-broker-1", RENEWED.plusSeconds(600));
        assertThat(CertificateRestarts.plan(topology, new CertificateRestarts.Issued(issued, Optional.of(CA)), pods))
                .containsOnlyKeys("demo-broker-1");
    }

    @Test
    void aNewClusterCaRestartsEveryNodeCreatedBeforeItSoAllTrustItBeforeNodeCertificatesMoveToIt() {
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        Instant newCa = CREATED.plus(Duration.ofDays(200));
        List<Pod> pods = List.of(pod("demo-controller-0", CREATED), pod("demo-broker-0", newCa.plusSeconds(30)));

        Map<String, String> restarts = CertificateRestarts.plan(
                topology,
                new CertificateRestarts.Issued(
                        issued(CREATED.minusSeconds(60), "demo-controller-0", "demo-broker-0"), Optional.of(newCa)),
                pods);

        assertThat(restarts).containsOnlyKeys("demo-controller-0");
        assertThat(restarts.get("demo-controller-0"))
                .contains("new cluster CA was generated at " + newCa)
                .contains("before node certificates move to it");
    }

    @Test
    void aContainerRestartedInPlaceAfterTheRenewalStillRestartsItsVolumeMayHoldTheOldFiles() {
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        Pod crashed = new PodBuilder(pod("demo-broker-0", CREATED))
                .withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("kafka")
                        .withRestartCount(1)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(RENEWED.plusSeconds(10).toString())
                        .endRunning()
                        .endState()
                        .build())
                .endStatus()
                .build();

        assertThat(CertificateRestarts.plan(
                        topology,
                        new CertificateRestarts.Issued(issued(RENEWED, "demo-broker-0"), Optional.of(CA)),
                        List.of(crashed)))
                .containsOnlyKeys("demo-broker-0");
    }

    @Test
    void withoutInternalTlsNothingRestartsTheBrokersReloadTheirListenersLive() {
        ClusterTopology topology = topology(Mode.DEDICATED, 1, false);
        List<Pod> pods = List.of(pod("demo-controller-0", CREATED), pod("demo-broker-0", CREATED));

        assertThat(CertificateRestarts.plan(
                        topology,
                        new CertificateRestarts.Issued(
                                issued(RENEWED, "demo-controller-0", "demo-broker-0"), Optional.of(RENEWED)),
                        pods))
                .isEmpty();
    }

    @Test
    void aPodBeingDeletedIsLeftToComeBackWithFreshFiles() {
        ClusterTopology topology = topology(Mode.DEDICATED, 1, true);
        Pod deleting = new PodBuilder(pod("demo-broker-0", CREATED))
                .editMetadata()
                .withDeletionTimestamp(RENEWED.plusSeconds(5).toString())
                .endMetadata()
                .build();

        assertThat(CertificateRestarts.plan(
                        topology,
                        new CertificateRestarts.Issued(issued(RENEWED, "demo-broker-0"), Optional.of(CA)),
                        List.of(deleting)))
                .isEmpty();
    }
}
