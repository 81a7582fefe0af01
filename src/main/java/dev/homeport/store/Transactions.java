package dev.homeport.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs work in a transaction: all of it commits, or none of it does (so a secret is never half written).
 *
 * <p>Writes and reads are separate entry points because SQLite allows one writer at a time:
 * <ul>
 *   <li>{@link #inTransaction} is for any work that writes. On SQLite, write transactions are
 *       serialized in-process by a fair lock over a one-connection pool whose transactions start with
 *       {@code BEGIN IMMEDIATE}: a write never upgrades from a read snapshot, which is the case where
 *       SQLite returns SQLITE_BUSY without honouring busy_timeout. On PostgreSQL writers run concurrently;
 *       repositories lock the rows they change.</li>
 *   <li>{@link #read} is for read-only work and runs concurrently with writers and other readers (WAL).
 *       All its statements see one snapshot (REPEATABLE READ on PostgreSQL, a read transaction on
 *       SQLite), so a record and its child rows are read consistently.</li>
 * </ul>
 *
 * <p>Nesting: an {@code inTransaction} or {@code read} call made while the same thread is already inside
 * {@code inTransaction} joins that transaction, so repository methods compose. Calling
 * {@code inTransaction} from inside {@code read} is a bug and throws {@link IllegalStateException}.
 *
 * <p>A {@link RuntimeException} thrown by the work rolls back and propagates unchanged (so a service can
 * throw its AWS error from inside); an {@link SQLException} rolls back and is wrapped in
 * {@link StoreException}.
 */
public final class Transactions {
    private final DataSource writers;
    private final DataSource readers;
    private final boolean postgres;
    private final ReentrantLock writeLock;
    private final ThreadLocal<Connection> writing = new ThreadLocal<>();
    private final ThreadLocal<Boolean> reading = new ThreadLocal<>();

    /**
     * @param serializeWrites true for SQLite (one writer at a time), false for servers with row locks
     */
    Transactions(DataSource writers, DataSource readers, boolean serializeWrites, boolean postgres) {
        this.writers = writers;
        this.readers = readers;
        this.postgres = postgres;
        this.writeLock = serializeWrites ? new ReentrantLock(true) : null;
    }

    /** Runs {@code work} in a read-write transaction and commits it. */
    public <T> T inTransaction(SqlWork<T> work) {
        Connection joined = writing.get();
        if (joined != null) {
            return runJoined(joined, work);
        }
        if (Boolean.TRUE.equals(reading.get())) {
            throw new IllegalStateException("cannot start a write transaction inside a read");
        }
        lockForWrite();
        try (Connection c = writers.getConnection()) {
            c.setAutoCommit(false);
            writing.set(c);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                writing.remove();
            }
        } catch (SQLException e) {
            throw new StoreException("write transaction failed: " + e.getMessage(), e);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    /** Runs read-only {@code work} on a consistent snapshot. */
    public <T> T read(SqlWork<T> work) {
        Connection joined = writing.get();
        if (joined != null) {
            return runJoined(joined, work);
        }
        try (Connection c = readers.getConnection()) {
            if (postgres) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            c.setAutoCommit(false);
            reading.set(Boolean.TRUE);
            try {
                T result = work.run(c);
                c.commit(); // ends the read snapshot; on SQLite a lingering one would hold back WAL checkpoints
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                reading.remove();
            }
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private static <T> T runJoined(Connection c, SqlWork<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            // The outer inTransaction sees this exception and rolls back everything.
            throw new StoreException("statement failed: " + e.getMessage(), e);
        }
    }

    private void lockForWrite() {
        if (writeLock == null) {
            return;
        }
        try {
            if (!writeLock.tryLock(60, TimeUnit.SECONDS)) {
                throw new StoreException("timed out waiting 60 s for the database write lock", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for the database write lock", e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
