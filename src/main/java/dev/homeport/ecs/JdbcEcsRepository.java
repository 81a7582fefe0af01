package dev.homeport.ecs;

import dev.homeport.ecs.model.EcsJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.model.ClusterSetting;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.store.Database;
import dev.homeport.store.Sql;
import dev.homeport.store.Transactions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@link EcsRepository} on the relational store (SQLite or PostgreSQL); schema in {@code V2__ecs.sql} and
 * {@code V4__ecs_task_expiry_and_client_tokens.sql}.
 */
public final class JdbcEcsRepository implements EcsRepository {
    private static final TypeReference<List<ClusterSetting>> SETTINGS = new TypeReference<>() {
    };
    private final Transactions tx;

    public JdbcEcsRepository(Database database) {
        this.tx = database.transactions();
    }

    // --- clusters -------------------------------------------------------------------------------

    private static ClusterRecord cluster(ResultSet rs) throws SQLException {
        String settings = rs.getString("settings");
        List<ClusterSetting> parsed;
        try {
            parsed = settings == null ? List.of() : EcsJson.MAPPER.readValue(settings, SETTINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClusterRecord(rs.getString("arn"), rs.getString("region"), rs.getString("account_id"),
                rs.getString("name"), rs.getString("status"), parsed, rs.getString("configuration"),
                rs.getString("capacity"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public Optional<ClusterRecord> cluster(String arn) {
        return tx.read(c -> Sql.queryOne(c, "SELECT * FROM ecs_cluster WHERE arn = ?", JdbcEcsRepository::cluster, arn));
    }

    @Override
    public ClusterRecord createCluster(ClusterRecord cluster) {
        return tx.inTransaction(c -> {
            Optional<ClusterRecord> existing = Sql.queryOne(c, "SELECT * FROM ecs_cluster WHERE arn = ?",
                    JdbcEcsRepository::cluster, cluster.arn());
            if (existing.isPresent() && "ACTIVE".equals(existing.get().status())) {
                return existing.get();
            }
            if (existing.isPresent()) {
                Sql.update(c, "DELETE FROM ecs_cluster WHERE arn = ?", cluster.arn());
                Sql.update(c, "DELETE FROM ecs_tag WHERE resource_arn = ?", cluster.arn());
            }
            Sql.update(c, "INSERT INTO ecs_cluster (arn, account_id, region, name, "
                    + "status, settings, configuration, capacity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    cluster.arn(), cluster.account(), cluster.region(), cluster.name(), cluster.status(),
                    new String(EcsJson.write(cluster.settings() == null ? List.of() : cluster.settings()),
                            StandardCharsets.UTF_8), cluster.configurationJson(), cluster.capacityJson(),
                    cluster.createdAt().toEpochMilli());
            return cluster;
        });
    }

    @Override
    public void updateCluster(ClusterRecord cluster) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecs_cluster SET status = ?, settings = ?, configuration = ?, "
                        + "capacity = ? WHERE arn = ?", cluster.status(),
                new String(EcsJson.write(cluster.settings() == null ? List.of() : cluster.settings()),
                        StandardCharsets.UTF_8), cluster.configurationJson(), cluster.capacityJson(), cluster.arn()));
    }

    @Override
    public List<ClusterRecord> listClusters(String region, String account, String afterArn, int limit) {
        return tx.read(c -> Sql.query(c, "SELECT * FROM ecs_cluster WHERE region = ? AND account_id = ? "
                        + "AND status = 'ACTIVE' AND arn > ? ORDER BY arn LIMIT " + limit, JdbcEcsRepository::cluster,
                region, account, afterArn == null ? "" : afterArn));
    }

    // --- task definitions -----------------------------------------------------------------------

    private static TaskDefinitionRecord taskDefinition(ResultSet rs) throws SQLException {
        ObjectNode doc;
        try {
            doc = (ObjectNode) EcsJson.MAPPER.readTree(rs.getString("document"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TaskDefinitionRecord(rs.getString("arn"), rs.getString("region"), rs.getString("account_id"),
                rs.getString("family"), rs.getInt("revision"), rs.getString("status"), doc);
    }

    @Override
    public TaskDefinitionRecord registerTaskDefinition(String region, String account, String family,
                                                       IntFunction<TaskDefinitionRecord> build) {
        return tx.inTransaction(c -> {
            int updated = Sql.update(c, "UPDATE ecs_task_definition_family SET last_revision = last_revision + 1 "
                    + "WHERE region = ? AND account_id = ? AND family = ?", region, account, family);
            if (updated == 0) {
                Sql.update(c, "INSERT INTO ecs_task_definition_family (region, account_id, family, last_revision) "
                        + "VALUES (?, ?, ?, 1)", region, account, family);
            }
            int revision = Sql.queryOne(c, "SELECT last_revision FROM ecs_task_definition_family WHERE region = ? "
                    + "AND account_id = ? AND family = ?", rs -> rs.getInt(1), region, account, family).orElseThrow();
            TaskDefinitionRecord r = build.apply(revision);
            Sql.update(c, "INSERT INTO ecs_task_definition (arn, account_id, region, family, revision, status, document) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)", r.arn(), r.account(), r.region(), r.family(), r.revision(),
                    r.status(), r.document().toString());
            return r;
        });
    }

    @Override
    public Optional<TaskDefinitionRecord> taskDefinition(String arn) {
        return tx.read(c -> Sql.queryOne(c, "SELECT * FROM ecs_task_definition WHERE arn = ?",
                JdbcEcsRepository::taskDefinition, arn));
    }

    @Override
    public Optional<TaskDefinitionRecord> latestActiveTaskDefinition(String region, String account, String family) {
        return tx.read(c -> Sql.queryOne(c, "SELECT * FROM ecs_task_definition WHERE region = ? AND account_id = ? "
                        + "AND family = ? AND status = 'ACTIVE' ORDER BY revision DESC LIMIT 1",
                JdbcEcsRepository::taskDefinition, region, account, family));
    }

    @Override
    public void updateTaskDefinition(TaskDefinitionRecord r) {
        tx.inTransaction(c -> Sql.update(c, "UPDATE ecs_task_definition SET status = ?, document = ? WHERE arn = ?",
                r.status(), r.document().toString(), r.arn()));
    }

    @Override
    public List<TaskDefinitionRecord> listTaskDefinitions(String region, String account, String family,
                                                          String status, boolean descending, String afterKey,
                                                          int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ecs_task_definition WHERE region = ? AND account_id = ?");
        List<Object> params = new ArrayList<>(List.of(region, account));
        if (family != null) {
            sql.append(" AND family = ?");
            params.add(family);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (afterKey != null) {
            int sep = afterKey.indexOf('\u0000');
            String afterFamily = afterKey.substring(0, sep);
            int revision = Integer.parseInt(afterKey.substring(sep + 1));
            sql.append(descending ? " AND (family < ? OR (family = ? AND revision < ?))"
                    : " AND (family > ? OR (family = ? AND revision > ?))");
            params.add(afterFamily);
            params.add(afterFamily);
            params.add(revision);
        }
        String dir = descending ? " DESC" : " ASC";
        sql.append(" ORDER BY family").append(dir).append(", revision").append(dir).append(" LIMIT ").append(limit);
        return tx.read(c -> Sql.query(c, sql.toString(), JdbcEcsRepository::taskDefinition, params.toArray()));
    }

    @Override
    public List<String> listFamilies(String region, String account, String familyPrefix, String status,
                                     String afterFamily, int limit) {
        StringBuilder sql = new StringBuilder("SELECT family, SUM(CASE WHEN status = 'ACTIVE' THEN 1 ELSE 0 END) "
                + "AS active FROM ecs_task_definition WHERE region = ? AND account_id = ? AND family > ?");
        List<Object> params = new ArrayList<>(List.of(region, account, afterFamily == null ? "" : afterFamily));
        if (familyPrefix != null) {
            sql.append(" AND family >= ? AND family < ?");
            params.add(familyPrefix);
            params.add(familyPrefix + "\uffff");
        }
        sql.append(" GROUP BY family");
        switch (status == null ? "ACTIVE" : status) {
            case "ALL" -> { }
            case "INACTIVE" -> sql.append(" HAVING SUM(CASE WHEN status = 'ACTIVE' THEN 1 ELSE 0 END) = 0");
            default -> sql.append(" HAVING SUM(CASE WHEN status = 'ACTIVE' THEN 1 ELSE 0 END) > 0");
        }
        sql.append(" ORDER BY family LIMIT ").append(limit);
        return tx.read(c -> Sql.query(c, sql.toString(), rs -> rs.getString("family"), params.toArray()));
    }

    // --- tasks ------------------------------------------------------------------------------------

    private static Task task(ResultSet rs) throws SQLException {
        return EcsJson.read(rs.getString("document").getBytes(StandardCharsets.UTF_8), Task.class);
    }

    @Override
    public void insertTasks(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            insertTaskRows(c, tasks, null);
            return null;
        });
    }

    private static void insertTaskRows(Connection c, List<Task> tasks, String clientToken) throws SQLException {
        Sql.update(c, "UPDATE ecs_sequence SET value = value + ? WHERE name = 'task'", (long) tasks.size());
        long last = Sql.queryOne(c, "SELECT value FROM ecs_sequence WHERE name = 'task'", rs -> rs.getLong(1))
                .orElseThrow();
        long seq = last - tasks.size();
        List<Object[]> rows = new ArrayList<>();
        for (Task t : tasks) {
            rows.add(new Object[] {++seq, t.taskArn(), t.clusterArn(), EcsArns.familyOf(t.taskDefinitionArn()),
                    t.startedBy(), t.desiredStatus().name(), t.lastStatus().name(), t.launchType(),
                    t.createdAt().toEpochMilli(),
                    new String(EcsJson.write(t), StandardCharsets.UTF_8), Sql.nullable(t.stoppedAt(), Types.BIGINT),
                    clientToken, t.group()});
        }
        Sql.batch(c, "INSERT INTO ecs_task (seq, arn, cluster_arn, family, "
                + "started_by, desired_status, last_status, launch_type, created_at, document, stopped_at, "
                + "client_token, task_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    // --- client tokens -----------------------------------------------------------------------------

    @Override
    public Optional<ClientTokenRun> clientToken(String clusterArn, String token, Instant notBefore) {
        return tx.read(c -> liveToken(c, clusterArn, token, notBefore));
    }

    private static Optional<ClientToken> tokenRow(Connection c, String clusterArn, String token) throws SQLException {
        return Sql.queryOne(c, "SELECT fingerprint, created_at FROM ecs_client_token WHERE cluster_arn = ? AND token = ?",
                rs -> new ClientToken(clusterArn, token, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))),
                clusterArn, token);
    }

    private static List<Task> tokenTasks(Connection c, String clusterArn, String token) throws SQLException {
        return Sql.query(c, "SELECT document FROM ecs_task WHERE cluster_arn = ? AND client_token = ? ORDER BY seq",
                JdbcEcsRepository::task, clusterArn, token);
    }

    private static Optional<ClientTokenRun> liveToken(Connection c, String clusterArn, String token, Instant notBefore)
            throws SQLException {
        Optional<ClientToken> row = tokenRow(c, clusterArn, token);
        if (row.isEmpty() || row.get().createdAt().isBefore(notBefore)) {
            return Optional.empty();
        }
        List<Task> tasks = tokenTasks(c, clusterArn, token);
        return tasks.isEmpty() ? Optional.empty() : Optional.of(new ClientTokenRun(row.get(), tasks));
    }

    @Override
    public Optional<ClientTokenRun> insertTasks(List<Task> tasks, ClientToken token, Instant notBefore) {
        return tx.inTransaction(c -> {
            // Two calls with one token may race (on PostgreSQL, in parallel transactions): the row's primary
            // key decides. A call that loses sees the winner's committed row on its next statement and
            // answers with it; the loop only repeats when an expired row was replaced under it.
            for (int attempt = 0; attempt < 5; attempt++) {
                int claimed = Sql.update(c, "INSERT INTO ecs_client_token (cluster_arn, token, fingerprint, created_at) "
                                + "VALUES (?, ?, ?, ?) ON CONFLICT (cluster_arn, token) DO NOTHING", token.clusterArn(),
                        token.token(), token.fingerprint(), token.createdAt().toEpochMilli());
                if (claimed == 0) {
                    Optional<ClientToken> existing = tokenRow(c, token.clusterArn(), token.token());
                    if (existing.isEmpty()) {
                        continue; // purged between the two statements
                    }
                    Optional<ClientTokenRun> live = liveToken(c, token.clusterArn(), token.token(), notBefore);
                    if (live.isPresent()) {
                        return live;
                    }
                    int replaced = Sql.update(c, "UPDATE ecs_client_token SET fingerprint = ?, created_at = ? "
                                    + "WHERE cluster_arn = ? AND token = ? AND created_at = ?", token.fingerprint(),
                            token.createdAt().toEpochMilli(), token.clusterArn(), token.token(),
                            existing.get().createdAt().toEpochMilli());
                    if (replaced == 0) {
                        continue;
                    }
                }
                // Tasks of an earlier, expired use of the token are no longer its answer.
                Sql.update(c, "UPDATE ecs_task SET client_token = NULL WHERE cluster_arn = ? AND client_token = ?",
                        token.clusterArn(), token.token());
                insertTaskRows(c, tasks, token.token());
                return Optional.<ClientTokenRun>empty();
            }
            throw new IllegalStateException("client token " + token.token() + " kept changing under RunTask");
        });
    }

    @Override
    public int purgeClientTokens(Instant createdBefore) {
        return tx.inTransaction(c -> Sql.update(c, "DELETE FROM ecs_client_token WHERE created_at < ? OR NOT EXISTS "
                + "(SELECT 1 FROM ecs_task t WHERE t.cluster_arn = ecs_client_token.cluster_arn "
                + "AND t.client_token = ecs_client_token.token)", createdBefore.toEpochMilli()));
    }

    // --- expiry of stopped tasks ---------------------------------------------------------------------

    @Override
    public List<String> purgeStoppedTasks(Instant stoppedBefore) {
        long cutoff = stoppedBefore.toEpochMilli();
        return tx.inTransaction(c -> {
            List<String> due = new ArrayList<>();
            List<String[]> backfill = new ArrayList<>();
            Sql.forEach(c, "SELECT arn, stopped_at, document FROM ecs_task "
                    + "WHERE last_status = 'STOPPED' AND (stopped_at < ? OR stopped_at IS NULL)", rs -> {
                long stoppedAt = rs.getLong(2);
                if (rs.wasNull()) {
                    // Stopped before V4 recorded the column: the document knows when.
                    Task t = task(rs);
                    Instant at = t.stoppedAt() != null ? t.stoppedAt() : t.createdAt();
                    stoppedAt = at.toEpochMilli();
                    backfill.add(new String[]{rs.getString(1), String.valueOf(stoppedAt)});
                }
                if (stoppedAt < cutoff) {
                    due.add(rs.getString(1));
                }
            }, cutoff);
            for (String[] b : backfill) {
                Sql.update(c, "UPDATE ecs_task SET stopped_at = ? WHERE arn = ?", Long.parseLong(b[1]), b[0]);
            }
            List<String> deleted = new ArrayList<>();
            for (String arn : due) {
                if (Sql.update(c, "DELETE FROM ecs_task WHERE arn = ? AND last_status = 'STOPPED'", arn) > 0) {
                    Sql.update(c, "DELETE FROM ecs_tag WHERE resource_arn = ?", arn);
                    deleted.add(arn);
                }
            }
            return deleted;
        });
    }

    @Override
    public Optional<Task> task(String arn) {
        return tx.read(c -> Sql.queryOne(c, "SELECT document FROM ecs_task WHERE arn = ?", JdbcEcsRepository::task, arn));
    }

    @Override
    public List<Task> tasks(Collection<String> arns) {
        if (arns.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(arns.size(), "?"));
        return tx.read(c -> Sql.query(c, "SELECT document FROM ecs_task WHERE arn IN (" + marks + ")",
                JdbcEcsRepository::task, arns.toArray()));
    }

    /**
     * Replaces a task's document and the columns copied from it. Many tasks changing state at once share their
     * commits: {@link dev.homeport.store.Transactions} groups concurrent writes.
     */
    @Override
    public void updateTask(Task t) {
        int updated = tx.inTransaction(c -> Sql.update(c,
                "UPDATE ecs_task SET desired_status = ?, last_status = ?, stopped_at = ?, document = ? WHERE arn = ?",
                t.desiredStatus().name(), t.lastStatus().name(), Sql.nullable(t.stoppedAt(), Types.BIGINT),
                new String(EcsJson.write(t), StandardCharsets.UTF_8), t.taskArn()));
        if (updated == 0) {
            throw new IllegalStateException("no task " + t.taskArn());
        }
    }

    @Override
    public List<TaskRef> listTasks(TaskQuery q, long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, arn FROM ecs_task WHERE seq > ?");
        List<Object> params = new ArrayList<>(List.of(afterSeq));
        filter(sql, params, "cluster_arn", q.clusterArn());
        filter(sql, params, "family", q.family());
        filter(sql, params, "started_by", q.startedBy());
        filter(sql, params, "desired_status", q.desiredStatus() == null ? null : q.desiredStatus().name());
        filter(sql, params, "launch_type", q.launchType());
        filter(sql, params, "task_group", q.group());
        sql.append(" ORDER BY seq LIMIT ").append(limit);
        return tx.read(c -> Sql.query(c, sql.toString(), rs -> new TaskRef(rs.getLong("seq"), rs.getString("arn")),
                params.toArray()));
    }

    private static void filter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    @Override
    public List<Task> groupTasks(String clusterArn, String group) {
        return tx.read(c -> Sql.query(c, "SELECT document FROM ecs_task WHERE cluster_arn = ? AND task_group = ? "
                + "ORDER BY seq", JdbcEcsRepository::task, clusterArn, group));
    }

    @Override
    public List<Task> unstoppedTasks() {
        return tx.read(c -> Sql.query(c, "SELECT document FROM ecs_task WHERE last_status <> 'STOPPED' ORDER BY seq",
                JdbcEcsRepository::task));
    }

    @Override
    public Map<TaskStatus, Integer> countActiveTasksByStatus(String clusterArn) {
        return tx.read(c -> {
            Map<TaskStatus, Integer> out = new HashMap<>();
            Sql.forEach(c, "SELECT last_status, COUNT(*) FROM ecs_task "
                    + "WHERE last_status <> 'STOPPED' AND cluster_arn = ? GROUP BY last_status",
                    rs -> out.put(TaskStatus.valueOf(rs.getString(1)), rs.getInt(2)), clusterArn);
            return out;
        });
    }

    // --- tags ---------------------------------------------------------------------------------------

    @Override
    public Map<String, String> tags(String resourceArn) {
        return tx.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            Sql.forEach(c, "SELECT tag_key, tag_value FROM ecs_tag WHERE resource_arn = ? ORDER BY position",
                    rs -> out.put(rs.getString(1), rs.getString(2)), resourceArn);
            return out;
        });
    }

    @Override
    public void tag(String resourceArn, Map<String, String> tags) {
        tx.inTransaction(c -> {
            long position = Sql.queryOne(c, "SELECT COALESCE(MAX(position), 0) FROM ecs_tag WHERE resource_arn = ?",
                    rs -> rs.getLong(1), resourceArn).orElse(0L);
            for (var e : tags.entrySet()) {
                int n = Sql.update(c, "UPDATE ecs_tag SET tag_value = ? WHERE resource_arn = ? AND tag_key = ?",
                        e.getValue(), resourceArn, e.getKey());
                if (n == 0) {
                    Sql.update(c, "INSERT INTO ecs_tag (resource_arn, tag_key, tag_value, position) VALUES (?, ?, ?, ?)",
                            resourceArn, e.getKey(), e.getValue(), ++position);
                }
            }
            return null;
        });
    }

    @Override
    public void untag(String resourceArn, Collection<String> keys) {
        tx.inTransaction(c -> {
            for (String k : keys) {
                Sql.update(c, "DELETE FROM ecs_tag WHERE resource_arn = ? AND tag_key = ?", resourceArn, k);
            }
            return null;
        });
    }
}
