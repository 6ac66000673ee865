package dev.krafter.e2e.support;

import org.junit.jupiter.api.Assumptions;
import dev.krafter.e2e.cluster.Docker;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the e2e tests need from the machine, and clear skips when it is missing. */
public final class E2eEnvironment {
    public static final String BASE_IMAGE = System.getProperty("krafter.e2e.baseImage", "krafter/jre-base:17");
    public static final String KAFKA_IMAGE = System.getProperty("krafter.kafkaImage", "krafter/kafka:4.4.0");

    private E2eEnvironment() {
    }

    /** The repository root (examples/, broker-image/, helm-chart/). */
    public static Path repoRoot() {
        Path configured = Path.of(System.getProperty("krafter.repoRoot", ".."));
        if (Files.isDirectory(configured.resolve("examples"))) {
            return configured.toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("examples")) ? here : here.getParent();
    }

    /** Skips the current test (or class) when {@code condition} is false, printing the reason to the console too. */
    public static void assumeTrue(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[e2e] " + reason);
            Assumptions.abort(reason);
        }
    }

    public static void assumeDocker() {
        assumeTrue(Docker.available(), "skipped: no Docker engine answers `docker version` (the simulated cluster runs pods"
                + " as Docker containers); start dockerd to run these tests");
    }

    public static void assumeImage(String image, String howToBuild) {
        assumeTrue(Docker.imageExists(image), "skipped: image " + image + " is not in the local Docker image store; "
                + howToBuild);
    }

    public static void assumeBaseImage() {
        assumeImage(BASE_IMAGE, "build it with scripts/ensure-images.sh (debootstrap, offline)");
    }

    public static void assumeKafkaImage() {
        assumeImage(KAFKA_IMAGE, "build it with scripts/ensure-images.sh (runs broker-image/build-image.sh)");
    }

    public static void assumeHostsFile() {
        assumeTrue(System.getProperty("jdk.net.hosts.file") != null, "skipped: the JVM was started without"
                + " -Djdk.net.hosts.file, so cluster DNS names cannot resolve here (run through Maven Failsafe)");
    }
}
