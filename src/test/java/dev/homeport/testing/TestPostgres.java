package dev.homeport.testing;

import dev.homeport.store.Database;


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
        Prerequisite.require(url != null && !url.isBlank(), "HOMEPORT_TEST_PG_URL is not set");
        return Database.open(url);
    }
}
