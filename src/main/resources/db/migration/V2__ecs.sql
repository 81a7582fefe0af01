-- Amazon ECS: clusters, task definitions, tasks and tags.
--
-- Portable SQL for SQLite and PostgreSQL. Timestamps are BIGINT epoch milliseconds. Task definitions
-- and tasks are kept as their API documents (JSON text: what DescribeTaskDefinition / DescribeTasks
-- answer, minus tags), with the members that queries filter on copied into indexed columns.
-- No secret value is ever stored here: task definitions hold only valueFrom references, and resolved
-- values exist only in memory while a task starts.

CREATE TABLE ecs_cluster (
    arn           TEXT    NOT NULL PRIMARY KEY,
    account_id    TEXT    NOT NULL,
    region        TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    settings      TEXT,
    configuration TEXT,
    created_at    BIGINT  NOT NULL
);
CREATE INDEX ecs_cluster_scope_idx ON ecs_cluster (region, account_id, status, arn);

-- The last revision handed out per family: revisions are never reused, even after deletion.
CREATE TABLE ecs_task_definition_family (
    region        TEXT    NOT NULL,
    account_id    TEXT    NOT NULL,
    family        TEXT    NOT NULL,
    last_revision INTEGER NOT NULL,
    PRIMARY KEY (region, account_id, family)
);

CREATE TABLE ecs_task_definition (
    arn         TEXT    NOT NULL PRIMARY KEY,
    account_id  TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    family      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    status      TEXT    NOT NULL,
    document    TEXT    NOT NULL
);
CREATE INDEX ecs_task_definition_family_idx ON ecs_task_definition (region, account_id, family, revision);
CREATE INDEX ecs_task_definition_status_idx ON ecs_task_definition (region, account_id, status, family, revision);

-- seq orders tasks by creation for ListTasks pages; allocated from ecs_sequence.
CREATE TABLE ecs_task (
    seq            BIGINT  NOT NULL PRIMARY KEY,
    arn            TEXT    NOT NULL UNIQUE,
    cluster_arn    TEXT    NOT NULL,
    family         TEXT    NOT NULL,
    started_by     TEXT,
    desired_status TEXT    NOT NULL,
    last_status    TEXT    NOT NULL,
    launch_type    TEXT,
    created_at     BIGINT  NOT NULL,
    document       TEXT    NOT NULL
);
CREATE INDEX ecs_task_cluster_idx ON ecs_task (cluster_arn, desired_status, seq);
CREATE INDEX ecs_task_family_idx ON ecs_task (cluster_arn, family, desired_status, seq);
CREATE INDEX ecs_task_started_by_idx ON ecs_task (cluster_arn, started_by, desired_status, seq);
CREATE INDEX ecs_task_status_idx ON ecs_task (last_status, cluster_arn);

CREATE TABLE ecs_sequence (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO ecs_sequence (name, value) VALUES ('task', 0);

CREATE TABLE ecs_tag (
    resource_arn TEXT   NOT NULL,
    tag_key      TEXT   NOT NULL,
    tag_value    TEXT   NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);
