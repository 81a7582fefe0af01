package dev.homeport.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The relational store: connection pools, migrations and {@link Transactions}, for SQLite (default) or
 * PostgreSQL.
 *
 * <p><b>SQLite</b> connections are opened with
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers never block the writer or each other;</li>
 *   <li>{@code synchronous=FULL}: the WAL is fsync-ed at every commit, so a write that was acknowledged
 *       survives kill -9 and power loss (NORMAL would only survive a process crash);</li>
 *   <li>{@code foreign_keys=ON}: off by default in SQLite, per connection;</li>
 *   <li>{@code busy_timeout}: waits instead of failing if another process (a backup, the sqlite3 shell)
 *       holds the lock briefly.</li>
 * </ul>
 * Writes go through a one-connection pool whose transactions begin IMMEDIATE (see {@link Transactions});
 * reads use a separate pool of {@code readConnections}.
 *
 * <p><b>PostgreSQL</b> uses one pool for both. Credentials go in the URL
 * ({@code jdbc:postgresql://host/db?user=u&password=p}) or through {@link #open(String, String, String)}.
 *
 * <p><b>Migrations</b> run at open from {@code classpath:db/migration} (Flyway), one SQL script set for
 * both databases. The only type the two disagree on is binary (SQLite {@code BLOB}, PostgreSQL
 * {@code BYTEA}); scripts write {@code ${blob_type}} and Flyway substitutes it. A placeholder keeps one
 * file per migration instead of a parallel {@code db/migration/{vendor}} tree that would drift.
 * Migrations run on a plain connection before the pools exist, so Flyway never competes with the
 * one-connection write pool. When the schema history already lists every shipped migration as
 * applied, Flyway is not even loaded ({@link Migrations}): that is most starts, and loading it was
 * the largest part of opening the store.
 *
 * <p><b>A new SQLite file</b> starts as a copy of {@link #EMPTY_SCHEMA}: the empty database Flyway made
 * from these same scripts when Homeport was built ({@code src/build/MakeEmptySchema.java}), its schema
 * history included. So a first start skips Flyway too (it was about 0.4 s of CPU), and a later build's
 * new migrations still apply on top. Without the resource (classes not built by Maven) Flyway makes
 * the schema as before.
 */
public final class Database implements AutoCloseable {
    /** The databases Homeport supports. */
    public enum Vendor { SQLITE, POSTGRESQL }

    public static final String DB_FILE = "homeport.db";
    /** Classpath resource: the empty, migrated SQLite database a new database file is copied from. */
    public static final String EMPTY_SCHEMA = "db/empty-schema.sqlite";
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    private static final int DEFAULT_POOL = 8;

    private final Vendor vendor;
    private final HikariDataSource writers;
    private final HikariDataSource readers; // == writers on PostgreSQL
    private final Transactions transactions;

    private Database(Vendor vendor, HikariDataSource writers, HikariDataSource readers) {
        this.vendor = vendor;
        this.writers = writers;
        this.readers = readers;
        this.transactions = new Transactions(writers, readers, vendor == Vendor.SQLITE, vendor == Vendor.POSTGRESQL);
    }

    /** {@code jdbc:sqlite:<dataDir>/homeport.db}. */
    public static String defaultUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.toAbsolutePath().resolve(DB_FILE);
    }

    /** Opens (creating the directory if needed) and migrates the default SQLite database in {@code dataDir}. */
    public static Database openDefault(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        return open(defaultUrl(dataDir));
    }

    /** Opens and migrates the database at {@code jdbcUrl} ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}). */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /** As {@link #open(String)}, with credentials for a server database (ignored by SQLite). */
    public static Database open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return openSqlite(jdbcUrl);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return openPostgres(jdbcUrl, user, password);
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:sqlite: or jdbc:postgresql:): " + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    }

    public Vendor vendor() {
        return vendor;
    }

    public Transactions transactions() {
        return transactions;
    }

    /** The pool for writes (one connection on SQLite). Prefer {@link #transactions()}. */
    public DataSource writeDataSource() {
        return writers;
    }

    /** The pool for reads. Prefer {@link #transactions()}. */
    public DataSource readDataSource() {
        return readers;
    }

    @Override
    public void close() {
        if (readers != writers) {
            readers.close();
        }
        writers.close();
    }

    private static Database openSqlite(String url) {
        Path file = plainFile(url);
        if (file != null) {
            seedFromEmptySchema(file);
        }
        migrate(sqliteSource(url, false), Vendor.SQLITE);
        HikariDataSource writers = pool("homeport-sqlite-write", sqliteSource(url, true), 1);
        HikariDataSource readers = pool("homeport-sqlite-read", sqliteSource(url, false), DEFAULT_POOL);
        return new Database(Vendor.SQLITE, writers, readers);
    }

    /** The database file of {@code jdbc:sqlite:<path>}; null for in-memory, {@code file:} URIs or URL options. */
    static Path plainFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("file:") || rest.contains("?")) {
            return null;
        }
        return Path.of(rest).toAbsolutePath();
    }

    /**
     * Creates {@code file} as a copy of {@link #EMPTY_SCHEMA} if it does not exist yet; true if it did.
     * The copy is written and synced under a temporary name and then linked to {@code file}, which fails
     * if another process created the file meanwhile: a database is never half a copy, nor overwritten.
     * Any failure leaves {@code file} absent, and Flyway makes the schema instead.
     */
    static boolean seedFromEmptySchema(Path file) {
        if (Files.exists(file)) {
            return false;
        }
        try (InputStream template = Database.class.getClassLoader().getResourceAsStream(EMPTY_SCHEMA)) {
            if (template == null) {
                return false;
            }
            Path dir = file.getParent();
            Path tmp = Files.createTempFile(dir, ".homeport-", ".db");
            try {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    template.transferTo(Channels.newOutputStream(out));
                    out.force(true);
                }
                Files.createLink(file, tmp);
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true); // the new name survives a power loss
                } catch (IOException e) {
                    // not every platform can sync a directory; SQLite syncs it again with its first journal
                }
                return true;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // FileAlreadyExistsException included: someone else's copy is used
        }
    }

    private static SQLiteDataSource sqliteSource(String url, boolean immediate) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        if (immediate) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    private static Database openPostgres(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("homeport-postgres");
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(DEFAULT_POOL * 2);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds, Vendor.POSTGRESQL);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(Vendor.POSTGRESQL, ds, ds);
    }

    private static HikariDataSource pool(String name, DataSource source, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        // SQLite connections are local files: nothing times out underneath us, keep them forever.
        config.setMaxLifetime(0);
        config.setIdleTimeout(0);
        return new HikariDataSource(config);
    }

    private static void migrate(DataSource source, Vendor vendor) {
        if (Migrations.upToDate(source, Migrations.shippedVersions(Database.class.getClassLoader()))) {
            return; // every shipped migration is applied: Flyway would find nothing to do
        }
        flyway(source, vendor).migrate();
    }

    /** Flyway over the shipped scripts, for {@code vendor}'s binary type. */
    static Flyway flyway(DataSource source, Vendor vendor) {
        return Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration")
                .placeholders(Map.of("blob_type", vendor == Vendor.SQLITE ? "BLOB" : "BYTEA"))
                .load();
    }
}
