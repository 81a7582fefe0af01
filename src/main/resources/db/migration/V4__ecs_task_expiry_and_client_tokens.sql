-- Amazon ECS: stopped tasks expire, and RunTask's clientToken makes it idempotent.
--
-- Portable SQL for SQLite and PostgreSQL, as V2.

-- When a task reached STOPPED (epoch ms), so the purge can find tasks stopped for more than an hour
-- without reading documents. Rows stopped before this migration have NULL here; the purge then reads
-- stoppedAt from their document.
ALTER TABLE ecs_task ADD COLUMN stopped_at BIGINT;
CREATE INDEX ecs_task_stopped_idx ON ecs_task (last_status, stopped_at);

-- The clientToken of the RunTask call that started the task, if it gave one.
ALTER TABLE ecs_task ADD COLUMN client_token TEXT;
CREATE INDEX ecs_task_client_token_idx ON ecs_task (cluster_arn, client_token);

-- One row per RunTask clientToken, scoped to a cluster as ECS scopes it (the cluster ARN carries the
-- region and account). fingerprint: SHA-256 of the call's other parameters, to tell a retry from a
-- different call reusing the token.
CREATE TABLE ecs_client_token (
    cluster_arn TEXT   NOT NULL,
    token       TEXT   NOT NULL,
    fingerprint TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (cluster_arn, token)
);
CREATE INDEX ecs_client_token_created_idx ON ecs_client_token (created_at);
