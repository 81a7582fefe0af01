package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.store.Database;
import dev.homeport.store.Sql;
import dev.homeport.store.StoreException;
import dev.homeport.store.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link SecretRepository} on SQLite or PostgreSQL (schema {@code V1__secretsmanager.sql}).
 *
 * <p>Every write is one transaction from {@link Transactions#inTransaction} that starts by bumping the
 * secret's revision (a row lock on PostgreSQL); reads run on a snapshot from {@link Transactions#read}.
 * Each read goes to the database: put {@link CachingSecretRepository} in front for the GetSecretValue path.
 */
public final class JdbcSecretRepository implements SecretRepository {
    private final Transactions tx;

    public JdbcSecretRepository(Database database) {
        this(database.transactions());
    }

    public JdbcSecretRepository(Transactions tx) {
        this.tx = Objects.requireNonNull(tx);
    }

    @Override
    public Optional<Secret> findByArn(String arn) {
        return tx.read(c -> SecretRows.byArn(c, arn));
    }

    @Override
    public Optional<Secret> findByName(String account, String region, String name) {
        return tx.read(c -> SecretRows.byName(c, account, region, name));
    }

    @Override
    public List<Secret> listSecrets(String account, String region) {
        return tx.read(c -> SecretRows.query(c, "s.account_id = ? AND s.region = ?", account, region));
    }

    @Override
    public List<SecretVersion> listVersions(String arn) {
        return tx.read(c -> VersionRows.list(c, arn));
    }

    @Override
    public Optional<SecretVersion> findVersion(String arn, String versionId) {
        return tx.read(c -> VersionRows.find(c, arn, versionId));
    }

    @Override
    public Optional<SecretVersion> findVersionByStage(String arn, String stage) {
        return tx.read(c -> {
            List<String> ids = SecretRows.arns(c,
                    "SELECT version_id FROM sm_version_stage WHERE secret_arn = ? AND stage = ?", arn, stage);
            return ids.isEmpty() ? Optional.empty() : VersionRows.find(c, arn, ids.getFirst());
        });
    }

    @Override
    public List<String> findDueForPurge(Instant now) {
        return tx.read(c -> SecretRows.arns(c,
                "SELECT arn FROM sm_secret WHERE deleted_at IS NOT NULL AND deleted_at <= ? ORDER BY deleted_at, arn", now));
    }

    @Override
    public List<String> findDueForRotation(Instant now) {
        return tx.read(c -> SecretRows.arns(c, "SELECT arn FROM sm_secret WHERE rotation_enabled = 1 AND deleted_at IS NULL"
                + " AND next_rotation_at IS NOT NULL AND next_rotation_at <= ? ORDER BY next_rotation_at, arn", now));
    }

    @Override
    public void create(Secret secret, SecretVersion firstVersion) {
        if (!secret.versionStages().isEmpty()) {
            throw new IllegalArgumentException("a new secret's labels come from its first version");
        }
        tx.inTransaction(c -> {
            if (SecretRows.nameTaken(c, secret.account(), secret.region(), secret.name(), secret.arn())) {
                throw new SecretAlreadyExistsException(secret.name());
            }
            try {
                SecretRows.insert(c, secret);
            } catch (SQLException e) {
                // PostgreSQL: a concurrent create won between our check and insert (unique_violation).
                if ("23505".equals(e.getSQLState())) {
                    throw new SecretAlreadyExistsException(secret.name());
                }
                throw e;
            }
            if (firstVersion != null) {
                VersionRows.insert(c, secret.arn(), firstVersion);
                for (String stage : firstVersion.stagingLabels()) {
                    VersionRows.attach(c, secret.arn(), stage, firstVersion.versionId());
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Secret> updateSecret(String arn, UnaryOperator<Secret> change) {
        return tx.inTransaction(c -> {
            if (!SecretRows.touch(c, arn)) {
                return Optional.empty();
            }
            Secret current = SecretRows.byArn(c, arn).orElseThrow();
            Secret next = Objects.requireNonNull(change.apply(current), "change returned null");
            storeMetadata(c, current, next);
            return Optional.of(next);
        });
    }

    @Override
    public Optional<Secret> applyVersionChange(String arn, VersionChangePlanner planner) {
        return tx.inTransaction(c -> {
            if (!SecretRows.touch(c, arn)) {
                return Optional.empty();
            }
            Secret current = SecretRows.byArn(c, arn).orElseThrow();
            VersionChange change = Objects.requireNonNull(planner.plan(new State(c, current)), "planner returned null");
            if (change.isEmpty()) {
                return Optional.of(current);
            }
            apply(c, arn, change);
            if (change.updatedSecret() != null) {
                storeMetadata(c, current, change.updatedSecret());
            }
            if (change.newVersion() != null) {
                VersionRows.prune(c, arn, change.newVersion().createdDate());
            }
            return SecretRows.byArn(c, arn);
        });
    }

    private static void apply(Connection c, String arn, VersionChange change) throws SQLException {
        SecretVersion added = change.newVersion();
        if (added != null) {
            if (VersionRows.exists(c, arn, added.versionId())) {
                throw new IllegalArgumentException("version " + added.versionId() + " already exists");
            }
            VersionRows.insert(c, arn, added);
            for (String stage : added.stagingLabels()) {
                VersionRows.attach(c, arn, stage, added.versionId());
            }
        }
        for (String stage : change.removeLabels()) {
            VersionRows.detach(c, arn, stage);
        }
        for (Map.Entry<String, String> move : change.moveLabels().entrySet()) {
            if (!VersionRows.exists(c, arn, move.getValue())) {
                throw new IllegalArgumentException("cannot move " + move.getKey() + " to missing version " + move.getValue());
            }
            VersionRows.attach(c, arn, move.getKey(), move.getValue());
        }
    }

    /** Writes {@code next} over {@code current} after checking that only mutable fields differ. */
    private static void storeMetadata(Connection c, Secret current, Secret next) throws SQLException {
        if (!current.arn().equals(next.arn()) || !current.name().equals(next.name())
                || !current.account().equals(next.account()) || !current.region().equals(next.region())
                || !current.createdDate().equals(next.createdDate())) {
            throw new IllegalArgumentException("a secret's ARN, name, account, region and creation date never change");
        }
        if (!current.versionStages().equals(next.versionStages())) {
            throw new IllegalArgumentException("staging labels change only through applyVersionChange");
        }
        SecretRows.update(c, next);
    }

    @Override
    public int pruneVersions(String arn, Instant now) {
        return tx.inTransaction(c -> VersionRows.prune(c, arn, now));
    }

    @Override
    public boolean purge(String arn) {
        return tx.inTransaction(c -> SecretRows.delete(c, arn));
    }

    @Override
    public void recordAccess(String arn, String versionId, LocalDate day) {
        long epochDay = day.toEpochDay();
        tx.inTransaction(c -> {
            Sql.update(c, "UPDATE sm_secret SET last_accessed_day = ?"
                    + " WHERE arn = ? AND (last_accessed_day IS NULL OR last_accessed_day < ?)", epochDay, arn, epochDay);
            if (versionId != null) {
                VersionRows.recordAccess(c, arn, versionId, epochDay);
            }
            return null;
        });
    }

    @Override
    public List<StoredValue> sealedValues(StoredValue after, int limit) {
        return tx.read(c -> VersionRows.sealedValues(c, after, limit));
    }

    @Override
    public int replaceSealedValues(List<StoredValue.Reseal> reseals) {
        return tx.inTransaction(c -> {
            int replaced = 0;
            for (StoredValue.Reseal r : reseals) {
                StoredValue v = r.current();
                if (VersionRows.replaceSealed(c, v.secretArn(), v.versionId(), v.value(), r.replacement())) {
                    replaced++;
                }
            }
            return replaced;
        });
    }

    @Override
    public long sealedValueCount() {
        return tx.read(c -> Sql.queryOne(c, "SELECT COUNT(*) FROM sm_version", rs -> rs.getLong(1)).orElse(0L));
    }

    /** The planner's view, reading through the write transaction's connection. */
    private record State(Connection c, Secret secret) implements VersionState {
        @Override
        public Optional<SecretVersion> version(String versionId) {
            try {
                return VersionRows.find(c, secret.arn(), versionId);
            } catch (SQLException e) {
                throw new StoreException("cannot read version", e);
            }
        }

        @Override
        public List<SecretVersion> versions() {
            try {
                return VersionRows.list(c, secret.arn());
            } catch (SQLException e) {
                throw new StoreException("cannot read versions", e);
            }
        }
    }
}
