-- CloudTrail: management events of every API call, per account and region, kept 90 days (Event history).
--
-- Portable SQL for SQLite and PostgreSQL, as V1. One row per event, in columns: what LookupEvents filters on, and
-- what the event's record (CloudTrailEvent) is made of when it is read. parameters is the request's parameters as
-- JSON with secret values already hidden; resources holds the ARNs the call named, one per line, with their types
-- (type|arn). Writing columns, not a finished JSON record, keeps the cost of recording each call small, and so do
-- event ids that grow with time: rows are appended to the table and its index, never inserted in between.
CREATE TABLE cloudtrail_event (
    event_id       TEXT   NOT NULL,
    account_id     TEXT   NOT NULL,
    region         TEXT   NOT NULL,
    event_time     BIGINT NOT NULL,
    event_name     TEXT   NOT NULL,
    event_source   TEXT   NOT NULL,
    read_only      TEXT   NOT NULL,
    username       TEXT,
    access_key_id  TEXT,
    resources      TEXT   NOT NULL,
    principal_kind TEXT   NOT NULL,
    principal_arn  TEXT   NOT NULL,
    principal_id   TEXT   NOT NULL,
    source_ip      TEXT,
    user_agent     TEXT,
    request_id     TEXT   NOT NULL,
    error_code     TEXT,
    error_message  TEXT,
    parameters     TEXT
);
CREATE INDEX cloudtrail_event_time ON cloudtrail_event (account_id, region, event_time);
