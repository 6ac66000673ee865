package dev.krafter.e2e.support;

import dev.krafter.e2e.cluster.Docker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the e2e tests need from the machine. Something missing (a tool, an image, the cluster) skips the test with
 * the reason on a developer's machine, and fails it under CI ({@code CI=true}), where a skip would hide that the
 * suite did not run.
 */
public final class E2eEnvironment {
    public static final String BASE_IMAGE = System.getProperty("krafter.e2e.baseImage", "krafter/jre-base:17");
    public static final String KAFKA_IMAGE = System.getProperty("krafter.kafkaImage", "krafter/kafka:4.4.0");

    private E2eEnvironment() {}

    /** The repository root (examples/, broker-image/, helm-chart/). */
    public static Path repoRoot() {
        Path configured = Path.of(System.getProperty("krafter.repoRoot", ".."));
        if (Files.isDirectory(configured.resolve("examples"))) {
            return configured.toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    }

    /** True under CI ({@code CI=true}, as CI systems set it; or {@code -Dkrafter.e2e.ci=true}). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("krafter.e2e.ci");
    }

    /**
     * The NetworkPolicy enforcer asked for: {@code kube-router} makes {@code cluster.sh up} run one in the local
     * cluster; on a named cluster, any value says its network plugin enforces NetworkPolicies. Empty: none.
     */
    public static final String NETWORK_POLICIES = "KRAFTER_LOCAL_CLUSTER_NETWORK_POLICIES";

    public static Optional<String> networkPolicyEnforcer() {
        return setting(NETWORK_POLICIES);
    }

    /**
     * A setting from the system property named after {@code envName} ({@code KRAFTER_E2E_LOAD_IMAGE} →
     * {@code krafter.e2e.loadImage}) or, without it, the environment variable; empty when neither is set or blank.
     */
    public static Optional<String> setting(String envName) {
        String[] words = envName.toLowerCase(Locale.ROOT).split("_");
        StringBuilder property = new StringBuilder(words[0])
                .append('.')
                .append(words[1])
                .append('.')
                .append(words[2]);
        for (int i = 3; i < words.length; i++) {
            property.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return Optional.ofNullable(System.getProperty(property.toString()))
                .or(() -> Optional.ofNullable(System.getenv(envName)))
                .filter(s -> !s.isBlank());
    }

    /**
     * When {@code condition} is false: fails the current test under CI, skips it otherwise; the reason is printed to
     * the console too.
     */
    public static void assumeTrue(boolean condition, String reason) {
        if (!condition) {
            if (ci()) {
                System.out.println("[e2e] CI=true, so this fails instead of being skipped: " + reason);
                Assertions.fail("CI=true and the end-to-end tests cannot run: " + reason);
            }
            System.out.println("[e2e] skipped: " + reason);
            Assumptions.abort(reason);
        }
    }

    public static void assumeDocker() {
        assumeTrue(
                Docker.available(), "no Docker engine answers `docker version`; start dockerd (scripts/setup.sh does)");
    }

    public static void assumeImage(String image, String howToBuild) {
        assumeTrue(
                Docker.imageExists(image), "image " + image + " is not in the local Docker image store; " + howToBuild);
    }

    public static void assumeBaseImage() {
        assumeImage(BASE_IMAGE, "build it with scripts/ensure-images.sh (debootstrap, offline)");
    }

    public static void assumeKafkaImage() {
        assumeImage(KAFKA_IMAGE, "build it with scripts/ensure-images.sh (runs broker-image/build-image.sh)");
    }
}
