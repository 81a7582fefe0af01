package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.ReplicationStatus;
import dev.homeport.secretsmanager.model.RotationRules;
import dev.homeport.secretsmanager.model.RotationSettings;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.Tag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** SQL for sm_secret and its child tables (tags, replicas, and the stage map read from sm_version_stage). */
final class SecretRows {
    private SecretRows() {}

    private static final String COLUMNS = "arn, account_id, region, name, description, kms_key_id, created_at, "
            + "last_changed_at, last_accessed_day, deleted_at, rotation_enabled, rotation_lambda_arn, "
            + "rotation_after_days, rotation_duration, rotation_schedule, last_rotated_at, next_rotation_at, "
            + "resource_policy, primary_region, owning_service";

    static Optional<Secret> byArn(Connection c, String arn) throws SQLException {
        return query(c, "s.arn = ?", arn).stream().findFirst();
    }

    static Optional<Secret> byName(Connection c, String account, String region, String name) throws SQLException {
        return query(c, "s.account_id = ? AND s.region = ? AND s.name = ?", account, region, name).stream().findFirst();
    }

    /**
     * Secrets matching {@code where} (over alias {@code s}), fully assembled, in creation order. Four
     * queries whatever the number of secrets: one per table, joined back on the same condition.
     */
    static List<Secret> query(Connection c, String where, Object... params) throws SQLException {
        Map<String, Secret.Builder> builders = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS.replaceAll("(\\w+)", "s.$1")
                + " FROM sm_secret s WHERE " + where + " ORDER BY s.created_at, s.arn")) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    builders.put(rs.getString("arn"), secretFrom(rs));
                }
            }
        }
        if (builders.isEmpty()) {
            return List.of();
        }
        Map<String, List<Tag>> tags = new TreeMap<>();
        eachChild(c, "SELECT t.secret_arn, t.tag_key, t.tag_value FROM sm_secret_tag t JOIN sm_secret s ON s.arn = t.secret_arn"
                + " WHERE " + where + " ORDER BY t.secret_arn, t.ordinal", params, rs ->
                tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Tag(rs.getString(2), rs.getString(3))));
        Map<String, List<ReplicationStatus>> replicas = new TreeMap<>();
        eachChild(c, "SELECT r.secret_arn, r.region, r.kms_key_id, r.status, r.status_message, r.last_accessed_day"
                + " FROM sm_secret_replica r JOIN sm_secret s ON s.arn = r.secret_arn WHERE " + where
                + " ORDER BY r.secret_arn, r.ordinal", params, rs ->
                replicas.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ReplicationStatus(
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.day(rs, "last_accessed_day"))));
        Map<String, Map<String, Set<String>>> stages = new TreeMap<>();
        eachChild(c, "SELECT st.secret_arn, st.version_id, st.stage FROM sm_version_stage st JOIN sm_secret s"
                + " ON s.arn = st.secret_arn WHERE " + where, params, rs ->
                stages.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(rs.getString(3)));
        List<Secret> result = new ArrayList<>(builders.size());
        builders.forEach((arn, b) -> result.add(b.tags(tags.getOrDefault(arn, List.of()))
                .replicationStatus(replicas.getOrDefault(arn, List.of()))
                .versionStages(stages.getOrDefault(arn, Map.of()))
                .build()));
        return result;
    }

    private static Secret.Builder secretFrom(ResultSet rs) throws SQLException {
        Long afterDays = Jdbc.bigint(rs, "rotation_after_days");
        RotationSettings rotation = new RotationSettings(rs.getInt("rotation_enabled") != 0,
                rs.getString("rotation_lambda_arn"),
                new RotationRules(afterDays, rs.getString("rotation_duration"), rs.getString("rotation_schedule")),
                Jdbc.instant(rs, "last_rotated_at"), Jdbc.instant(rs, "next_rotation_at"));
        return Secret.builder()
                .arn(rs.getString("arn")).account(rs.getString("account_id")).region(rs.getString("region"))
                .name(rs.getString("name")).description(rs.getString("description")).kmsKeyId(rs.getString("kms_key_id"))
                .createdDate(Jdbc.instant(rs, "created_at")).lastChangedDate(Jdbc.instant(rs, "last_changed_at"))
                .lastAccessedDate(Jdbc.day(rs, "last_accessed_day")).deletedDate(Jdbc.instant(rs, "deleted_at"))
                .rotation(rotation).resourcePolicy(rs.getString("resource_policy"))
                .primaryRegion(rs.getString("primary_region")).owningService(rs.getString("owning_service"));
    }

    static boolean nameTaken(Connection c, String account, String region, String name, String arn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM sm_secret WHERE (account_id = ? AND region = ? AND name = ?) OR arn = ?")) {
            Jdbc.bind(ps, account, region, name, arn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void insert(Connection c, Secret s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sm_secret (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.arn());
            ps.setString(2, s.account());
            ps.setString(3, s.region());
            ps.setString(4, s.name());
            bindMutable(ps, 5, s);
            ps.executeUpdate();
        }
        insertChildren(c, s);
    }

    /** Rewrites the mutable columns and child rows. The caller has {@link #touch}-ed the row already. */
    static void update(Connection c, Secret s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sm_secret SET description = ?, kms_key_id = ?, "
                + "created_at = ?, last_changed_at = ?, last_accessed_day = ?, deleted_at = ?, rotation_enabled = ?, "
                + "rotation_lambda_arn = ?, rotation_after_days = ?, rotation_duration = ?, rotation_schedule = ?, "
                + "last_rotated_at = ?, next_rotation_at = ?, resource_policy = ?, primary_region = ?, "
                + "owning_service = ? WHERE arn = ?")) {
            bindMutable(ps, 1, s);
            ps.setString(17, s.arn());
            ps.executeUpdate();
        }
        deleteChildren(c, s.arn());
        insertChildren(c, s);
    }

    /** Binds the 16 columns from description to owning_service, starting at parameter {@code i}. */
    private static void bindMutable(PreparedStatement ps, int i, Secret s) throws SQLException {
        RotationSettings r = s.rotation();
        Jdbc.text(ps, i, s.description());
        Jdbc.text(ps, i + 1, s.kmsKeyId());
        Jdbc.instant(ps, i + 2, s.createdDate());
        Jdbc.instant(ps, i + 3, s.lastChangedDate());
        Jdbc.day(ps, i + 4, s.lastAccessedDate());
        Jdbc.instant(ps, i + 5, s.deletedDate());
        ps.setInt(i + 6, r.enabled() ? 1 : 0);
        Jdbc.text(ps, i + 7, r.lambdaArn());
        Jdbc.bigint(ps, i + 8, r.rules().automaticallyAfterDays());
        Jdbc.text(ps, i + 9, r.rules().duration());
        Jdbc.text(ps, i + 10, r.rules().scheduleExpression());
        Jdbc.instant(ps, i + 11, r.lastRotatedDate());
        Jdbc.instant(ps, i + 12, r.nextRotationDate());
        Jdbc.text(ps, i + 13, s.resourcePolicy());
        Jdbc.text(ps, i + 14, s.primaryRegion());
        Jdbc.text(ps, i + 15, s.owningService());
    }

    private static void insertChildren(Connection c, Secret s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sm_secret_tag (secret_arn, ordinal, tag_key, tag_value) VALUES (?, ?, ?, ?)")) {
            int ordinal = 0;
            for (Tag t : s.tags()) {
                Jdbc.bind(ps, s.arn(), ordinal++, t.key(), t.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sm_secret_replica (secret_arn, ordinal, region, "
                + "kms_key_id, status, status_message, last_accessed_day) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int ordinal = 0;
            for (ReplicationStatus r : s.replicationStatus()) {
                Jdbc.bind(ps, s.arn(), ordinal++, r.region());
                Jdbc.text(ps, 4, r.kmsKeyId());
                Jdbc.text(ps, 5, r.status());
                Jdbc.text(ps, 6, r.statusMessage());
                Jdbc.day(ps, 7, r.lastAccessedDate());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void deleteChildren(Connection c, String arn) throws SQLException {
        for (String table : List.of("sm_secret_tag", "sm_secret_replica")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE secret_arn = ?")) {
                ps.setString(1, arn);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Bumps the revision: the first statement of every write to a secret. On PostgreSQL it takes the row
     * lock, serializing writers to the same secret; on SQLite the write transaction already is exclusive.
     *
     * @return false if the secret does not exist
     */
    static boolean touch(Connection c, String arn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sm_secret SET revision = revision + 1 WHERE arn = ?")) {
            ps.setString(1, arn);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes the secret and everything under it; children first so no foreign key is ever dangling. */
    static boolean delete(Connection c, String arn) throws SQLException {
        for (String table : List.of("sm_version_stage", "sm_version", "sm_secret_tag", "sm_secret_replica")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE secret_arn = ?")) {
                ps.setString(1, arn);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sm_secret WHERE arn = ?")) {
            ps.setString(1, arn);
            return ps.executeUpdate() == 1;
        }
    }

    static List<String> arns(Connection c, String sql, Object... params) throws SQLException {
        List<String> arns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    arns.add(rs.getString(1));
                }
            }
        }
        return arns;
    }

    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void eachChild(Connection c, String sql, Object[] params, RowConsumer consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        }
    }
}
