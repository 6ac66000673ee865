package dev.krafter.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The checker itself: a compliant pod passes, and each rule it knows is named when broken. */
class RestrictedProfileTest {
    private static PodSpec compliant() {
        return new PodSpecBuilder()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(1001L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("app")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .addNewPort()
                .withContainerPort(8080)
                .endPort()
                .endContainer()
                .addNewVolume()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .build();
    }

    private static PodSpec with(Consumer<PodSpec> change) {
        PodSpec spec = compliant();
        change.accept(spec);
        return spec;
    }

    @Test
    void aCompliantPodHasNoViolations() {
        assertThat(RestrictedProfile.violations(compliant())).isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamed() {
        assertThat(RestrictedProfile.violations(with(s -> s.setHostNetwork(true))))
                .containsExactly("hostNetwork");
        assertThat(RestrictedProfile.violations(with(s -> s.getVolumes()
                        .add(new VolumeBuilder()
                                .withName("host")
                                .withNewHostPath()
                                .withPath("/")
                                .endHostPath()
                                .build()))))
                .containsExactly("volume host: type hostPath");
        assertThat(RestrictedProfile.violations(
                        with(s -> s.getContainers().get(0).getPorts().get(0).setHostPort(80))))
                .containsExactly("container app: hostPort 80");
        assertThat(RestrictedProfile.violations(
                        with(s -> s.getContainers().get(0).getSecurityContext().setReadOnlyRootFilesystem(false))))
                .containsExactly("container app: readOnlyRootFilesystem is not true");
        assertThat(RestrictedProfile.violations(
                        with(s -> s.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null))))
                .containsExactly("container app: allowPrivilegeEscalation is not false");
        assertThat(RestrictedProfile.violations(
                        with(s -> s.getContainers().get(0).getSecurityContext().setPrivileged(true))))
                .containsExactly("container app: privileged");
        assertThat(RestrictedProfile.violations(with(s -> s.getContainers()
                        .get(0)
                        .getSecurityContext()
                        .getCapabilities()
                        .getAdd()
                        .add("SYS_ADMIN"))))
                .containsExactly("container app: adds capability SYS_ADMIN");
        assertThat(RestrictedProfile.violations(with(s -> s.getContainers()
                        .get(0)
                        .getSecurityContext()
                        .getCapabilities()
                        .setDrop(List.of("NET_RAW")))))
                .containsExactly("container app: capabilities do not drop ALL");
        assertThat(RestrictedProfile.violations(with(s -> s.getSecurityContext().setRunAsNonRoot(null))))
                .containsExactly("container app: runAsNonRoot is not true (container or pod)");
        assertThat(RestrictedProfile.violations(
                        with(s -> s.getSecurityContext().getSeccompProfile().setType("Unconfined"))))
                .containsExactly("container app: seccompProfile is not RuntimeDefault or Localhost (container or pod)");
        assertThat(RestrictedProfile.violations(with(s -> s.getSecurityContext().setRunAsUser(0L))))
                .containsExactly("pod runAsUser 0");
    }
}
