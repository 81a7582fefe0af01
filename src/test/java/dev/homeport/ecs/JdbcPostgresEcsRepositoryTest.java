package dev.homeport.ecs;

import dev.homeport.store.Database;
import dev.homeport.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ECS repository contract on PostgreSQL, when {@code HOMEPORT_TEST_PG_URL} names a database
 * (CI sets it; there a missing variable fails instead of skipping). Each test uses its own account.
 */
class JdbcPostgresEcsRepositoryTest extends EcsRepositoryContract {
    private static Database db;
    private static EcsRepository repo;

    @BeforeAll
    static void open() {
        db = TestPostgres.open();
        repo = new JdbcEcsRepository(db);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    EcsRepository repository() {
        return repo;
    }
}
