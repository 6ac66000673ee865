package dev.krafter.e2e.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The Docker CLI, run with {@link ProcessBuilder}: small, explicit, and the same commands a person would type. */
public final class Docker {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private Docker() {
    }

    /** Runs {@code docker args...}; the result carries exit code, stdout and stderr. */
    public static ExecResult run(List<String> args) {
        return run(args, null, DEFAULT_TIMEOUT);
    }

    public static ExecResult run(String... args) {
        return run(List.of(args));
    }

    /** Runs {@code docker args...}, failing with the command and its stderr when it exits non-zero. */
    public static String ok(String... args) {
        return ok(List.of(args));
    }

    public static String ok(List<String> args) {
        ExecResult result = run(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + result.exitCode() + "): "
                    + result.stderr().trim());
        }
        return result.stdout().trim();
    }

    public static ExecResult run(List<String> args, byte[] stdin, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", args) + " did not finish within " + timeout);
            }
            return new ExecResult(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run docker " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running docker " + String.join(" ", args), e);
        }
    }

    /** True when a Docker engine answers. */
    public static boolean available() {
        try {
            return run(List.of("version", "--format", "{{.Server.Version}}"), null, Duration.ofSeconds(20)).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when {@code image} exists in the local image store (nothing is ever pulled). */
    public static boolean imageExists(String image) {
        try {
            return run(List.of("image", "inspect", "--format", "{{.Id}}", image), null, Duration.ofSeconds(20)).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
