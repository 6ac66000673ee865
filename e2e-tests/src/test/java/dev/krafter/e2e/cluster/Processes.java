package dev.krafter.e2e.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Local commands (docker, kubectl, helm, cluster.sh, ctr) run with {@link ProcessBuilder}: the commands a person would type. */
public final class Processes {
    private Processes() {}

    /** Runs {@code command}; the result carries exit code, stdout and stderr. */
    public static ExecResult run(List<String> command, Duration timeout) {
        return run(command, null, Map.of(), null, timeout, null);
    }

    /**
     * Runs {@code command} in {@code directory} (null: the current one) with {@code env} added, feeding {@code stdin}
     * (may be null), and gives up after {@code timeout}. Each stdout and stderr line also goes to {@code echo} (may be
     * null) as it arrives, so a long command shows its progress.
     */
    public static ExecResult run(
            List<String> command,
            byte[] stdin,
            Map<String, String> env,
            Path directory,
            Duration timeout,
            Consumer<String> echo) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> out =
                    CompletableFuture.supplyAsync(() -> readAll(process.getInputStream(), echo));
            CompletableFuture<byte[]> err =
                    CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream(), echo));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new ExecResult(
                    process.exitValue(),
                    new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command}, failing with the command, its exit code and its output when it exits non-zero. */
    public static String ok(List<String> command, Duration timeout) {
        ExecResult result = run(command, timeout);
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit code " + result.exitCode()
                    + "): " + (result.stderr() + result.stdout()).trim());
        }
        return result.stdout().trim();
    }

    private static byte[] readAll(InputStream in, Consumer<String> echo) {
        try (in;
                ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
            if (echo == null) {
                in.transferTo(buffer);
                return buffer.toByteArray();
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                buffer.write(b);
                if (b == '\n') {
                    echo.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                echo.accept(line.toString(StandardCharsets.UTF_8));
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
