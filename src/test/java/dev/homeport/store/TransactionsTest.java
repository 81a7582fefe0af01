package dev.homeport.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Group commit: concurrent writers share transactions, yet each gets its own result and its own failure. */
class TransactionsTest {
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.openDefault(dir);
        db.transactions().inTransaction(c -> Sql.update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void concurrentWritersEachGetTheirOwnOutcome() throws Exception {
        int writers = 300;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                int id = i;
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return db.transactions().inTransaction(c -> {
                            Sql.update(c, "INSERT INTO t (id, v) VALUES (?, ?)", (long) id, "row " + id);
                            if (id % 10 == 3) {
                                // A duplicate key: this writer's statement fails, and only its own work is undone.
                                Sql.update(c, "INSERT INTO t (id, v) VALUES (?, ?)", (long) id, "again");
                            }
                            if (id % 10 == 7) {
                                throw new IllegalArgumentException("refused " + id);
                            }
                            // A nested transaction joins the one it runs in.
                            return db.transactions().read(r -> Sql.queryOne(r, "SELECT v FROM t WHERE id = ?",
                                    rs -> rs.getString(1), (long) id)).orElseThrow();
                        });
                    } catch (StoreException e) {
                        return "store failure";
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                }));
            }
            go.countDown();
            for (int i = 0; i < writers; i++) {
                String expected = i % 10 == 3 ? "store failure" : i % 10 == 7 ? "refused " + i : "row " + i;
                assertThat(outcomes.get(i).get()).as("writer " + i).isEqualTo(expected);
            }
        }
        List<Long> stored = db.transactions().read(c -> Sql.query(c, "SELECT id FROM t ORDER BY id", rs -> rs.getLong(1)));
        assertThat(stored).hasSize(writers - writers / 10 * 2);
        assertThat(stored).noneMatch(id -> id % 10 == 3 || id % 10 == 7);
    }

    @Test
    void aWriteIsReadableOnceItReturns() {
        for (int i = 0; i < 50; i++) {
            long id = i;
            db.transactions().inTransaction(c -> Sql.update(c, "INSERT INTO t (id, v) VALUES (?, ?)", id, "x"));
            java.util.Optional<Long> count = db.transactions().read(c -> Sql.queryOne(c, "SELECT COUNT(*) FROM t",
                    rs -> rs.getLong(1)));
            assertThat(count).contains(id + 1);
        }
    }
}
