package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterChildrenTest {
    private static final String UID = "uid-demo";

    private static Service service(String name, String clusterLabel, String ownerUid) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace("s1");
        if (clusterLabel != null) {
            meta.withLabels(Map.of(ClusterLabels.CLUSTER, clusterLabel));
        }
        if (ownerUid != null) {
            meta.withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion("krafter.dev/v1alpha1")
                    .withKind("KafkaCluster")
                    .withName("demo")
                    .withUid(ownerUid)
                    .withController(true)
                    .build());
        }
        return new ServiceBuilder().withMetadata(meta.build()).build();
    }

    @Test
    void aLabelledChildWakesItsCluster() {
        assertThat(ClusterChildren.clusterOf(service("demo-bootstrap", "demo", UID)))
                .containsExactly(new ResourceID("demo", "s1"));
        assertThat(ClusterChildren.clusterOf(new PodBuilder()
                        .withNewMetadata()
                        .withName("demo-broker-0")
                        .withNamespace("s1")
                        .withLabels(Map.of(ClusterLabels.CLUSTER, "demo"))
                        .endMetadata()
                        .build()))
                .containsExactly(new ResourceID("demo", "s1"));
        assertThat(ClusterChildren.clusterOf(service("other", null, null))).isEmpty();
    }

    @Test
    void onlyTheClustersOwnChildrenThatTheSpecNoLongerWantsArePruned() {
        Service wanted = service("demo-bootstrap", "demo", UID);
        Service removedListener = service("demo-ext-bootstrap", "demo", UID);
        Service usersOwn = service("demo-ext-mine", "demo", null);
        Service earlierCluster = service("demo-ext-0", "demo", "uid-of-an-earlier-demo");
        Service otherCluster = service("other-ext-0", "other", UID);
        Service deleting = new ServiceBuilder(service("demo-ext-1", "demo", UID))
                .editMetadata()
                .withDeletionTimestamp("2026-01-01T00:00:00Z")
                .endMetadata()
                .build();

        assertThat(ClusterChildren.unwanted(
                        List.of(wanted, removedListener, usersOwn, earlierCluster, otherCluster, deleting),
                        Set.of("demo-bootstrap"),
                        "demo",
                        UID))
                .containsExactly(removedListener);
    }

    @Test
    void statusUpdatesOfAStatefulSetDoNotWakeTheClusterButEditsDo() {
        StatefulSet set = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("demo-broker")
                .withGeneration(3L)
                .withLabels(Map.of(ClusterLabels.CLUSTER, "demo"))
                .endMetadata()
                .withNewStatus()
                .withReplicas(2)
                .endStatus()
                .build();
        StatefulSet statusOnly = new StatefulSetBuilder(set)
                .editStatus()
                .withReplicas(3)
                .endStatus()
                .build();
        StatefulSet edited = new StatefulSetBuilder(set)
                .editMetadata()
                .withGeneration(4L)
                .endMetadata()
                .build();
        StatefulSet relabelled = new StatefulSetBuilder(set)
                .editMetadata()
                .withLabels(Map.of())
                .endMetadata()
                .build();

        assertThat(ClusterChildren.specOrMetadataChanged(statusOnly, set)).isFalse();
        assertThat(ClusterChildren.specOrMetadataChanged(edited, set)).isTrue();
        assertThat(ClusterChildren.specOrMetadataChanged(relabelled, set)).isTrue();
    }
}
