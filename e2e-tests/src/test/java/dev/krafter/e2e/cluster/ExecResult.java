package dev.krafter.e2e.cluster;

/** What a command run in a pod (or by the Docker CLI) returned. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** stdout, or a failure naming the exit code and stderr. */
    public String stdoutOrThrow() {
        if (exitCode != 0) {
            throw new IllegalStateException("command failed with exit code " + exitCode + ": " + stderr.trim());
        }
        return stdout;
    }
}
