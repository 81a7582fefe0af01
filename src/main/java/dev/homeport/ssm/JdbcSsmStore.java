package dev.homeport.ssm;

import dev.homeport.crypto.AuthenticationFailedException;
import dev.homeport.crypto.Sealed;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.store.Database;
import dev.homeport.store.Sql;
import dev.homeport.store.Transactions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Parameter Store's parameters on the relational store (SQLite or PostgreSQL; schema in {@code V14__ssm.sql}). Each
 * method is one transaction, and every query names the account and region. Each read goes to the database: put
 * {@link CachingSsmStore} in front for the GetParameter path.
 */
public final class JdbcSsmStore implements SsmStore {
    private final Transactions tx;

    public JdbcSsmStore(Database database) {
        this.tx = database.transactions();
    }

    @Override
    public Resealed resealSecureStrings(SecretBarrier barrier) {
        record Row(String account, String region, String name, long version, byte[] sealed) {
        }
        List<Row> rows = tx.read(c -> Sql.query(c, "SELECT account_id, region, name, version, sealed_value "
                + "FROM ssm_parameter_version WHERE sealed_value IS NOT NULL", rs -> new Row(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBytes(5))));
        int resealed = 0;
        int unreadable = 0;
        for (Row r : rows) {
            Sealed stored = Sealed.of(r.sealed());
            if (!barrier.needsReseal(stored)) {
                continue;
            }
            String aad = ParameterOperations.aad(SsmAccess.arn(r.region(), r.account(), r.name()), r.version());
            byte[] plain;
            try {
                plain = barrier.open(stored, aad);
            } catch (AuthenticationFailedException e) {
                unreadable++;
                continue;
            }
            byte[] again;
            try {
                again = barrier.seal(plain, aad).bytes();
            } finally {
                java.util.Arrays.fill(plain, (byte) 0);
            }
            resealed += tx.inTransaction(c -> Sql.update(c, "UPDATE ssm_parameter_version SET sealed_value = ? "
                    + "WHERE account_id = ? AND region = ? AND name = ? AND version = ? AND sealed_value = ?",
                    again, r.account(), r.region(), r.name(), r.version(), r.sealed()));
        }
        return new Resealed(resealed, unreadable);
    }

    private static ParameterVersion row(ResultSet rs) throws SQLException {
        byte[] sealed = rs.getBytes("sealed_value");
        return new ParameterVersion(rs.getString("name"), rs.getLong("version"), rs.getString("type"),
                rs.getString("value"), sealed == null ? null : Sealed.of(sealed), rs.getString("description"),
                rs.getString("allowed_pattern"), rs.getString("key_id"), rs.getString("tier"),
                rs.getString("data_type"), rs.getString("policies"), Instant.ofEpochMilli(rs.getLong("modified_at")),
                rs.getString("modified_by"), List.of());
    }

    private static ParameterVersion withLabels(Connection c, String account, String region, ParameterVersion v)
            throws SQLException {
        List<String> labels = Sql.query(c, "SELECT label FROM ssm_parameter_label WHERE account_id = ? AND region = ? "
                + "AND name = ? AND version = ? ORDER BY label", rs -> rs.getString(1), account, region, v.name(),
                v.version());
        return new ParameterVersion(v.name(), v.version(), v.type(), v.value(), v.sealed(), v.description(),
                v.allowedPattern(), v.keyId(), v.tier(), v.dataType(), v.policies(), v.modifiedAt(), v.modifiedBy(),
                labels);
    }

    /**
     * Takes the parameter's row lock for the rest of the transaction (PostgreSQL; SQLite has one writer at a time), so
     * writers of one parameter take turns; false when it doesn't exist.
     */
    private static boolean lock(Connection c, String account, String region, String name) throws SQLException {
        return Sql.update(c, "UPDATE ssm_parameter SET latest_version = latest_version WHERE account_id = ? "
                + "AND region = ? AND name = ?", account, region, name) == 1;
    }

    /** Another writer created the same parameter at the same time (PostgreSQL's unique_violation). */
    private static final class ConcurrentCreate extends RuntimeException {
        ConcurrentCreate() {
            super("concurrent create", null, false, false);
        }
    }

    private static Optional<Long> latestVersion(Connection c, String account, String region, String name)
            throws SQLException {
        return Sql.queryOne(c, "SELECT latest_version FROM ssm_parameter WHERE account_id = ? AND region = ? "
                + "AND name = ?", rs -> rs.getLong(1), account, region, name);
    }

    private static Optional<ParameterVersion> version(Connection c, String account, String region, String name,
                                                      long version) throws SQLException {
        Optional<ParameterVersion> v = Sql.queryOne(c, "SELECT * FROM ssm_parameter_version WHERE account_id = ? "
                + "AND region = ? AND name = ? AND version = ?", JdbcSsmStore::row, account, region, name, version);
        return v.isEmpty() ? v : Optional.of(withLabels(c, account, region, v.get()));
    }

    @Override
    public Optional<ParameterVersion> latest(String account, String region, String name) {
        return tx.read(c -> {
            Optional<Long> latest = latestVersion(c, account, region, name);
            return latest.isEmpty() ? Optional.empty() : version(c, account, region, name, latest.get());
        });
    }

    @Override
    public boolean exists(String account, String region, String name) {
        return tx.read(c -> latestVersion(c, account, region, name).isPresent());
    }

    @Override
    public Optional<ParameterVersion> version(String account, String region, String name, long version) {
        return tx.read(c -> version(c, account, region, name, version));
    }

    @Override
    public Optional<ParameterVersion> labelled(String account, String region, String name, String label) {
        return tx.read(c -> {
            Optional<Long> v = Sql.queryOne(c, "SELECT version FROM ssm_parameter_label WHERE account_id = ? "
                    + "AND region = ? AND name = ? AND label = ?", rs -> rs.getLong(1), account, region, name, label);
            return v.isEmpty() ? Optional.empty() : version(c, account, region, name, v.get());
        });
    }

    @Override
    public List<ParameterVersion> history(String account, String region, String name) {
        return tx.read(c -> {
            List<ParameterVersion> rows = Sql.query(c, "SELECT * FROM ssm_parameter_version WHERE account_id = ? "
                    + "AND region = ? AND name = ? ORDER BY version", JdbcSsmStore::row, account, region, name);
            List<ParameterVersion> out = new ArrayList<>();
            for (ParameterVersion v : rows) {
                out.add(withLabels(c, account, region, v));
            }
            return out;
        });
    }

    @Override
    public List<ParameterVersion> listLatest(String account, String region) {
        // Sorted here, not by the database: PostgreSQL sorts by the database's collation, which in most locales
        // ignores punctuation, and page tokens compare names as Java does.
        List<ParameterVersion> all = new ArrayList<>(tx.read(c -> Sql.query(c, "SELECT v.* FROM ssm_parameter p "
                + "JOIN ssm_parameter_version v ON v.account_id = p.account_id AND v.region = p.region "
                + "AND v.name = p.name AND v.version = p.latest_version WHERE p.account_id = ? AND p.region = ?",
                JdbcSsmStore::row, account, region)));
        all.sort(java.util.Comparator.comparing(ParameterVersion::name));
        return all;
    }

    @Override
    public ParameterVersion put(String account, String region, String name, Map<String, String> tags,
                                BiFunction<Optional<ParameterVersion>, Long, ParameterVersion> build) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return putOnce(account, region, name, tags, build);
            } catch (ConcurrentCreate e) {
                // another writer created it first: write again, now as the next version (or be refused by build)
            }
        }
        throw new TooManyUpdatesException();
    }

    private ParameterVersion putOnce(String account, String region, String name, Map<String, String> tags,
                                     BiFunction<Optional<ParameterVersion>, Long, ParameterVersion> build) {
        return tx.inTransaction(c -> {
            boolean locked = lock(c, account, region, name);
            Optional<Long> latest = latestVersion(c, account, region, name);
            if (!locked && latest.isPresent()) {
                // created and committed by another writer between our lock and our read: lock it now, read again
                lock(c, account, region, name);
                latest = latestVersion(c, account, region, name);
            }
            Optional<ParameterVersion> previous = latest.isEmpty() ? Optional.empty()
                    : version(c, account, region, name, latest.get());
            long next = latest.orElse(0L) + 1;
            ParameterVersion v = build.apply(previous, next);
            if (latest.isEmpty()) {
                try {
                    Sql.update(c, "INSERT INTO ssm_parameter (account_id, region, name, latest_version) "
                            + "VALUES (?, ?, ?, ?)", account, region, name, next);
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw new ConcurrentCreate();
                    }
                    throw e;
                }
                for (Map.Entry<String, String> t : tags.entrySet()) {
                    Sql.update(c, "INSERT INTO ssm_parameter_tag (account_id, region, name, tag_key, tag_value) "
                            + "VALUES (?, ?, ?, ?, ?)", account, region, name, t.getKey(), t.getValue());
                }
            } else {
                Sql.update(c, "UPDATE ssm_parameter SET latest_version = ? WHERE account_id = ? AND region = ? "
                        + "AND name = ?", next, account, region, name);
            }
            try {
                Sql.update(c, "INSERT INTO ssm_parameter_version (account_id, region, name, version, type, value, "
                                + "sealed_value, description, allowed_pattern, key_id, tier, data_type, policies, "
                                + "modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        account, region, name, next, v.type(), v.value(),
                        Sql.nullable(v.sealed() == null ? null : v.sealed().bytes(), Types.BINARY), v.description(),
                        v.allowedPattern(), v.keyId(), v.tier(), v.dataType(), v.policies(), v.modifiedAt(),
                        v.modifiedBy());
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new ConcurrentCreate(); // a version of a parameter deleted and created again meanwhile
                }
                throw e;
            }
            long oldest = next - MAX_VERSIONS;
            if (oldest >= 1) {
                Sql.update(c, "DELETE FROM ssm_parameter_version WHERE account_id = ? AND region = ? AND name = ? "
                        + "AND version <= ?", account, region, name, oldest);
                Sql.update(c, "DELETE FROM ssm_parameter_label WHERE account_id = ? AND region = ? AND name = ? "
                        + "AND version <= ?", account, region, name, oldest);
            }
            return version(c, account, region, name, next).orElseThrow();
        });
    }

    @Override
    public boolean delete(String account, String region, String name) {
        return tx.inTransaction(c -> {
            int n = Sql.update(c, "DELETE FROM ssm_parameter WHERE account_id = ? AND region = ? AND name = ?",
                    account, region, name);
            for (String table : List.of("ssm_parameter_version", "ssm_parameter_label", "ssm_parameter_tag")) {
                Sql.update(c, "DELETE FROM " + table + " WHERE account_id = ? AND region = ? AND name = ?",
                        account, region, name);
            }
            return n == 1;
        });
    }

    @Override
    public Labelled label(String account, String region, String name, Long version, Collection<String> labels) {
        return tx.inTransaction(c -> {
            if (!lock(c, account, region, name)) {
                return new Labelled(Outcome.PARAMETER_NOT_FOUND, 0);
            }
            Optional<Long> latest = latestVersion(c, account, region, name);
            long target = version == null ? latest.get() : version;
            if (version(c, account, region, name, target).isEmpty()) {
                return new Labelled(Outcome.VERSION_NOT_FOUND, target);
            }
            List<String> current = Sql.query(c, "SELECT label FROM ssm_parameter_label WHERE account_id = ? "
                    + "AND region = ? AND name = ? AND version = ?", rs -> rs.getString(1), account, region, name,
                    target);
            java.util.Set<String> after = new java.util.LinkedHashSet<>(current);
            after.addAll(labels);
            if (after.size() > MAX_LABELS) {
                return new Labelled(Outcome.LABEL_LIMIT, target);
            }
            for (String label : labels) {
                Sql.update(c, "DELETE FROM ssm_parameter_label WHERE account_id = ? AND region = ? AND name = ? "
                        + "AND label = ?", account, region, name, label);
                Sql.update(c, "INSERT INTO ssm_parameter_label (account_id, region, name, label, version) "
                        + "VALUES (?, ?, ?, ?, ?)", account, region, name, label, target);
            }
            return new Labelled(Outcome.DONE, target);
        });
    }

    @Override
    public List<String> unlabel(String account, String region, String name, long version, Collection<String> labels) {
        return tx.inTransaction(c -> {
            if (!lock(c, account, region, name) || version(c, account, region, name, version).isEmpty()) {
                return null;
            }
            List<String> removed = new ArrayList<>();
            for (String label : labels) {
                if (Sql.update(c, "DELETE FROM ssm_parameter_label WHERE account_id = ? AND region = ? AND name = ? "
                        + "AND label = ? AND version = ?", account, region, name, label, version) == 1) {
                    removed.add(label);
                }
            }
            return removed;
        });
    }

    @Override
    public Map<String, String> tags(String account, String region, String name) {
        return tx.read(c -> {
            Map<String, String> tags = new LinkedHashMap<>();
            Sql.forEach(c, "SELECT tag_key, tag_value FROM ssm_parameter_tag WHERE account_id = ? AND region = ? "
                    + "AND name = ? ORDER BY tag_key", rs -> tags.put(rs.getString(1), rs.getString(2)),
                    account, region, name);
            return tags;
        });
    }

    @Override
    public boolean addTags(String account, String region, String name, Map<String, String> tags, int max) {
        return tx.inTransaction(c -> {
            if (!lock(c, account, region, name)) {
                return false;
            }
            Map<String, String> all = new LinkedHashMap<>();
            Sql.forEach(c, "SELECT tag_key, tag_value FROM ssm_parameter_tag WHERE account_id = ? AND region = ? "
                    + "AND name = ?", rs -> all.put(rs.getString(1), rs.getString(2)), account, region, name);
            all.putAll(tags);
            if (all.size() > max) {
                return false;
            }
            for (Map.Entry<String, String> t : tags.entrySet()) {
                Sql.update(c, "DELETE FROM ssm_parameter_tag WHERE account_id = ? AND region = ? AND name = ? "
                        + "AND tag_key = ?", account, region, name, t.getKey());
                Sql.update(c, "INSERT INTO ssm_parameter_tag (account_id, region, name, tag_key, tag_value) "
                        + "VALUES (?, ?, ?, ?, ?)", account, region, name, t.getKey(), t.getValue());
            }
            return true;
        });
    }

    @Override
    public boolean removeTags(String account, String region, String name, Collection<String> keys) {
        return tx.inTransaction(c -> {
            if (!lock(c, account, region, name)) {
                return false;
            }
            for (String key : keys) {
                Sql.update(c, "DELETE FROM ssm_parameter_tag WHERE account_id = ? AND region = ? AND name = ? "
                        + "AND tag_key = ?", account, region, name, key);
            }
            return true;
        });
    }
}
