package dev.homeport.logs;

import dev.homeport.store.Database;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

class SqliteLogStoreTest extends LogStoreContractTest {
    private static Path dir;
    private static Database db;
    private static LogStore store;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("logs-store");
        db = Database.openDefault(dir);
        store = new LogStore(db);
    }

    @AfterAll
    static void close() {
        db.close();
        HomeportServer.deleteRecursively(dir);
    }

    @Override
    protected LogStore store() {
        return store;
    }
}
