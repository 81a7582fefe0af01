package dev.homeport.secretsmanager;

import dev.homeport.store.Database;
import dev.homeport.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on PostgreSQL, when {@code HOMEPORT_TEST_PG_URL} names a database to use, e.g.
 * {@code jdbc:postgresql://localhost:5432/homeport_test?user=postgres}. Tests isolate themselves by
 * account, so the database need not be empty. CI starts a PostgreSQL server and sets the variable
 * ({@link TestPostgres}); under CI a missing variable fails instead of skipping.
 */
class JdbcPostgresSecretRepositoryTest extends SecretRepositoryContractTest {
    private static Database db;
    private static SecretRepository repo;

    @BeforeAll
    static void open() {
        db = TestPostgres.open();
        repo = new JdbcSecretRepository(db);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected SecretRepository repository() {
        return repo;
    }
}
