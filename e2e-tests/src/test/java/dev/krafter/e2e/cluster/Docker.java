package dev.krafter.e2e.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The Docker CLI, run with {@link ProcessBuilder}: small, explicit, and the same commands a person would type. */
public final class Docker {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private Docker() {}

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
        return Processes.run(command, stdin, java.util.Map.of(), null, timeout, null);
    }

    /** True when a Docker engine answers. */
    public static boolean available() {
        try {
            return run(List.of("version", "--format", "{{.Server.Version}}"), null, Duration.ofSeconds(20))
                            .exitCode()
                    == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when {@code image} exists in the local image store (nothing is ever pulled). */
    public static boolean imageExists(String image) {
        try {
            return run(List.of("image", "inspect", "--format", "{{.Id}}", image), null, Duration.ofSeconds(20))
                            .exitCode()
                    == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The image's ID (sha256 of its config), or null when it is not in the local image store. */
    public static String imageId(String image) {
        ExecResult result =
                run(List.of("image", "inspect", "--format", "{{.Id}}", image), null, Duration.ofSeconds(20));
        return result.succeeded() ? result.stdout().trim() : null;
    }
}
