package dev.krafter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.api.v1alpha1.ControllersSpec;
import dev.krafter.api.v1alpha1.KafkaCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredFieldsTest {
    private static final KafkaCluster CLUSTER = ClusterFixtures.cluster("demo", 3, ControllersSpec.Mode.DEDICATED, 1);
    private static final ClusterTopology TOPOLOGY = ClusterTopology.of(CLUSTER);

    @Test
    void whatTheServerAddsIsNotADifference() {
        Service desired = ClusterObjects.bootstrapService(CLUSTER, TOPOLOGY);
        Service stored = new ServiceBuilder(desired)
                .editMetadata()
                .withResourceVersion("7")
                .withUid("u1")
                .addToLabels("team", "a")
                .endMetadata()
                .editSpec()
                .withClusterIP("10.96.0.12")
                .withSessionAffinity("None")
                .endSpec()
                .build();
        assertThat(DesiredFields.kept(desired, stored)).isTrue();
    }

    @Test
    void aPortChangedOrALabelRemovedByHandIsADifference() {
        Service desired = ClusterObjects.bootstrapService(CLUSTER, TOPOLOGY);
        Service portChanged = new ServiceBuilder(desired).build();
        portChanged.getSpec().getPorts().get(0).setPort(19092);
        assertThat(DesiredFields.kept(desired, portChanged)).isFalse();

        ConfigMap config = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("demo-broker-config")
                .addToLabels(ClusterLabels.common("demo"))
                .endMetadata()
                .addToData("server.properties", "a=b")
                .build();
        ConfigMap unlabelled = new ConfigMapBuilder(config)
                .editMetadata()
                .removeFromLabels(ClusterLabels.CLUSTER)
                .endMetadata()
                .build();
        ConfigMap edited = new ConfigMapBuilder(config)
                .addToData("server.properties", "a=c")
                .build();
        assertThat(DesiredFields.kept(config, unlabelled)).isFalse();
        assertThat(DesiredFields.kept(config, edited)).isFalse();
    }

    @Test
    void aStatefulSetIsComparedByItsMetadataAndReplicasNotByWhatTheServerRewritesInItsTemplate() {
        StatefulSet desired = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("demo-broker")
                .addToLabels(ClusterLabels.common("demo"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("kafka")
                .withNewResources()
                .addToRequests("cpu", new Quantity("0.5"))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        StatefulSet stored = new StatefulSetBuilder(desired).build();
        stored.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .put("cpu", new Quantity("500m"));
        StatefulSet scaled = new StatefulSetBuilder(desired)
                .editSpec()
                .withReplicas(4)
                .endSpec()
                .build();
        StatefulSet unlabelled = new StatefulSetBuilder(desired)
                .editMetadata()
                .withLabels(Map.of())
                .endMetadata()
                .build();

        assertThat(DesiredFields.kept(desired, stored)).isTrue();
        assertThat(DesiredFields.kept(desired, scaled)).isFalse();
        assertThat(DesiredFields.kept(desired, unlabelled)).isFalse();
    }
}
