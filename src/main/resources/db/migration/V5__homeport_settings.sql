-- Homeport's own records, beside the services' tables.
--
-- Portable SQL for SQLite and PostgreSQL, as V1.
--
-- key-check: an empty value sealed with the master keyset when the database first held sealed values, so a
-- start with a missing or different keyset is refused before anything is written under the wrong key.
-- task-metadata-key: the key (sealed) that makes each task's metadata path unguessable.
CREATE TABLE homeport_setting (
    name       TEXT    NOT NULL PRIMARY KEY,
    value      ${blob_type} NOT NULL,
    created_at BIGINT  NOT NULL
);
