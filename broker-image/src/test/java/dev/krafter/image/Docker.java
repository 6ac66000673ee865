package dev.krafter.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Docker CLI, run as a process: what the tests do to containers is exactly what a person would type. */
public final class Docker {

    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String output() {
            return stdout + stderr;
        }
    }

    private Docker() {}

    /** Whether a Docker engine answers (the integration tests are skipped otherwise). */
    public static boolean available() {
        try {
            return run(Duration.ofSeconds(20), "info", "--format", "{{.ServerVersion}}")
                    .ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs {@code docker <args>}; throws when it fails, with its output. */
    public static String ok(String... args) {
        return ok(Duration.ofMinutes(2), args);
    }

    public static String ok(Duration timeout, String... args) {
        Result result = run(timeout, args);
        if (!result.ok()) {
            throw new IllegalStateException(
                    "docker " + String.join(" ", args) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.stdout().trim();
    }

    public static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return process(timeout, command);
    }

    public static Result process(Duration timeout, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("docker-out", ".txt");
            err = Files.createTempFile("docker-err", ".txt");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // temp file; nothing to do
            }
        }
    }
}
