package dev.homeport.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a Docker engine, Chromium, PostgreSQL, the AWS CLI). CI
 * ({@code CI=true}, set by {@code .ci/run}) installs all of it, so there a missing prerequisite fails the
 * test; on a developer's machine the test is skipped instead. One rule, so no test can skip silently in CI.
 */
public final class Prerequisite {
    private Prerequisite() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Fails under CI, skips elsewhere, unless {@code present}. */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (inCi()) {
            throw new AssertionError("CI=true but " + missing + " (scripts/prepare-test-machine.sh provides it)");
        }
        Assumptions.abort(missing);
    }
}
