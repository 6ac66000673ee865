package dev.krafter.chart;

import dev.krafter.testing.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code helm} binary. Found through $HELM, then PATH, then {@code .build/tools/helm} at the repository
 * root, then {@code operator/target/tools/helm}; {@code helm-chart/install-helm.sh} installs it. Tests that need it are
 * skipped with that hint when it is absent.
 */
final class Helm {
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Helm() {}

    static Optional<Path> find() {
        Stream<Path> env = Optional.ofNullable(System.getenv("HELM")).filter(s -> !s.isBlank()).map(Path::of).stream();
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, "helm"));
        Path root = ChartFiles.repositoryRoot();
        Stream<Path> local = Stream.of(root.resolve(".build/tools/helm"), root.resolve("operator/target/tools/helm"));
        return Stream.of(env, path, local)
                .flatMap(s -> s)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The helm binary; without one the calling test is skipped, or fails under CI ({@link RequiredTool}). */
    static Path require() {
        Optional<Path> helm = find();
        RequiredTool.require(
                helm.isPresent(),
                "helm not found ($HELM, PATH, .build/tools/helm): install it with helm-chart/install-helm.sh");
        return helm.get();
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("helm-out", ".txt");
            Path err = Files.createTempFile("helm-err", ".txt");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(ChartFiles.repositoryRoot().toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("helm did not finish in 120 s: " + command);
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template} of the chart with {@code --set} style values; fails the test when helm fails. */
    static String template(String... setValues) {
        List<String> args = new ArrayList<>(
                List.of("template", "krafter", ChartFiles.chart().toString(), "--namespace", "krafter-system"));
        for (String value : setValues) {
            args.add(value.startsWith("--") ? value : "--set");
            if (!value.startsWith("--")) {
                args.add(value);
            }
        }
        Result result = run(args.toArray(String[]::new));
        if (!result.ok()) {
            throw new AssertionError("helm " + String.join(" ", args) + " failed:\n" + result.stderr());
        }
        return result.stdout();
    }
}
