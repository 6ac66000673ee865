package dev.krafter.e2e.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code kubectl} against one kubeconfig and context, for what users do with it: exec, logs, apply of CRDs. */
public final class Kubectl {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final String binary;
    private final Path kubeconfig;
    private final String context;

    public Kubectl(String binary, Path kubeconfig, String context) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.context = context;
    }

    /** Runs {@code kubectl --kubeconfig <file> [--context <context>] args...}. */
    public ExecResult run(List<String> args) {
        return run(args, DEFAULT_TIMEOUT);
    }

    public ExecResult run(List<String> args, Duration timeout) {
        return Processes.run(command(args), timeout);
    }

    /** Like {@link #run} but fails with the command and its output when it exits non-zero. */
    public String ok(List<String> args, Duration timeout) {
        return Processes.ok(command(args), timeout);
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig", kubeconfig.toString()));
        if (context != null) {
            command.addAll(List.of("--context", context));
        }
        command.addAll(args);
        return command;
    }

    @Override
    public String toString() {
        return binary + " --kubeconfig " + kubeconfig + (context == null ? "" : " --context " + context);
    }
}
