package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.ReplicationStatus;
import dev.homeport.secretsmanager.model.RotationRules;
import dev.homeport.secretsmanager.model.RotationSettings;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretTag;
import dev.homeport.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
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
        Sql.forEach(c, "SELECT " + COLUMNS.replaceAll("(\\w+)", "s.$1")
                + " FROM sm_secret s WHERE " + where + " ORDER BY s.created_at, s.arn",
                rs -> builders.put(rs.getString("arn"), secretFrom(rs)), params);
        if (builders.isEmpty()) {
            return List.of();
        }
        Map<String, List<SecretTag>> tags = new TreeMap<>();
        Sql.forEach(c, "SELECT t.secret_arn, t.tag_key, t.tag_value FROM sm_secret_tag t JOIN sm_secret s ON s.arn = t.secret_arn"
                + " WHERE " + where + " ORDER BY t.secret_arn, t.ordinal", rs ->
                tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new SecretTag(rs.getString(2), rs.getString(3))),
                params);
        Map<String, List<ReplicationStatus>> replicas = new TreeMap<>();
        Sql.forEach(c, "SELECT r.secret_arn, r.region, r.kms_key_id, r.status, r.status_message, r.last_accessed_day"
                + " FROM sm_secret_replica r JOIN sm_secret s ON s.arn = r.secret_arn WHERE " + where
                + " ORDER BY r.secret_arn, r.ordinal", rs ->
                replicas.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ReplicationStatus(
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.day(rs, "last_accessed_day"))),
                params);
        Map<String, Map<String, Set<String>>> stages = new TreeMap<>();
        Sql.forEach(c, "SELECT st.secret_arn, st.version_id, st.stage FROM sm_version_stage st JOIN sm_secret s"
                + " ON s.arn = st.secret_arn WHERE " + where, rs ->
                stages.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(rs.getString(3)), params);
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
        return Sql.queryOne(c, "SELECT 1 FROM sm_secret WHERE (account_id = ? AND region = ? AND name = ?) OR arn = ?",
                rs -> true, account, region, name, arn).isPresent();
    }

    static void insert(Connection c, Secret s) throws SQLException {
        List<Object> params = new ArrayList<>(Arrays.asList(s.arn(), s.account(), s.region(), s.name()));
        params.addAll(mutable(s));
        Sql.update(c, "INSERT INTO sm_secret (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params.toArray());
        insertChildren(c, s);
    }

    /** Rewrites the mutable columns and child rows. The caller has {@link #touch}-ed the row already. */
    static void update(Connection c, Secret s) throws SQLException {
        List<Object> params = new ArrayList<>(mutable(s));
        params.add(s.arn());
        Sql.update(c, "UPDATE sm_secret SET description = ?, kms_key_id = ?, "
                + "created_at = ?, last_changed_at = ?, last_accessed_day = ?, deleted_at = ?, rotation_enabled = ?, "
                + "rotation_lambda_arn = ?, rotation_after_days = ?, rotation_duration = ?, rotation_schedule = ?, "
                + "last_rotated_at = ?, next_rotation_at = ?, resource_policy = ?, primary_region = ?, "
                + "owning_service = ? WHERE arn = ?", params.toArray());
        deleteChildren(c, s.arn());
        insertChildren(c, s);
    }

    /** The 16 columns from description to owning_service, as parameters. */
    private static List<Object> mutable(Secret s) {
        RotationSettings r = s.rotation();
        return Arrays.asList(s.description(), s.kmsKeyId(),
                Sql.nullable(s.createdDate(), Types.BIGINT), Sql.nullable(s.lastChangedDate(), Types.BIGINT),
                Sql.nullable(s.lastAccessedDate(), Types.BIGINT), Sql.nullable(s.deletedDate(), Types.BIGINT),
                r.enabled() ? 1 : 0, r.lambdaArn(), Sql.nullable(r.rules().automaticallyAfterDays(), Types.BIGINT),
                r.rules().duration(), r.rules().scheduleExpression(),
                Sql.nullable(r.lastRotatedDate(), Types.BIGINT), Sql.nullable(r.nextRotationDate(), Types.BIGINT),
                s.resourcePolicy(), s.primaryRegion(), s.owningService());
    }

    private static void insertChildren(Connection c, Secret s) throws SQLException {
        List<Object[]> tags = new ArrayList<>();
        int ordinal = 0;
        for (SecretTag t : s.tags()) {
            tags.add(new Object[] {s.arn(), ordinal++, t.key(), t.value()});
        }
        Sql.batch(c, "INSERT INTO sm_secret_tag (secret_arn, ordinal, tag_key, tag_value) VALUES (?, ?, ?, ?)", tags);
        List<Object[]> replicas = new ArrayList<>();
        ordinal = 0;
        for (ReplicationStatus r : s.replicationStatus()) {
            replicas.add(new Object[] {s.arn(), ordinal++, r.region(), r.kmsKeyId(), r.status(), r.statusMessage(),
                    Sql.nullable(r.lastAccessedDate(), Types.BIGINT)});
        }
        Sql.batch(c, "INSERT INTO sm_secret_replica (secret_arn, ordinal, region, "
                + "kms_key_id, status, status_message, last_accessed_day) VALUES (?, ?, ?, ?, ?, ?, ?)", replicas);
    }

    private static void deleteChildren(Connection c, String arn) throws SQLException {
        for (String table : List.of("sm_secret_tag", "sm_secret_replica")) {
            Sql.update(c, "DELETE FROM " + table + " WHERE secret_arn = ?", arn);
        }
    }

    /**
     * Bumps the revision: the first statement of every write to a secret. On PostgreSQL it takes the row
     * lock, serializing writers to the same secret; on SQLite the write transaction already is exclusive.
     *
     * @return false if the secret does not exist
     */
    static boolean touch(Connection c, String arn) throws SQLException {
        return Sql.update(c, "UPDATE sm_secret SET revision = revision + 1 WHERE arn = ?", arn) == 1;
    }

    /** Deletes the secret and everything under it; children first so no foreign key is ever dangling. */
    static boolean delete(Connection c, String arn) throws SQLException {
        for (String table : List.of("sm_version_stage", "sm_version", "sm_secret_tag", "sm_secret_replica")) {
            Sql.update(c, "DELETE FROM " + table + " WHERE secret_arn = ?", arn);
        }
        return Sql.update(c, "DELETE FROM sm_secret WHERE arn = ?", arn) == 1;
    }

    static List<String> arns(Connection c, String sql, Object... params) throws SQLException {
        return Sql.query(c, sql, rs -> rs.getString(1), params);
    }
}
