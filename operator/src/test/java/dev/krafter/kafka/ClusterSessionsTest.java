package dev.krafter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import dev.krafter.failure.TransientProblem;
import dev.krafter.status.Reasons;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** Clients are created but never used here: Admin.create does not connect until a request is sent. */
class ClusterSessionsTest {
    /** State a reconciler keeps for a cluster, telling when it is released. */
    private record Part(String name, List<String> released) implements AutoCloseable {
        @Override
        public void close() {
            released.add(name);
        }
    }

    /** State built on one client. */
    private record ClientPart(Admin admin, List<String> released) implements AutoCloseable {
        @Override
        public void close() {
            released.add("client part");
        }
    }

    @Test
    void aForgottenClusterLosesItsClientAndStateAndGetsNoneAgainWhileARecreatedOneStartsAfresh() {
        List<String> released = new ArrayList<>();
        try (ClusterSessions admins = new ClusterSessions(c -> "localhost:1", Duration.ofSeconds(1))) {
            KafkaCluster deleted = cluster("uid-1");
            Admin first = admins.adminFor(deleted);
            assertThat(admins.adminFor(deleted)).isSameAs(first);
            assertThat(admins.cached("ns", "kafka")).containsSame(first);
            Part part = admins.clusterState(deleted, Part.class, () -> new Part("loop", released));
            assertThat(admins.clusterState(deleted, Part.class, () -> new Part("another", released)))
                    .isSameAs(part);
            assertThat(admins.clientState(deleted, ClientPart.class, admin -> new ClientPart(admin, released))
                            .admin())
                    .isSameAs(first);
            assertThat(admins.existingClusterState("ns", "kafka", Part.class)).containsSame(part);

            admins.forget("ns", "kafka", "uid-1");

            assertThat(released).containsExactlyInAnyOrder("loop", "client part");
            assertThat(admins.cached("ns", "kafka")).isEmpty();
            assertThat(admins.existingClusterState("ns", "kafka", Part.class)).isEmpty();
            assertThatThrownBy(() -> admins.adminFor(deleted))
                    .isInstanceOfSatisfying(
                            TransientProblem.class, p -> assertThat(p.reason()).isEqualTo(Reasons.CLUSTER_NOT_FOUND))
                    .hasMessage("KafkaCluster ns/kafka was deleted");
            assertThatThrownBy(() -> admins.clusterState(deleted, Part.class, () -> new Part("late", released)))
                    .isInstanceOf(TransientProblem.class);
            assertThat(admins.cached("ns", "kafka")).isEmpty();
            KafkaCluster recreated = cluster("uid-2");
            Admin second = admins.adminFor(recreated);
            assertThat(second).isNotSameAs(first);
            assertThat(admins.cached("ns", "kafka")).containsSame(second);
            assertThat(admins.clusterState(recreated, Part.class, () -> new Part("fresh", released))
                            .name())
                    .isEqualTo("fresh");
        }
    }

    @Test
    void aReplacedClientTakesTheStateBuiltOnItAlongButNotTheClustersOwnState() {
        List<String> released = new ArrayList<>();
        AtomicReference<String> bootstrap = new AtomicReference<>("localhost:1");
        try (ClusterSessions admins = new ClusterSessions(c -> bootstrap.get(), Duration.ofSeconds(1))) {
            KafkaCluster cluster = cluster("uid-1");
            Part part = admins.clusterState(cluster, Part.class, () -> new Part("loop", released));
            ClientPart onFirst =
                    admins.clientState(cluster, ClientPart.class, admin -> new ClientPart(admin, released));

            bootstrap.set("localhost:2");
            ClientPart onSecond =
                    admins.clientState(cluster, ClientPart.class, admin -> new ClientPart(admin, released));

            assertThat(onSecond).isNotSameAs(onFirst);
            assertThat(onSecond.admin()).isSameAs(admins.adminFor(cluster)).isNotSameAs(onFirst.admin());
            assertThat(released).containsExactly("client part");
            assertThat(admins.clusterState(cluster, Part.class, () -> new Part("another", released)))
                    .isSameAs(part);
        }
    }

    @Test
    void aDeletionThatArrivesAfterTheClusterWasRecreatedLeavesTheNewOneAlone() {
        List<String> released = new ArrayList<>();
        try (ClusterSessions admins = new ClusterSessions(c -> "localhost:1", Duration.ofSeconds(1))) {
            KafkaCluster recreated = cluster("uid-2");
            Part part = admins.clusterState(recreated, Part.class, () -> new Part("new loop", released));
            Admin admin = admins.adminFor(recreated);

            admins.forget("ns", "kafka", "uid-1");

            assertThat(released).isEmpty();
            assertThat(admins.adminFor(recreated)).isSameAs(admin);
            assertThat(admins.existingClusterState("ns", "kafka", Part.class)).containsSame(part);
            assertThatThrownBy(() -> admins.adminFor(cluster("uid-1"))).isInstanceOf(TransientProblem.class);
        }
    }

    @Test
    void aClusterRecreatedWhileItsDeletionWasMissedReleasesTheOldState() {
        List<String> released = new ArrayList<>();
        try (ClusterSessions admins = new ClusterSessions(c -> "localhost:1", Duration.ofSeconds(1))) {
            admins.clusterState(cluster("uid-1"), Part.class, () -> new Part("old loop", released));
            admins.clusterState(cluster("uid-2"), Part.class, () -> new Part("new loop", released));
            assertThat(released).containsExactly("old loop");
        }
    }

    @Test
    void aClusterRecreatedUnderTheSameNameGetsAFreshClientEvenWhenTheDeletionWasMissed() {
        try (ClusterSessions admins = new ClusterSessions(c -> "localhost:1", Duration.ofSeconds(1))) {
            Admin first = admins.adminFor(cluster("uid-1"));
            assertThat(admins.adminFor(cluster("uid-2"))).isNotSameAs(first);
        }
    }

    @Test
    void withInternalTlsTheClientPresentsTheOperatorCertificateAndARenewedOneReplacesIt() {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("test cluster CA", now, now.plus(Duration.ofDays(2)));
        AtomicReference<Map<String, Object>> security = new AtomicReference<>(operatorSecurity(ca, now));
        AtomicInteger reads = new AtomicInteger();
        try (ClusterSessions admins = new ClusterSessions(
                c -> "localhost:1",
                c -> {
                    reads.incrementAndGet();
                    return security.get();
                },
                Duration.ofSeconds(1),
                Duration.ZERO)) {
            Properties properties =
                    admins.adminProperties("localhost:1", new ClusterKey("ns", "kafka"), security.get());
            assertThat(properties)
                    .containsEntry("security.protocol", "SSL")
                    .containsEntry("ssl.keystore.type", "PEM")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsKeys("ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates");
            // Admin.create builds Kafka's SSL engine from the PEM values: a key or chain it cannot use fails here.
            Admin first = admins.adminFor(cluster("uid-1"));
            assertThat(admins.adminFor(cluster("uid-1"))).isSameAs(first);

            security.set(operatorSecurity(ca, now.plusSeconds(60)));
            assertThat(admins.adminFor(cluster("uid-1")))
                    .as("renewed certificate, new client")
                    .isNotSameAs(first);
            assertThat(reads).hasValue(3);
        }
    }

    @Test
    void theConnectionSecurityIsReadOncePerRecheckPeriodNotForEveryClientAsked() {
        AtomicInteger reads = new AtomicInteger();
        try (ClusterSessions admins = new ClusterSessions(
                c -> "localhost:1",
                c -> {
                    reads.incrementAndGet();
                    return AdminSecurity.PLAINTEXT;
                },
                Duration.ofSeconds(1),
                Duration.ofMinutes(1))) {
            KafkaCluster cluster = cluster("uid-1");
            for (int i = 0; i < 10; i++) {
                admins.adminFor(cluster);
            }
            assertThat(reads).as("reads of the operator certificate Secret").hasValue(1);
        }
    }

    @Test
    void aPemKeyKafkaCannotReadIsRefusedWhenTheClientIsBuilt() {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("test cluster CA", now, now.plus(Duration.ofDays(2)));
        Map<String, Object> broken = new java.util.HashMap<>(operatorSecurity(ca, now));
        broken.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (ClusterSessions admins = new ClusterSessions(c -> "localhost:1", c -> broken, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> admins.adminFor(cluster("uid-1"))).isInstanceOf(KafkaException.class);
        }
    }

    private static Map<String, Object> operatorSecurity(CertificateAuthority ca, Instant now) {
        CertificateAuthority.Issued issued = ca.issue("krafter-operator", Set.of(), now, now.plus(Duration.ofDays(1)));
        return AdminSecurity.mutualTls(
                Pem.certificates(List.of(issued.certificate(), ca.certificate())),
                Pem.privateKey(issued.key()),
                Pem.certificate(ca.certificate()));
    }

    private static KafkaCluster cluster(String uid) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder()
                .withNamespace("ns")
                .withName("kafka")
                .withUid(uid)
                .build());
        return cluster;
    }
}
