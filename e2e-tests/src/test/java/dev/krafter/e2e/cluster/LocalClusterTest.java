package dev.krafter.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krafter.e2e.support.E2eEnvironment;
import org.junit.jupiter.api.Test;

class LocalClusterTest {
    @Test
    void containerdNamesDockerHubImagesInFull() {
        assertThat(LocalCluster.containerdReference("krafter/kafka:4.4.0")).isEqualTo("docker.io/krafter/kafka:4.4.0");
        assertThat(LocalCluster.containerdReference("busybox:1")).isEqualTo("docker.io/library/busybox:1");
        assertThat(LocalCluster.containerdReference("krafter.dev/local-cluster/pause:1"))
                .isEqualTo("krafter.dev/local-cluster/pause:1");
        assertThat(LocalCluster.containerdReference("localhost:5000/krafter/operator:1"))
                .isEqualTo("localhost:5000/krafter/operator:1");
    }

    @Test
    void settingsAreSystemPropertiesFirstThenEnvironment() {
        System.setProperty("krafter.e2e.killContainer", "echo kill");
        try {
            assertThat(E2eEnvironment.setting(NamedCluster.KILL_CONTAINER)).hasValue("echo kill");
        } finally {
            System.clearProperty("krafter.e2e.killContainer");
        }
        System.setProperty("krafter.e2e.context", " ");
        try {
            assertThat(E2eEnvironment.setting(NamedCluster.CONTEXT))
                    .as("blank is unset")
                    .isEmpty();
        } finally {
            System.clearProperty("krafter.e2e.context");
        }
    }
}
