-- CloudTrail: events are stored in batches, one row per (account, region) and write, instead of a row per event.
--
-- A row per event, written as the calls came (a transaction per handful of events), cost more than the calls it
-- recorded: at GetSecretValue's rates the writer spent about 27 µs of CPU per event, 40% of the server's CPU. Now the
-- writer lets calls gather and a batch row holds up to 1,000 events of one account and region in a compact encoding
-- (TrailBatch: a dictionary of the strings its events repeat, then each event as references into it), so an event
-- costs a few µs of encoding and no insert of its own. LookupEvents reads the batches whose time range meets the window, newest first, and filters their
-- events (LookupEvents is an investigation tool: AWS limits it to two calls a second).
--
-- The per-event table of V9 is dropped with its events: it existed for less than a day of development builds, no
-- release carried it.
CREATE TABLE cloudtrail_batch (
    batch_id    TEXT    NOT NULL PRIMARY KEY,
    account_id  TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    first_time  BIGINT  NOT NULL,
    last_time   BIGINT  NOT NULL,
    event_count INTEGER NOT NULL,
    events      ${blob_type} NOT NULL
);
CREATE INDEX cloudtrail_batch_time ON cloudtrail_batch (account_id, region, last_time);

DROP TABLE cloudtrail_event;
