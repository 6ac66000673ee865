package dev.krafter.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds the krafter/kafka image once per test JVM (base image, Maven package and docker build are skipped when fresh). */
public final class BrokerImage {

    private static String imageId;

    private BrokerImage() {}

    /** The build script seen from the module directory (Failsafe) or from the repository root (exec:java). */
    private static String buildScript() {
        Path inModule = Path.of("build-image.sh");
        Path fromRoot = Path.of("broker-image", "build-image.sh");
        return (java.nio.file.Files.exists(inModule) ? inModule : fromRoot)
                .toAbsolutePath()
                .toString();
    }

    /**
     * Skips the calling test class when no Docker engine is reachable; otherwise builds the image and returns its id
     * (the id, not the tag, so a concurrent rebuild of the tag elsewhere cannot swap the image under a running test).
     */
    public static synchronized String ensureBuilt() {
        if (!Docker.available()) {
            String missing = "No Docker engine reachable (docker info failed): start dockerd (scripts/setup.sh does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(missing + " (CI=true: failing instead of skipping)");
            }
            assumeTrue(false, missing + ": the broker image tests are skipped");
        }
        if (imageId == null) {
            String image = System.getProperty("krafter.kafka.image", "krafter/kafka:4.4.0");
            String script = System.getProperty("krafter.image.build.script", buildScript());
            Docker.Result build = Docker.process(Duration.ofMinutes(15), List.of("bash", script));
            if (!build.ok()) {
                throw new IllegalStateException("building the image with " + script + " failed:\n" + build.output());
            }
            imageId = Docker.ok("image", "inspect", "--format", "{{.Id}}", image);
        }
        return imageId;
    }
}
