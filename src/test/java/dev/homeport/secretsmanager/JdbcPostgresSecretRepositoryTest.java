package dev.homeport.secretsmanager;

import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract on PostgreSQL, when {@code HOMEPORT_TEST_PG_URL} names a database to use, e.g.
 * {@code jdbc:postgresql://localhost:5432/homeport_test?user=postgres}. Tests isolate themselves by
 * account, so the database need not be empty.
 */
@EnabledIfEnvironmentVariable(named = "HOMEPORT_TEST_PG_URL", matches = ".+")
class JdbcPostgresSecretRepositoryTest extends SecretRepositoryContractTest {
    private static Database db;
    private static SecretRepository repo;

    @BeforeAll
    static void open() {
        db = Database.open(System.getenv("HOMEPORT_TEST_PG_URL"));
        repo = new JdbcSecretRepository(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected SecretRepository repository() {
        return repo;
    }
}
