-- Secrets Manager: secrets, their tags and replicas, versions and staging labels.
--
-- Portable SQL: the same script runs on SQLite and PostgreSQL. Timestamps are BIGINT epoch
-- milliseconds (AWS renders them as fractional epoch seconds); day-granular "last accessed" dates are
-- BIGINT epoch days (AWS only records the day); flags are INTEGER 0/1. ${blob_type} is BLOB on SQLite
-- and BYTEA on PostgreSQL (Database sets the Flyway placeholder).
--
-- Secret values are stored only sealed (AES-256-GCM, bound to "<arn>|<version id>"), never in plaintext.

CREATE TABLE sm_secret (
    arn                 TEXT    NOT NULL PRIMARY KEY,
    account_id          TEXT    NOT NULL,
    region              TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    description         TEXT,
    kms_key_id          TEXT,
    created_at          BIGINT  NOT NULL,
    last_changed_at     BIGINT,
    last_accessed_day   BIGINT,
    -- When the secret will be purged; NULL unless DeleteSecret scheduled it.
    deleted_at          BIGINT,
    rotation_enabled    INTEGER NOT NULL DEFAULT 0,
    rotation_lambda_arn TEXT,
    rotation_after_days BIGINT,
    rotation_duration   TEXT,
    rotation_schedule   TEXT,
    last_rotated_at     BIGINT,
    next_rotation_at    BIGINT,
    resource_policy     TEXT,
    primary_region      TEXT,
    owning_service      TEXT,
    -- Bumped by every change; the first statement of a write, so on PostgreSQL it also row-locks the
    -- secret and concurrent writers to one secret queue up instead of interleaving.
    revision            BIGINT  NOT NULL DEFAULT 0,
    -- A name stays taken while the secret is scheduled for deletion, as in AWS.
    CONSTRAINT sm_secret_name_uq UNIQUE (account_id, region, name)
);

CREATE INDEX sm_secret_deleted_idx ON sm_secret (deleted_at);

CREATE TABLE sm_secret_tag (
    secret_arn TEXT    NOT NULL REFERENCES sm_secret (arn) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    tag_key    TEXT    NOT NULL,
    tag_value  TEXT    NOT NULL,
    PRIMARY KEY (secret_arn, tag_key)
);

CREATE TABLE sm_secret_replica (
    secret_arn        TEXT    NOT NULL REFERENCES sm_secret (arn) ON DELETE CASCADE,
    ordinal           INTEGER NOT NULL,
    region            TEXT    NOT NULL,
    kms_key_id        TEXT,
    status            TEXT,
    status_message    TEXT,
    last_accessed_day BIGINT,
    PRIMARY KEY (secret_arn, region)
);

CREATE TABLE sm_version (
    secret_arn        TEXT    NOT NULL REFERENCES sm_secret (arn) ON DELETE CASCADE,
    version_id        TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    last_accessed_day BIGINT,
    value_kind        TEXT    NOT NULL CHECK (value_kind IN ('STRING', 'BINARY')),
    sealed_value      ${blob_type} NOT NULL,
    PRIMARY KEY (secret_arn, version_id)
);

CREATE INDEX sm_version_created_idx ON sm_version (secret_arn, created_at);

-- A staging label sits on at most one version of a secret: the primary key enforces it.
CREATE TABLE sm_version_stage (
    secret_arn TEXT NOT NULL,
    stage      TEXT NOT NULL,
    version_id TEXT NOT NULL,
    PRIMARY KEY (secret_arn, stage),
    FOREIGN KEY (secret_arn, version_id) REFERENCES sm_version (secret_arn, version_id) ON DELETE CASCADE
);

CREATE INDEX sm_version_stage_version_idx ON sm_version_stage (secret_arn, version_id);
