package dev.homeport.logs;

import dev.homeport.store.Database;
import dev.homeport.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on PostgreSQL when {@code HOMEPORT_TEST_PG_URL} names a database (CI sets it and
 * fails without it, as for the secret store's contract).
 */
class PostgresLogStoreTest extends LogStoreContractTest {
    private static Database db;
    private static LogStore store;

    @BeforeAll
    static void open() {
        db = TestPostgres.open();
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
