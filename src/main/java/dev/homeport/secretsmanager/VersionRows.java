package dev.homeport.secretsmanager;

import dev.homeport.crypto.Sealed;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.secretsmanager.model.ValueKind;
import dev.homeport.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** SQL for sm_version and sm_version_stage. */
final class VersionRows {
    private VersionRows() {}

    /** AWS keeps at least this many most recent versions ("...more than 100 versions..."). */
    static final int KEEP_RECENT = 100;
    /** ...and never removes a version created within the last 24 hours. */
    static final Duration KEEP_YOUNGER_THAN = Duration.ofHours(24);

    private static final String COLUMNS = "version_id, created_at, last_accessed_day, value_kind, sealed_value";

    static Optional<SecretVersion> find(Connection c, String arn, String versionId) throws SQLException {
        return query(c, "secret_arn = ? AND version_id = ?", arn, versionId).stream().findFirst();
    }

    /** Newest first; ties (same millisecond) broken by id so the order is stable. */
    static List<SecretVersion> list(Connection c, String arn) throws SQLException {
        return query(c, "secret_arn = ?", arn);
    }

    private static List<SecretVersion> query(Connection c, String where, String... params) throws SQLException {
        Map<String, Set<String>> labels = new TreeMap<>();
        Sql.forEach(c, "SELECT version_id, stage FROM sm_version_stage WHERE " + where,
                rs -> labels.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2)),
                (Object[]) params);
        return Sql.query(c, "SELECT " + COLUMNS + " FROM sm_version WHERE " + where
                + " ORDER BY created_at DESC, version_id DESC", rs -> {
                    String id = rs.getString("version_id");
                    return new SecretVersion(id, labels.getOrDefault(id, Set.of()), Jdbc.instant(rs, "created_at"),
                            Jdbc.day(rs, "last_accessed_day"), Sealed.of(rs.getBytes("sealed_value")),
                            ValueKind.valueOf(rs.getString("value_kind")));
                }, (Object[]) params);
    }

    /** Inserts the version row only; labels are attached with {@link #attach}. */
    static void insert(Connection c, String arn, SecretVersion v) throws SQLException {
        Sql.update(c, "INSERT INTO sm_version (secret_arn, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", arn,
                v.versionId(), v.createdDate(), Sql.nullable(v.lastAccessedDate(), Types.BIGINT), v.kind().name(),
                v.value().bytes());
    }

    static boolean exists(Connection c, String arn, String versionId) throws SQLException {
        return Sql.queryOne(c, "SELECT 1 FROM sm_version WHERE secret_arn = ? AND version_id = ?", rs -> true,
                arn, versionId).isPresent();
    }

    /** Puts {@code stage} on {@code versionId}, taking it off any other version of the secret. */
    static void attach(Connection c, String arn, String stage, String versionId) throws SQLException {
        detach(c, arn, stage);
        Sql.update(c, "INSERT INTO sm_version_stage (secret_arn, stage, version_id) VALUES (?, ?, ?)",
                arn, stage, versionId);
    }

    static void detach(Connection c, String arn, String stage) throws SQLException {
        Sql.update(c, "DELETE FROM sm_version_stage WHERE secret_arn = ? AND stage = ?", arn, stage);
    }

    /** See {@link SecretRepository#pruneVersions}. One statement, so it is atomic on its own too. */
    static int prune(Connection c, String arn, Instant now) throws SQLException {
        return Sql.update(c, "DELETE FROM sm_version WHERE secret_arn = ? AND created_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM sm_version_stage st"
                + "   WHERE st.secret_arn = sm_version.secret_arn AND st.version_id = sm_version.version_id)"
                + " AND version_id NOT IN (SELECT r.version_id FROM sm_version r WHERE r.secret_arn = ?"
                + "   ORDER BY r.created_at DESC, r.version_id DESC LIMIT " + KEEP_RECENT + ")",
                arn, now.minus(KEEP_YOUNGER_THAN), arn);
    }

    /** Raises last_accessed_day to {@code day}; never lowers it. */
    static void recordAccess(Connection c, String arn, String versionId, long day) throws SQLException {
        Sql.update(c, "UPDATE sm_version SET last_accessed_day = ?"
                + " WHERE secret_arn = ? AND version_id = ? AND (last_accessed_day IS NULL OR last_accessed_day < ?)",
                day, arn, versionId, day);
    }

    static List<StoredValue> sealedValues(Connection c, StoredValue after, int limit) throws SQLException {
        String sql = "SELECT secret_arn, version_id, sealed_value FROM sm_version"
                + (after == null ? "" : " WHERE secret_arn > ? OR (secret_arn = ? AND version_id > ?)")
                + " ORDER BY secret_arn, version_id LIMIT " + Math.max(1, limit);
        Object[] params = after == null ? new Object[0]
                : new Object[] {after.secretArn(), after.secretArn(), after.versionId()};
        return Sql.query(c, sql, rs -> new StoredValue(rs.getString(1), rs.getString(2), Sealed.of(rs.getBytes(3))),
                params);
    }

    static boolean replaceSealed(Connection c, String arn, String versionId, Sealed expected, Sealed replacement)
            throws SQLException {
        return Sql.update(c, "UPDATE sm_version SET sealed_value = ?"
                + " WHERE secret_arn = ? AND version_id = ? AND sealed_value = ?",
                replacement.bytes(), arn, versionId, expected.bytes()) == 1;
    }
}
