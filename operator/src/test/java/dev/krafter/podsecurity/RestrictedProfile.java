package dev.krafter.podsecurity;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules of the restricted Pod Security Standard (kubernetes.io/docs/concepts/security/pod-security-standards,
 * baseline and restricted, "latest") that a pod spec shows by itself, plus the project's own: a read-only root file
 * system. The API server's PodSecurity admission judges the same pods on the real cluster (the e2e namespaces enforce
 * restricted); this catches a violation at build time and names it.
 */
public final class RestrictedProfile {
    private static final Set<String> ALLOWED_VOLUME_TYPES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> ALLOWED_ADDED_CAPABILITIES = Set.of("NET_BIND_SERVICE");
    private static final Set<String> ALLOWED_SECCOMP = Set.of("RuntimeDefault", "Localhost");

    private RestrictedProfile() {}

    /** Each rule {@code spec} breaks, as "container x: what"; empty when it meets the profile. */
    public static List<String> violations(PodSpec spec) {
        List<String> found = new ArrayList<>();
        PodSecurityContext pod =
                spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            found.add("hostNetwork");
        }
        if (Boolean.TRUE.equals(spec.getHostPID())) {
            found.add("hostPID");
        }
        if (Boolean.TRUE.equals(spec.getHostIPC())) {
            found.add("hostIPC");
        }
        if (pod.getSysctls() != null && !pod.getSysctls().isEmpty()) {
            found.add("sysctls set");
        }
        if (Long.valueOf(0).equals(pod.getRunAsUser())) {
            found.add("pod runAsUser 0");
        }
        if (pod.getSeLinuxOptions() != null
                && (pod.getSeLinuxOptions().getUser() != null
                        || pod.getSeLinuxOptions().getRole() != null)) {
            found.add("pod seLinuxOptions user/role");
        }
        for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            Map<String, Object> fields = Serialization.jsonMapper().convertValue(volume, Map.class);
            fields.keySet().stream()
                    .filter(k -> !k.equals("name") && !ALLOWED_VOLUME_TYPES.contains(k))
                    .forEach(type -> found.add("volume " + volume.getName() + ": type " + type));
        }
        Stream.of(spec.getInitContainers(), spec.getContainers())
                .filter(l -> l != null)
                .flatMap(List::stream)
                .forEach(c -> container(c, pod, found));
        return found;
    }

    private static void container(Container container, PodSecurityContext pod, List<String> found) {
        String name = "container " + container.getName() + ": ";
        SecurityContext context =
                container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            found.add(name + "privileged");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            found.add(name + "allowPrivilegeEscalation is not false");
        }
        boolean nonRoot = context.getRunAsNonRoot() != null
                ? context.getRunAsNonRoot()
                : Boolean.TRUE.equals(pod.getRunAsNonRoot());
        if (!nonRoot) {
            found.add(name + "runAsNonRoot is not true (container or pod)");
        }
        if (Long.valueOf(0).equals(context.getRunAsUser())) {
            found.add(name + "runAsUser 0");
        }
        SeccompProfile seccomp =
                context.getSeccompProfile() != null ? context.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !ALLOWED_SECCOMP.contains(seccomp.getType())) {
            found.add(name + "seccompProfile is not RuntimeDefault or Localhost (container or pod)");
        }
        Capabilities capabilities = context.getCapabilities();
        if (capabilities == null
                || capabilities.getDrop() == null
                || !capabilities.getDrop().contains("ALL")) {
            found.add(name + "capabilities do not drop ALL");
        }
        if (capabilities != null && capabilities.getAdd() != null) {
            capabilities.getAdd().stream()
                    .filter(c -> !ALLOWED_ADDED_CAPABILITIES.contains(c))
                    .forEach(c -> found.add(name + "adds capability " + c));
        }
        if (context.getProcMount() != null && !"Default".equals(context.getProcMount())) {
            found.add(name + "procMount " + context.getProcMount());
        }
        if (context.getWindowsOptions() != null
                && Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess())) {
            found.add(name + "hostProcess");
        }
        if (container.getPorts() != null) {
            container.getPorts().stream()
                    .map(ContainerPort::getHostPort)
                    .filter(p -> p != null && p != 0)
                    .forEach(p -> found.add(name + "hostPort " + p));
        }
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            found.add(name + "readOnlyRootFilesystem is not true");
        }
    }
}
