package dev.krafter.e2e.cluster;

import dev.krafter.e2e.support.E2eEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the tests a cluster with Krafter installed: the one the user named ({@link NamedCluster}), else the local one
 * ({@link LocalCluster}, started or reused); loads the images; installs the operator with Helm.
 */
public final class ClusterSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

    private ClusterSetup() {}

    /**
     * @param nodes how many nodes the cluster needs at least (the local cluster gets them added; a named cluster
     *     with fewer Ready nodes is unavailable)
     * @param images local images the pods need (the broker image), loaded next to {@code operatorImage}
     * @param values Helm values of the operator (its settings)
     * @throws ClusterUnavailableException when a tool, an image or the cluster is missing
     */
    public static KubernetesTestCluster start(
            Path repoRoot, int nodes, String operatorImage, List<String> images, Map<String, String> values) {
        Optional<NamedCluster> named = NamedCluster.fromSettings();
        boolean localImages = named.isEmpty()
                || E2eEnvironment.setting(NamedCluster.LOAD_IMAGE).isPresent();
        if (localImages) {
            if (!Docker.available()) {
                throw new ClusterUnavailableException("no Docker engine answers `docker version` (the images are loaded"
                        + " from it); start dockerd (scripts/setup.sh does)");
            }
            for (String image : images) {
                if (!Docker.imageExists(image)) {
                    throw new ClusterUnavailableException("image " + image + " is not in the local Docker image store;"
                            + " build it with scripts/ensure-images.sh");
                }
                ensureBrokerImageFresh(repoRoot, image);
            }
            ensureOperatorImage(repoRoot, operatorImage);
        }
        String helm = OperatorInstall.helm(repoRoot)
                .orElseThrow(() -> new ClusterUnavailableException("no helm binary"
                        + " ($HELM, PATH, .build/tools/helm): scripts/setup.sh installs it into .build/tools"));

        NodeAccess node = named.isPresent() ? named.get() : LocalCluster.start(repoRoot, nodes);
        KubernetesTestCluster cluster = new KubernetesTestCluster(node);
        try {
            long ready = cluster.client().nodes().list().getItems().stream()
                    .filter(n -> n.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                    .count();
            if (ready < nodes) {
                throw new ClusterUnavailableException("the cluster " + node.name() + " has " + ready + " Ready node(s);"
                        + " the tests need " + nodes);
            }
            List<String> all = new ArrayList<>(images);
            all.add(operatorImage);
            cluster.loadImages(all.toArray(String[]::new));
            OperatorInstall.install(cluster, repoRoot, helm, operatorImage, values);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Builds the operator image with {@code operator/build-image.sh} when it is missing, or older than the operator jar
     * the build just packaged ({@code operator/target}), so the cluster runs the code under test.
     */
    static void ensureOperatorImage(Path repoRoot, String image) {
        Path script = repoRoot.resolve("operator/build-image.sh");
        Optional<Path> jar = operatorJar(repoRoot);
        boolean packaged = jar.isPresent() && Files.isDirectory(repoRoot.resolve("operator/target/lib"));
        String reason;
        if (!Docker.imageExists(image)) {
            reason = "missing";
        } else if (packaged && lastModified(jar.get()).isAfter(imageCreated(image))) {
            reason = "older than " + repoRoot.relativize(jar.get());
        } else {
            return;
        }
        if (!Files.isExecutable(script)) {
            throw new ClusterUnavailableException(
                    "image " + image + " is " + reason + " and " + script + " is not there to" + " build it");
        }
        LOG.info(
                "Operator image {} is {}: building it with operator/build-image.sh{}",
                image,
                reason,
                packaged ? " --skip-package" : "");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        if (packaged) {
            command.add("--skip-package");
        }
        ExecResult result = Processes.run(
                command,
                null,
                Map.of("KRAFTER_OPERATOR_IMAGE", image),
                repoRoot,
                Duration.ofMinutes(20),
                line -> System.out.println("[operator/build-image.sh] " + line));
        if (!result.succeeded() || !Docker.imageExists(image)) {
            throw new IllegalStateException("operator/build-image.sh failed (exit code " + result.exitCode() + "): "
                    + LocalCluster.tail(result.stderr() + result.stdout(), 20));
        }
    }

    /**
     * Rebuilds a broker image ({@code krafter/kafka:<version>}) with {@code broker-image/build-image.sh} when a source
     * of the broker image (entrypoint, probe agent, scripts, Dockerfile) changed after the image was built, so the
     * pods run the code under test and not the image of an earlier checkout.
     */
    static void ensureBrokerImageFresh(Path repoRoot, String image) {
        Path module = repoRoot.resolve("broker-image");
        Path script = module.resolve("build-image.sh");
        if (!image.startsWith("krafter/kafka:") || !Files.isExecutable(script)) {
            return;
        }
        Instant built = imageCreated(image);
        Optional<Path> newer = newestFile(
                        List.of(module.resolve("src/main"), module.resolve("pom.xml"), module.resolve("Dockerfile")))
                .filter(file -> lastModified(file).isAfter(built));
        if (newer.isEmpty()) {
            return;
        }
        LOG.info(
                "Broker image {} is older than {}: rebuilding it with broker-image/build-image.sh",
                image,
                repoRoot.relativize(newer.get()));
        ExecResult result = Processes.run(
                List.of("bash", script.toString()),
                null,
                Map.of("KRAFTER_KAFKA_IMAGE", image),
                repoRoot,
                Duration.ofMinutes(20),
                line -> System.out.println("[broker-image/build-image.sh] " + line));
        if (!result.succeeded()) {
            throw new IllegalStateException("broker-image/build-image.sh failed (exit code " + result.exitCode() + "): "
                    + LocalCluster.tail(result.stderr() + result.stdout(), 20));
        }
    }

    private static Optional<Path> newestFile(List<Path> roots) {
        Optional<Path> newest = Optional.empty();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                Optional<Path> candidate = files.filter(Files::isRegularFile)
                        .max(java.util.Comparator.comparing(ClusterSetup::lastModified));
                if (candidate.isPresent()
                        && (newest.isEmpty() || lastModified(candidate.get()).isAfter(lastModified(newest.get())))) {
                    newest = candidate;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return newest;
    }

    private static Optional<Path> operatorJar(Path repoRoot) {
        Path target = repoRoot.resolve("operator/target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("krafter-operator-.*\\.jar")
                            && !p.getFileName().toString().matches(".*-(sources|tests)\\.jar"))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant imageCreated(String image) {
        return Instant.parse(Docker.ok("image", "inspect", "--format", "{{.Created}}", image));
    }
}
