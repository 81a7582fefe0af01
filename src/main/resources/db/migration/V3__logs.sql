-- CloudWatch Logs: log groups, their tags, log streams and log events.
--
-- Portable SQL for SQLite and PostgreSQL. Timestamps are BIGINT epoch milliseconds, as the Logs API
-- speaks them. Group and stream ids are random positive 63-bit numbers chosen by Homeport (no
-- vendor-specific auto-increment). Each group hands out a sequence number per accepted event
-- (last_seq), in ingestion order: (event_time, seq) orders the events of a group and of each of its
-- streams, and is what pagination tokens point at.

CREATE TABLE logs_group (
    id                BIGINT  NOT NULL PRIMARY KEY,
    account_id        TEXT    NOT NULL,
    region            TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    retention_days    INTEGER,
    kms_key_id        TEXT,
    log_group_class   TEXT    NOT NULL DEFAULT 'STANDARD',
    -- The last sequence number given to an event of this group; bumped first in every append, so on
    -- PostgreSQL it also row-locks the group and appends to one group queue up.
    last_seq          BIGINT  NOT NULL DEFAULT 0,
    CONSTRAINT logs_group_name_uq UNIQUE (account_id, region, name)
);

CREATE TABLE logs_group_tag (
    group_id  BIGINT NOT NULL REFERENCES logs_group (id) ON DELETE CASCADE,
    tag_key   TEXT   NOT NULL,
    tag_value TEXT   NOT NULL,
    PRIMARY KEY (group_id, tag_key)
);

CREATE TABLE logs_stream (
    id                   BIGINT NOT NULL PRIMARY KEY,
    group_id             BIGINT NOT NULL REFERENCES logs_group (id) ON DELETE CASCADE,
    name                 TEXT   NOT NULL,
    created_at           BIGINT NOT NULL,
    first_event_time     BIGINT,
    last_event_time      BIGINT,
    last_ingestion_time  BIGINT,
    stored_bytes         BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT logs_stream_name_uq UNIQUE (group_id, name)
);

CREATE INDEX logs_stream_last_event_idx ON logs_stream (group_id, last_event_time, name);

CREATE TABLE logs_event (
    group_id       BIGINT  NOT NULL REFERENCES logs_group (id) ON DELETE CASCADE,
    seq            BIGINT  NOT NULL,
    -- No foreign key: DeleteLogStream deletes its events itself, through the index below (a
    -- cascade on SQLite would scan the table for want of an index that starts with stream_id).
    stream_id      BIGINT  NOT NULL,
    event_time     BIGINT  NOT NULL,
    ingestion_time BIGINT  NOT NULL,
    -- UTF-8 length of the message plus AWS's 26 bytes of per-event overhead.
    size_bytes     INTEGER NOT NULL,
    message        TEXT    NOT NULL,
    PRIMARY KEY (group_id, seq)
);

-- GetLogEvents reads one stream in time order; FilterLogEvents a whole group; retention deletes by time.
CREATE INDEX logs_event_stream_time_idx ON logs_event (group_id, stream_id, event_time, seq);
CREATE INDEX logs_event_group_time_idx ON logs_event (group_id, event_time, seq);
