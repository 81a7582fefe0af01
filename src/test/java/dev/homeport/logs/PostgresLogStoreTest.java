package dev.homeport.logs;

import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract on PostgreSQL when {@code HOMEPORT_TEST_PG_URL} names a database (CI sets it and
 * fails without it, as for the secret store's contract).
 */
class PostgresLogStoreTest extends LogStoreContractTest {
    private static Database db;
    private static LogStore store;

    @BeforeAll
    static void open() {
        String url = System.getenv("HOMEPORT_TEST_PG_URL");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(url).as("CI must provide HOMEPORT_TEST_PG_URL (see .ci/run)").isNotBlank();
        }
        assumeTrue(url != null && !url.isBlank(), "HOMEPORT_TEST_PG_URL not set");
        db = Database.open(url);
        store = new LogStore(db);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected LogStore store() {
        return store;
    }
}
