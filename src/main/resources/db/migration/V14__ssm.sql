-- AWS Systems Manager Parameter Store: parameters, every version of each, the labels on versions, and tags.
--
-- Portable SQL for SQLite and PostgreSQL, as V1; timestamps are BIGINT epoch milliseconds. A parameter is an
-- account's and region's: every key starts with (account_id, region).
--
-- A SecureString's value is stored only sealed (crypto.SecretBarrier, bound to "<parameter ARN>|<version>"), in
-- sealed_value; value holds the others' plaintext and is NULL for a SecureString.

CREATE TABLE ssm_parameter (
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    latest_version  BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name)
);

CREATE TABLE ssm_parameter_version (
    account_id      TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    version         BIGINT  NOT NULL,
    type            TEXT    NOT NULL,
    value           TEXT,
    sealed_value    ${blob_type},
    description     TEXT,
    allowed_pattern TEXT,
    key_id          TEXT,
    tier            TEXT    NOT NULL,
    data_type       TEXT    NOT NULL,
    -- the parameter policies as sent (stored and reported, not enforced)
    policies        TEXT,
    modified_at     BIGINT  NOT NULL,
    modified_by     TEXT    NOT NULL,
    PRIMARY KEY (account_id, region, name, version)
);

-- A label names one version of a parameter at most.
CREATE TABLE ssm_parameter_label (
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    label           TEXT   NOT NULL,
    version         BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name, label)
);

CREATE TABLE ssm_parameter_tag (
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    name            TEXT   NOT NULL,
    tag_key         TEXT   NOT NULL,
    tag_value       TEXT   NOT NULL,
    PRIMARY KEY (account_id, region, name, tag_key)
);
