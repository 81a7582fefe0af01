package dev.homeport.secretsmanager;

import dev.homeport.crypto.Sealed;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.secretsmanager.model.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        try (PreparedStatement ps = c.prepareStatement("SELECT version_id, stage FROM sm_version_stage WHERE " + where)) {
            Jdbc.bind(ps, (Object[]) params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        List<SecretVersion> versions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sm_version WHERE " + where
                + " ORDER BY created_at DESC, version_id DESC")) {
            Jdbc.bind(ps, (Object[]) params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("version_id");
                    versions.add(new SecretVersion(id, labels.getOrDefault(id, Set.of()), Jdbc.instant(rs, "created_at"),
                            Jdbc.day(rs, "last_accessed_day"), Sealed.of(rs.getBytes("sealed_value")),
                            ValueKind.valueOf(rs.getString("value_kind"))));
                }
            }
        }
        return versions;
    }

    /** Inserts the version row only; labels are attached with {@link #attach}. */
    static void insert(Connection c, String arn, SecretVersion v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sm_version (secret_arn, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, arn, v.versionId(), v.createdDate());
            Jdbc.day(ps, 4, v.lastAccessedDate());
            ps.setString(5, v.kind().name());
            ps.setBytes(6, v.value().bytes());
            ps.executeUpdate();
        }
    }

    static boolean exists(Connection c, String arn, String versionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sm_version WHERE secret_arn = ? AND version_id = ?")) {
            Jdbc.bind(ps, arn, versionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Puts {@code stage} on {@code versionId}, taking it off any other version of the secret. */
    static void attach(Connection c, String arn, String stage, String versionId) throws SQLException {
        detach(c, arn, stage);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sm_version_stage (secret_arn, stage, version_id) VALUES (?, ?, ?)")) {
            Jdbc.bind(ps, arn, stage, versionId);
            ps.executeUpdate();
        }
    }

    static void detach(Connection c, String arn, String stage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sm_version_stage WHERE secret_arn = ? AND stage = ?")) {
            Jdbc.bind(ps, arn, stage);
            ps.executeUpdate();
        }
    }

    /** See {@link SecretRepository#pruneVersions}. One statement, so it is atomic on its own too. */
    static int prune(Connection c, String arn, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sm_version WHERE secret_arn = ? AND created_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM sm_version_stage st"
                + "   WHERE st.secret_arn = sm_version.secret_arn AND st.version_id = sm_version.version_id)"
                + " AND version_id NOT IN (SELECT r.version_id FROM sm_version r WHERE r.secret_arn = ?"
                + "   ORDER BY r.created_at DESC, r.version_id DESC LIMIT " + KEEP_RECENT + ")")) {
            Jdbc.bind(ps, arn, now.minus(KEEP_YOUNGER_THAN), arn);
            return ps.executeUpdate();
        }
    }

    /** Raises last_accessed_day to {@code day}; never lowers it. */
    static void recordAccess(Connection c, String arn, String versionId, long day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sm_version SET last_accessed_day = ?"
                + " WHERE secret_arn = ? AND version_id = ? AND (last_accessed_day IS NULL OR last_accessed_day < ?)")) {
            Jdbc.bind(ps, day, arn, versionId, day);
            ps.executeUpdate();
        }
    }

    static List<StoredValue> sealedValues(Connection c, StoredValue after, int limit) throws SQLException {
        String sql = "SELECT secret_arn, version_id, sealed_value FROM sm_version"
                + (after == null ? "" : " WHERE secret_arn > ? OR (secret_arn = ? AND version_id > ?)")
                + " ORDER BY secret_arn, version_id LIMIT " + Math.max(1, limit);
        List<StoredValue> page = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (after != null) {
                Jdbc.bind(ps, after.secretArn(), after.secretArn(), after.versionId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(new StoredValue(rs.getString(1), rs.getString(2), Sealed.of(rs.getBytes(3))));
                }
            }
        }
        return page;
    }

    static boolean replaceSealed(Connection c, String arn, String versionId, Sealed expected, Sealed replacement)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sm_version SET sealed_value = ?"
                + " WHERE secret_arn = ? AND version_id = ? AND sealed_value = ?")) {
            ps.setBytes(1, replacement.bytes());
            ps.setString(2, arn);
            ps.setString(3, versionId);
            ps.setBytes(4, expected.bytes());
            return ps.executeUpdate() == 1;
        }
    }
}
