package dev.krafter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
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
            assertThatThrownBy(() -> admins.adminFor(deleted)).isInstanceOf(IllegalStateException.class)
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

    private static KafkaCluster cluster(String uid) {
        KafkaCluster cluster = new KafkaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("kafka").withUid(uid).build());
        return cluster;
    }
}
