package dev.homeport.secretsmanager;

import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract on PostgreSQL, when {@code HOMEPORT_TEST_PG_URL} names a database to use, e.g.
 * {@code jdbc:postgresql://localhost:5432/homeport_test?user=postgres}. Tests isolate themselves by
 * account, so the database need not be empty. CI starts a PostgreSQL server and sets the variable
 * ({@code .ci/run}); there a missing variable fails instead of skipping.
 */
class JdbcPostgresSecretRepositoryTest extends SecretRepositoryContractTest {
    private static Database db;
    private static SecretRepository repo;

    @BeforeAll
    static void open() {
        String url = System.getenv("HOMEPORT_TEST_PG_URL");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(url).as("CI must provide HOMEPORT_TEST_PG_URL (see .ci/run)").isNotBlank();
        }
        assumeTrue(url != null && !url.isBlank(), "HOMEPORT_TEST_PG_URL not set");
        db = Database.open(url);
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
