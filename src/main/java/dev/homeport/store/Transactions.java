package dev.homeport.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
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
 *
 * <p><b>Group commit</b> (SQLite): a write is acknowledged only once its transaction is synced to disk
 * ({@code synchronous=FULL}), and that sync, not the statements, is most of a small write's cost. So writers that
 * arrive while another transaction holds the database join the next one: its first writer (the leader) opens it,
 * then every writer that joined runs its work in it in turn, each on its own thread and inside a savepoint of its
 * own (a failing work rolls back only itself), and one commit makes them all durable at once. Each caller still
 * returns only after the commit, with its own result or its own failure. Every repository writes through here, so
 * all of them share this; PostgreSQL, whose writers run concurrently and which groups commits itself, does not.
 */
public final class Transactions {
    private final DataSource writers;
    private final DataSource readers;
    private final boolean postgres;
    private final ReentrantLock writeLock;
    private final ThreadLocal<Connection> writing = new ThreadLocal<>();
    private final ThreadLocal<Boolean> reading = new ThreadLocal<>();
    /** Guards {@link #open} and every {@link Batch}'s fields; its condition signals any change of them. */
    private final ReentrantLock batchLock = new ReentrantLock();
    private final Condition batchChanged = batchLock.newCondition();
    /** The batch that writers join now: being started or run by its leader, not yet closed to members. */
    private Batch open;

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
        return writeLock == null ? alone(work) : grouped(work);
    }

    /** A transaction of its own: PostgreSQL's writers run concurrently, each in its own transaction. */
    private <T> T alone(SqlWork<T> work) {
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
        }
    }

    /** One writer's part of a batch: its turn, and whether it has run. */
    private static final class Member {
        boolean turn;
        boolean ran;
    }

    /** One transaction shared by the writers that joined it. Fields guarded by {@link #batchLock}. */
    private static final class Batch {
        final java.util.ArrayDeque<Member> waiting = new java.util.ArrayDeque<>();
        Connection connection;
        /** A savepoint could not be rolled back: the transaction as a whole is not to be trusted. */
        volatile boolean broken;
        boolean done;
        RuntimeException commitFailure;
    }

    private <T> T grouped(SqlWork<T> work) {
        batchLock.lock();
        Batch batch = open;
        Member me = null;
        if (batch != null) {
            me = new Member();
            batch.waiting.add(me);
        } else {
            batch = new Batch();
            open = batch;
        }
        batchLock.unlock();
        return me == null ? lead(batch, work) : join(batch, me, work);
    }

    /** Opens the batch's transaction, runs its own work and then each member's in turn, and commits. */
    private <T> T lead(Batch batch, SqlWork<T> work) {
        Outcome<T> mine;
        try {
            lockForWrite();
        } catch (RuntimeException e) {
            abandon(batch, e);
            throw e;
        }
        try (Connection c = writers.getConnection()) {
            c.setAutoCommit(false);
            batch.connection = c;
            mine = runInSavepoint(batch, c, work);
            while (true) {
                Member next;
                batchLock.lock();
                try {
                    next = batch.waiting.poll();
                    if (next == null) {
                        open = null; // writers from now on start the next batch
                        break;
                    }
                    next.turn = true;
                    batchChanged.signalAll();
                    while (!next.ran) {
                        batchChanged.awaitUninterruptibly();
                    }
                } finally {
                    batchLock.unlock();
                }
            }
            RuntimeException commitFailure = null;
            try {
                if (batch.broken) {
                    throw new SQLException("a statement could not be rolled back to its savepoint");
                }
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                commitFailure = new StoreException("write transaction failed: " + e.getMessage(), e);
            }
            finish(batch, commitFailure);
            if (commitFailure != null) {
                throw commitFailure;
            }
        } catch (SQLException e) {
            StoreException failure = new StoreException("write transaction failed: " + e.getMessage(), e);
            abandon(batch, failure);
            throw failure;
        } finally {
            writeLock.unlock();
        }
        return mine.get();
    }

    /** Waits for its turn in the leader's transaction, runs its work there, and returns once it is committed. */
    private <T> T join(Batch batch, Member me, SqlWork<T> work) {
        batchLock.lock();
        try {
            while (!me.turn && !batch.done) {
                batchChanged.awaitUninterruptibly();
            }
            if (batch.done) {
                throw batch.commitFailure; // the leader could not open the transaction
            }
        } finally {
            batchLock.unlock();
        }
        Outcome<T> mine;
        writing.set(batch.connection);
        try {
            mine = runInSavepoint(batch, batch.connection, work);
        } finally {
            writing.remove();
            batchLock.lock();
            me.ran = true;
            batchChanged.signalAll();
            batchLock.unlock();
        }
        batchLock.lock();
        try {
            while (!batch.done) {
                batchChanged.awaitUninterruptibly();
            }
            if (batch.commitFailure != null) {
                throw batch.commitFailure;
            }
        } finally {
            batchLock.unlock();
        }
        return mine.get();
    }

    /** The batch's transaction could not be opened: its waiting members are told, and retry on their own. */
    private void abandon(Batch batch, RuntimeException failure) {
        batchLock.lock();
        try {
            if (open == batch) {
                open = null;
            }
            batch.commitFailure = failure;
            batch.done = true;
            batchChanged.signalAll();
        } finally {
            batchLock.unlock();
        }
    }

    private void finish(Batch batch, RuntimeException commitFailure) {
        batchLock.lock();
        try {
            batch.commitFailure = commitFailure;
            batch.done = true;
            batchChanged.signalAll();
        } finally {
            batchLock.unlock();
        }
    }

    /** What one work gave: its result, or the failure it rolled back to its savepoint for. */
    private record Outcome<T>(T result, Throwable failure) {
        T get() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new StoreException("statement failed: " + failure.getMessage(), failure);
            }
            return result;
        }
    }

    /**
     * Runs {@code work} on {@code c} inside a savepoint: its failure undoes only its own statements. Never throws:
     * when even the savepoint fails, the batch is marked broken and its leader rolls everything back.
     */
    private <T> Outcome<T> runInSavepoint(Batch batch, Connection c, SqlWork<T> work) {
        Connection before = writing.get();
        writing.set(c);
        Savepoint savepoint = null;
        try {
            savepoint = c.setSavepoint();
            T result = work.run(c);
            c.releaseSavepoint(savepoint);
            return new Outcome<>(result, null);
        } catch (SQLException | RuntimeException | Error e) {
            try {
                if (savepoint != null) {
                    c.rollback(savepoint);
                    c.releaseSavepoint(savepoint);
                } else {
                    batch.broken = true;
                }
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
                batch.broken = true;
            }
            return new Outcome<>(null, e);
        } finally {
            if (before == null) {
                writing.remove();
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
