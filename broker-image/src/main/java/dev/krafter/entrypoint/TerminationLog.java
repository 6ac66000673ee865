package dev.krafter.entrypoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The container's termination message: Kubernetes copies this file into the pod's
 * {@code lastState.terminated.message}, so the operator can name why a node keeps exiting without reading logs.
 * Kubernetes keeps at most 4096 bytes per container; the entrypoint writes one short line.
 */
final class TerminationLog {

    static final String ENV = "KRAFTER_TERMINATION_LOG";
    static final String DEFAULT_PATH = "/dev/termination-log";
    static final int MAX_BYTES = 4096;

    private TerminationLog() {}

    /** The file the entrypoint writes to: {@value #ENV}, else Kubernetes' default path. */
    static Path path(Map<String, String> env) {
        String configured = env.get(ENV);
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_PATH : configured);
    }

    /**
     * Writes {@code message}, cut to what Kubernetes keeps. Outside Kubernetes (no such file, or not writable) it writes
     * nothing: the message is on stderr anyway.
     */
    static void write(Map<String, String> env, String message) {
        Path file = path(env);
        if (!Files.isWritable(file)) {
            return;
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            bytes = (new String(bytes, 0, MAX_BYTES - 16, StandardCharsets.UTF_8) + " [cut]")
                    .getBytes(StandardCharsets.UTF_8);
        }
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            System.err.println(
                    "krafter-entrypoint: cannot write the termination message to " + file + ": " + e.getMessage());
        }
    }
}
