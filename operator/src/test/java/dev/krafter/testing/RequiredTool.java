package dev.krafter.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * A tool or image a test needs (helm, Lua, Docker, the Kubernetes binaries). On a developer's machine a missing one
 * skips the test with a message saying how to get it; under CI ({@code CI=true}) it fails the test, so a run that
 * tested nothing cannot look green.
 */
public final class RequiredTool {
    private RequiredTool() {}

    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns when {@code present}; otherwise fails under CI and skips the calling test elsewhere. */
    public static void require(boolean present, String whatIsMissing) {
        if (present) {
            return;
        }
        if (underCi()) {
            throw new IllegalStateException(whatIsMissing + " (CI=true: failing instead of skipping)");
        }
        Assumptions.abort(whatIsMissing);
    }
}
