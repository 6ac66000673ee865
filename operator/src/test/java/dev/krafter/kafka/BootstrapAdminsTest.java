package dev.krafter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krafter.api.v1alpha1.KafkaCluster;
import dev.krafter.certs.CertificateAuthority;
import dev.krafter.certs.Pem;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/** Clients are created but never used here: Admin.create does not connect until a request is sent. */
class BootstrapAdminsTest {
    @Test
    void aForgottenClusterLosesItsClientAndGetsNoNewOneWhileARecreatedOneGetsAFreshClient() {
        List<String> released = new ArrayList<>();
        try (BootstrapAdmins admins = new BootstrapAdmins(c -> "localhost:1", Duration.ofSeconds(1))) {
            admins.onForget((namespace, name) -> released.add(namespace + "/" + name
                    + (admins.cached(namespace, name).isPresent() ? " (client still open)" : "")));
            KafkaCluster deleted = cluster("uid-1");
            Admin first = admins.adminFor(deleted);
            assertThat(admins.adminFor(deleted)).isSameAs(first);
            assertThat(admins.cached("ns", "kafka")).containsSame(first);

            admins.forget("ns", "kafka");

            assertThat(released).containsExactly("ns/kafka (client still open)");
            assertThat(admins.cached("ns", "kafka")).isEmpty();
            assertThatThrownBy(() -> admins.adminFor(deleted))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("KafkaCluster ns/kafka was deleted");
            assertThat(admins.cached("ns", "kafka")).isEmpty();
            Admin second = admins.adminFor(cluster("uid-2"));
            assertThat(second).isNotSameAs(first);
            assertThat(admins.cached("ns", "kafka")).containsSame(second);
        }
    }

    @Test
    void aClusterRecreatedUnderTheSameNameGetsAFreshClientEvenWhenTheDeletionWasMissed() {
        try (BootstrapAdmins admins = new BootstrapAdmins(c -> "localhost:1", Duration.ofSeconds(1))) {
            Admin first = admins.adminFor(cluster("uid-1"));
            assertThat(admins.adminFor(cluster("uid-2"))).isNotSameAs(first);
        }
    }

    @Test
    void withInternalTlsTheClientPresentsTheOperatorCertificateAndARenewedOneReplacesIt() {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("test cluster CA", now, now.plus(Duration.ofDays(2)));
        AtomicReference<Map<String, Object>> security = new AtomicReference<>(operatorSecurity(ca, now));
        try (BootstrapAdmins admins =
                new BootstrapAdmins(c -> "localhost:1", c -> security.get(), Duration.ofSeconds(1))) {
            Properties properties =
                    admins.adminProperties("localhost:1", new BootstrapAdmins.Key("ns", "kafka"), security.get());
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
        }
    }

    @Test
    void aPemKeyKafkaCannotReadIsRefusedWhenTheClientIsBuilt() {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("test cluster CA", now, now.plus(Duration.ofDays(2)));
        Map<String, Object> broken = new java.util.HashMap<>(operatorSecurity(ca, now));
        broken.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (BootstrapAdmins admins = new BootstrapAdmins(c -> "localhost:1", c -> broken, Duration.ofSeconds(1))) {
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
