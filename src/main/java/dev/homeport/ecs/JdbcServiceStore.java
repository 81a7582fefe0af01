package dev.homeport.ecs;

import dev.homeport.ecs.model.Deployment;
import dev.homeport.ecs.model.EcsJson;
import dev.homeport.ecs.model.Service;
import dev.homeport.ecs.model.ServiceStatus;
import dev.homeport.store.Database;
import dev.homeport.store.Sql;
import dev.homeport.store.Transactions;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ServiceStore} on the relational store (SQLite or PostgreSQL); schema in {@code V13__ecs_services.sql}. */
public final class JdbcServiceStore implements ServiceStore {
    private final Transactions tx;

    public JdbcServiceStore(Database database) {
        this.tx = database.transactions();
    }

    private static StoredService row(ResultSet rs) throws SQLException {
        Service service = EcsJson.read(rs.getString("document").getBytes(StandardCharsets.UTF_8), Service.class);
        String rollback = rs.getString("rollback_deployment");
        return new StoredService(service, rs.getLong("version"), rollback == null ? null
                : EcsJson.read(rollback.getBytes(StandardCharsets.UTF_8), Deployment.class), rs.getString("client_token"));
    }

    private static String json(Object value) {
        return value == null ? null : new String(EcsJson.write(value), StandardCharsets.UTF_8);
    }

    @Override
    public Optional<StoredService> service(String arn) {
        return tx.read(c -> Sql.queryOne(c, "SELECT * FROM ecs_service WHERE arn = ?", JdbcServiceStore::row, arn));
    }

    @Override
    public Optional<StoredService> create(StoredService s) {
        Service service = s.service();
        return tx.inTransaction(c -> {
            Optional<StoredService> existing = Sql.queryOne(c, "SELECT * FROM ecs_service WHERE arn = ?",
                    JdbcServiceStore::row, service.serviceArn());
            if (existing.isPresent() && existing.get().service().status() != ServiceStatus.INACTIVE) {
                return existing;
            }
            if (existing.isPresent()) {
                Sql.update(c, "DELETE FROM ecs_service WHERE arn = ?", service.serviceArn());
                Sql.update(c, "DELETE FROM ecs_tag WHERE resource_arn = ?", service.serviceArn());
            }
            EcsArns.Parsed arn = EcsArns.parse(service.serviceArn());
            long now = service.createdAt().toEpochMilli();
            Sql.update(c, "INSERT INTO ecs_service (arn, account_id, region, cluster_arn, name, status, created_at, "
                            + "updated_at, version, client_token, document, rollback_deployment) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)", service.serviceArn(), arn.account(),
                    arn.region(), service.clusterArn(), service.serviceName(), service.status().name(), now, now,
                    s.clientToken(), json(service), json(s.rollbackTo()));
            return Optional.<StoredService>empty();
        });
    }

    @Override
    public boolean update(StoredService next) {
        Service service = next.service();
        return tx.inTransaction(c -> Sql.update(c, "UPDATE ecs_service SET status = ?, updated_at = ?, "
                        + "version = version + 1, document = ?, rollback_deployment = ? WHERE arn = ? AND version = ?",
                service.status().name(), System.currentTimeMillis(), json(service),
                json(next.rollbackTo()), service.serviceArn(), next.version())) == 1;
    }

    @Override
    public List<StoredService> list(String clusterArn, String afterArn, int limit) {
        return tx.read(c -> Sql.query(c, "SELECT * FROM ecs_service WHERE cluster_arn = ? AND status = 'ACTIVE' "
                + "AND arn > ? ORDER BY arn LIMIT " + limit, JdbcServiceStore::row, clusterArn,
                afterArn == null ? "" : afterArn));
    }

    @Override
    public int countActive(String clusterArn) {
        return tx.read(c -> Sql.queryOne(c, "SELECT COUNT(*) FROM ecs_service WHERE cluster_arn = ? "
                + "AND status = 'ACTIVE'", rs -> rs.getInt(1), clusterArn).orElse(0));
    }

    @Override
    public List<StoredService> live() {
        return tx.read(c -> Sql.query(c, "SELECT * FROM ecs_service WHERE status <> 'INACTIVE' ORDER BY arn",
                JdbcServiceStore::row));
    }

    @Override
    public int purgeInactive(Instant before) {
        return tx.inTransaction(c -> Sql.update(c, "DELETE FROM ecs_service WHERE status = 'INACTIVE' "
                + "AND updated_at < ?", before.toEpochMilli()));
    }
}
