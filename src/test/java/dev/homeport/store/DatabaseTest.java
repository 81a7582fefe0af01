package dev.homeport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() throws SQLException {
        db = Database.openDefault(dir);
        db.transactions().inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static String pragma(DataSource ds, String name) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void sqliteConnectionsAreDurableWalWithForeignKeys() throws SQLException {
        assertThat(db.vendor()).isEqualTo(Database.Vendor.SQLITE);
        for (DataSource ds : List.of(db.writeDataSource(), db.readDataSource())) {
            assertThat(pragma(ds, "journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(pragma(ds, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(ds, "foreign_keys")).isEqualTo("1");
            assertThat(Integer.parseInt(pragma(ds, "busy_timeout"))).isGreaterThanOrEqualTo(5000);
        }
    }

    @Test
    void migrationsRanAndReopeningIsANoOp() throws SQLException {
        int count = db.transactions().read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sm_secret")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(count).isZero();
        db.close();
        db = Database.open(Database.defaultUrl(dir));
        boolean migrated = db.transactions().read(c -> c.createStatement().executeQuery("SELECT 1 FROM flyway_schema_history").next());
        assertThat(migrated).isTrue();
    }

    @Test
    void failedTransactionWritesNothingAndRethrowsUnchanged() {
        assertThatThrownBy(() -> db.transactions().inTransaction(c -> {
            insert(c, 1);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThatThrownBy(() -> db.transactions().inTransaction(c -> {
            insert(c, 2);
            insert(c, 2); // primary key violation
            return null;
        })).isInstanceOf(StoreException.class);
        assertThat(rows()).isZero();
    }

    @Test
    void nestedCallsJoinTheOuterTransaction() {
        assertThatThrownBy(() -> db.transactions().inTransaction(c -> {
            insert(c, 1);
            db.transactions().inTransaction(inner -> insert(inner, 2));
            int seen = db.transactions().read(DatabaseTest::count);
            assertThat(seen).isEqualTo(2); // sees its own writes
            throw new IllegalStateException("undo both");
        })).hasMessage("undo both");
        assertThat(rows()).isZero();
        assertThatThrownBy(() -> db.transactions().read(c -> db.transactions().inTransaction(w -> insert(w, 3))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentWritersAndReadersNeverSeeBusy() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int base = w * 1000;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int id = base + i;
                        // read-then-write inside one transaction: the pattern that gives SQLITE_BUSY with deferred begins
                        db.transactions().inTransaction(c -> count(c) >= 0 ? insert(c, id) : null);
                    }
                }));
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        db.transactions().read(DatabaseTest::count);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(rows()).isEqualTo(200);
    }

    private int rows() {
        return db.transactions().read(DatabaseTest::count);
    }

    private static Integer count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Void insert(Connection c, int id) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 'x')")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
        return null;
    }
}
