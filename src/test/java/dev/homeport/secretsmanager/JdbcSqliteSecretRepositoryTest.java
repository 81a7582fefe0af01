package dev.homeport.secretsmanager;

import dev.homeport.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class JdbcSqliteSecretRepositoryTest extends SecretRepositoryContractTest {
    @TempDir
    Path dir;
    private Database db;
    private SecretRepository repo;

    @BeforeEach
    void open() {
        db = Database.openDefault(dir);
        repo = new JdbcSecretRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected SecretRepository repository() {
        return repo;
    }
}
