package dev.homeport.testing;

import dev.homeport.store.Database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL database named by {@code HOMEPORT_TEST_PG_URL}, for contract tests that run every
 * store implementation. The test command starts one and sets the variable
 * ({@code scripts/prepare-test-machine.sh}); under {@code CI=true} a missing variable fails the test
 * instead of skipping it.
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    public static Database open() {
        String url = System.getenv("HOMEPORT_TEST_PG_URL");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(url).as("CI must provide HOMEPORT_TEST_PG_URL (scripts/prepare-test-machine.sh)").isNotBlank();
        }
        assumeTrue(url != null && !url.isBlank(), "HOMEPORT_TEST_PG_URL not set");
        return Database.open(url);
    }
}
