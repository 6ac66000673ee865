package dev.krafter.e2e.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubelet-like parts of the node agent that need no Docker: environment and DNS names of a pod. */
class PodEnvironmentTest {
    private final Pod pod = new PodBuilder().withNewMetadata().withName("demo-broker-2").withNamespace("kafka").withUid("u-1")
            .addToLabels("app", "kafka").addToLabels("role", "broker").addToAnnotations("team", "data").endMetadata()
            .withNewSpec().withHostname("demo-broker-2").withSubdomain("demo-nodes").withNodeName("node-a").endSpec().build();
    private final ConfigMap config = new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
            .addToData("LOG_LEVEL", "debug").addToData("mode", "combined").build();
    private final Secret secret = new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
            .addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8))).build();

    @Test
    void resolvesEnvLikeTheKubelet() {
        Container container = new ContainerBuilder().withName("kafka")
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("settings").endConfigMapRef().endEnvFrom()
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("ROLE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['role']")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("HOST_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("ADVERTISED").withValue("$(HOST_IP)").endEnv()
                .addNewEnv().withName("HOST").withValue("$(POD_NAME).demo-nodes.$(POD_NAMESPACE).svc").endEnv()
                .addNewEnv().withName("LITERAL").withValue("$$(POD_NAME) $(UNDEFINED)").endEnv()
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef().withName("settings").withKey("mode")
                .endConfigMapKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("creds").withKey("password")
                .endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEMORY_MB").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory")
                .withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom().endEnv()
                .withNewResources().addToLimits("memory", new Quantity("1Gi")).endResources()
                .build();

        Map<String, String> env = PodEnvironment.resolve(pod, container, "10.0.0.7", "172.30.0.1", (ns, n) -> n.equals("settings") ? config : null,
                (ns, n) -> n.equals("creds") ? secret : null);

        assertThat(env).containsEntry("CFG_LOG_LEVEL", "debug")
                .containsEntry("POD_NAME", "demo-broker-2")
                .containsEntry("POD_NAMESPACE", "kafka")
                .containsEntry("ROLE", "broker")
                .containsEntry("HOST_IP", "172.30.0.1")
                .containsEntry("ADVERTISED", "172.30.0.1")
                .containsEntry("HOST", "demo-broker-2.demo-nodes.kafka.svc")
                .containsEntry("LITERAL", "$(POD_NAME) $(UNDEFINED)")
                .containsEntry("MODE", "combined")
                .containsEntry("PASSWORD", "s3cret")
                .containsEntry("MEMORY_MB", "1024");
        assertThat(PodEnvironment.expandAll(List.of("--host=$(HOST)"), env)).containsExactly("--host=demo-broker-2.demo-nodes.kafka.svc");
    }

    @Test
    void aMissingConfigMapKeyIsAConfigErrorNamingIt() {
        Container container = new ContainerBuilder().withName("kafka")
                .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef().withName("settings").withKey("absent")
                .endConfigMapKeyRef().endValueFrom().endEnv().build();
        assertThatThrownBy(() -> PodEnvironment.resolve(pod, container, null, null, (ns, n) -> config, (ns, n) -> null))
                .isInstanceOf(PodEnvironment.ConfigError.class)
                .hasMessage("couldn't find key absent in ConfigMap kafka/settings");
    }

    @Test
    void podsGetTheirStableNameAndTheNamesOfTheServicesSelectingThem() {
        Service bootstrap = new ServiceBuilder().withNewMetadata().withName("demo-bootstrap").withNamespace("kafka").endMetadata()
                .withNewSpec().addToSelector("app", "kafka").endSpec().build();
        Service controllers = new ServiceBuilder().withNewMetadata().withName("demo-controllers").withNamespace("kafka")
                .endMetadata().withNewSpec().addToSelector("role", "controller").endSpec().build();
        Service otherNamespace = new ServiceBuilder().withNewMetadata().withName("demo-bootstrap").withNamespace("other")
                .endMetadata().withNewSpec().addToSelector("app", "kafka").endSpec().build();

        assertThat(SimulatedNodeAgent.aliases(pod, List.of(bootstrap, controllers, otherNamespace))).containsExactlyInAnyOrder(
                "demo-broker-2.demo-nodes.kafka.svc", "demo-broker-2.demo-nodes.kafka.svc.cluster.local",
                "demo-bootstrap.kafka", "demo-bootstrap.kafka.svc", "demo-bootstrap.kafka.svc.cluster.local");
    }
}
