-- Amazon ECS services: the service document (what DescribeServices answers, its deployments and events included,
-- running and pending counts left out: they are counted from the tasks when asked), one row per service ARN.
--
-- Portable SQL for SQLite and PostgreSQL, as V2.
--
-- version: incremented by every write, which names the version it read (the API and the scheduler both write).
-- rollback_deployment: the deployment the circuit breaker rolls back to (the last one that completed), as JSON.
CREATE TABLE ecs_service (
    arn                 TEXT    NOT NULL PRIMARY KEY,
    account_id          TEXT    NOT NULL,
    region              TEXT    NOT NULL,
    cluster_arn         TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    version             BIGINT  NOT NULL,
    client_token        TEXT,
    document            TEXT    NOT NULL,
    rollback_deployment TEXT
);
CREATE INDEX ecs_service_cluster_idx ON ecs_service (cluster_arn, status, arn);
CREATE INDEX ecs_service_status_idx ON ecs_service (status);

-- A task's group ("service:<name>" for a service's tasks, "family:<family>" by default), for ListTasks' serviceName
-- and the scheduler. Rows written before this migration have NULL: none of them belongs to a service.
ALTER TABLE ecs_task ADD COLUMN task_group TEXT;
CREATE INDEX ecs_task_group_idx ON ecs_task (cluster_arn, task_group, seq);
