-- STS: the temporary credentials AssumeRole and GetSessionToken issued, until they expire.
--
-- Portable SQL for SQLite and PostgreSQL, as V1. The secret is sealed with the master keyset, bound to the key id;
-- of the session token only its SHA-256 digest is kept (a request proves it has the token, nothing needs it back).
-- principal_kind is ASSUMED_ROLE, USER or ROOT (GetSessionToken's credentials act as their user); details holds the
-- role's ARN, the session policies and the session tags as JSON.
CREATE TABLE sts_session (
    access_key_id  TEXT   NOT NULL PRIMARY KEY,
    account_id     TEXT   NOT NULL,
    principal_kind TEXT   NOT NULL,
    principal_arn  TEXT   NOT NULL,
    user_id        TEXT   NOT NULL,
    details        TEXT   NOT NULL,
    secret         ${blob_type} NOT NULL,
    token_digest   ${blob_type} NOT NULL,
    expires_at     BIGINT NOT NULL
);
