package dev.homeport.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Homeport's own named values in the database ({@code homeport_setting}): the master keyset's check value, the
 * key of task metadata paths. Values are bytes the caller has already sealed where they need to be. Thread-safe.
 */
public final class Settings {
    private final Database database;
    private final Clock clock;

    public Settings(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * The additional authenticated data a sealed setting is bound to: its name, so that no stored secret value
     * (bound to its ARN and version) and no other setting can stand in for it.
     */
    public static String aad(String name) {
        return "homeport|" + name;
    }

    /** Every setting's name, for re-sealing after a key rotation. */
    public List<String> names() {
        return database.transactions().read(c -> Sql.query(c, "SELECT name FROM homeport_setting ORDER BY name",
                rs -> rs.getString(1)));
    }

    /** Replaces the value under {@code name} if it is still {@code expected} (compare-and-set); true if replaced. */
    public boolean replace(String name, byte[] expected, byte[] replacement) {
        return database.transactions().inTransaction(c -> Sql.update(c,
                "UPDATE homeport_setting SET value = ? WHERE name = ? AND value = ?", replacement, name, expected) == 1);
    }

    /** The value stored under {@code name}, if any. */
    public Optional<byte[]> get(String name) {
        return database.transactions().read(c -> Sql.queryOne(c,
                "SELECT value FROM homeport_setting WHERE name = ?", rs -> rs.getBytes(1), name));
    }

    /**
     * Stores {@code value} under {@code name} unless a value is there already, and returns the one that is stored:
     * of two servers (or threads) setting the same name at once, both end up with the first one's value.
     */
    public byte[] putIfAbsent(String name, byte[] value) {
        return database.transactions().inTransaction(c -> {
            Sql.update(c, "INSERT INTO homeport_setting (name, value, created_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING", name, value, clock.instant());
            return Sql.queryOne(c, "SELECT value FROM homeport_setting WHERE name = ?", rs -> rs.getBytes(1), name)
                    .orElseThrow();
        });
    }
}
