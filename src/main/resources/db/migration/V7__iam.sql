-- IAM: users, groups, roles and customer managed policies, per account.
--
-- Portable SQL for SQLite and PostgreSQL, as V1. Each entity is one row holding its JSON document (its path, id,
-- inline policies, attached policies, tags, and for a managed policy its versions): IAM's entities are small, read
-- whole and changed whole, and Homeport keeps them all in memory, so the store only has to make each change
-- durable. kind is USER, GROUP, ROLE or POLICY; IAM names are unique per kind regardless of case, hence name_key
-- (the name in lower case).
CREATE TABLE iam_entity (
    account_id TEXT   NOT NULL,
    kind       TEXT   NOT NULL,
    name_key   TEXT   NOT NULL,
    document   TEXT   NOT NULL,
    PRIMARY KEY (account_id, kind, name_key)
);

-- IAM users' access keys. The secret is sealed with the master keyset (never stored in plaintext), bound to the
-- key id. Last use is what GetAccessKeyLastUsed answers.
CREATE TABLE iam_access_key (
    access_key_id     TEXT   NOT NULL PRIMARY KEY,
    account_id        TEXT   NOT NULL,
    user_name         TEXT   NOT NULL,
    status            TEXT   NOT NULL,
    created_at        BIGINT NOT NULL,
    secret            ${blob_type} NOT NULL,
    last_used_at      BIGINT,
    last_used_service TEXT,
    last_used_region  TEXT
);
