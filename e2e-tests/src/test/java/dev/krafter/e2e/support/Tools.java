package dev.krafter.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the command-line tools the suite runs (helm, kstatus) on this machine. */
public final class Tools {
    private Tools() {}

    /**
     * The executable named by the environment variable {@code overrideEnv} when set, else {@code name} on PATH, else
     * the first of {@code fallbacks} that is executable.
     */
    public static Optional<String> find(String name, String overrideEnv, List<Path> fallbacks) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv(overrideEnv))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .ifPresent(candidates::add);
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, name));
            }
        }
        candidates.addAll(fallbacks);
        return candidates.stream()
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
