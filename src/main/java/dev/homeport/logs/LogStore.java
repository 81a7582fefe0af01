package dev.homeport.logs;

import dev.homeport.store.Database;
import dev.homeport.store.Sql;
import dev.homeport.store.Transactions;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Log groups, streams and events in the relational store (SQLite or PostgreSQL, {@code V3__logs.sql}).
 * Thread-safe; every method is one transaction, or joins the caller's. "Missing" is an empty
 * {@link Optional} or {@code false}; AWS errors are the caller's to throw.
 *
 * <p>Names are compared and sorted in Java ({@link String#compareTo}, which is ASCII order for the
 * characters log group names allow) rather than in SQL, whose collation differs between SQLite and
 * a PostgreSQL database created with a locale.
 */
final class LogStore {
    /** AWS counts 26 bytes of overhead per event in batch and stored sizes. */
    static final int EVENT_OVERHEAD_BYTES = 26;

    record Group(long id, String account, String region, String name, long createdAt, Integer retentionDays,
                 String kmsKeyId, String logGroupClass, long lastSeq, long storedBytes) {
    }

    record Stream(long id, long groupId, String name, long createdAt, Long firstEventTime, Long lastEventTime,
                  Long lastIngestionTime, long storedBytes) {
    }

    /** A stored event; (timestamp, seq) is its position in its group and stream. */
    record StoredEvent(long seq, long streamId, long timestamp, long ingestionTime, String message) {
        @Override
        public String toString() {
            return "StoredEvent[seq=" + seq + ", stream=" + streamId + ", timestamp=" + timestamp + "]";
        }
    }

    /** A position between events: everything strictly after (timestamp, seq), or strictly before it. */
    record Position(long timestamp, long seq) {
        static final Position START = new Position(Long.MIN_VALUE, Long.MIN_VALUE);
        static final Position END = new Position(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private final Transactions tx;

    LogStore(Database database) {
        this.tx = database.transactions();
    }

    // ---------------------------------------------------------------- groups

    Optional<Group> findGroup(String account, String region, String name) {
        return tx.read(c -> findGroup(c, account, region, name));
    }

    private static Optional<Group> findGroup(Connection c, String account, String region, String name)
            throws SQLException {
        return Sql.queryOne(c, GROUP_SELECT + " WHERE g.account_id = ? AND g.region = ? AND g.name = ?",
                LogStore::group, account, region, name);
    }

    private static final String GROUP_SELECT = "SELECT g.id, g.account_id, g.region, g.name, g.created_at, "
            + "g.retention_days, g.kms_key_id, g.log_group_class, g.last_seq, "
            + "(SELECT COALESCE(SUM(s.stored_bytes), 0) FROM logs_stream s WHERE s.group_id = g.id) AS stored "
            + "FROM logs_group g";

    private static Group group(ResultSet rs) throws SQLException {
        int retention = rs.getInt(6);
        Integer retentionDays = rs.wasNull() ? null : retention;
        return new Group(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                retentionDays, rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10));
    }

    /** All groups of one account and region, in name order. */
    List<Group> listGroups(String account, String region) {
        return tx.read(c -> {
            List<Group> out = Sql.query(c, GROUP_SELECT + " WHERE g.account_id = ? AND g.region = ?",
                    LogStore::group, account, region);
            out.sort(Comparator.comparing(Group::name));
            return out;
        });
    }

    /** Groups with a retention policy, for the expiry job. */
    List<Group> groupsWithRetention() {
        return tx.read(c -> Sql.query(c, GROUP_SELECT + " WHERE g.retention_days IS NOT NULL", LogStore::group));
    }

    /** Creates a group; empty if one with that name exists. */
    Optional<Group> createGroup(String account, String region, String name, long createdAt, String kmsKeyId,
                                String logGroupClass, Map<String, String> tags) {
        return tx.inTransaction(c -> createGroup(c, account, region, name, createdAt, kmsKeyId, logGroupClass, tags));
    }

    private static Optional<Group> createGroup(Connection c, String account, String region, String name,
                                               long createdAt, String kmsKeyId, String logGroupClass,
                                               Map<String, String> tags) throws SQLException {
        long id = Sql.randomId();
        if (Sql.update(c, "INSERT INTO logs_group (id, account_id, region, name, "
                + "created_at, kms_key_id, log_group_class) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (account_id, region, name) DO NOTHING",
                id, account, region, name, createdAt, kmsKeyId, logGroupClass) == 0) {
            return Optional.empty();
        }
        if (tags != null && !tags.isEmpty()) {
            putTags(c, id, tags);
        }
        return Optional.of(new Group(id, account, region, name, createdAt, null, kmsKeyId, logGroupClass, 0, 0));
    }

    /** Deletes a group with its streams, events and tags. */
    boolean deleteGroup(long groupId) {
        return tx.inTransaction(c -> {
            Sql.update(c, "DELETE FROM logs_event WHERE group_id = ?", groupId);
            return Sql.update(c, "DELETE FROM logs_group WHERE id = ?", groupId) > 0;
        });
    }

    boolean setRetention(long groupId, Integer days) {
        return tx.inTransaction(c -> Sql.update(c, "UPDATE logs_group SET retention_days = ? WHERE id = ?",
                Sql.nullable(days, Types.INTEGER), groupId) > 0);
    }

    // ---------------------------------------------------------------- tags

    Map<String, String> tags(long groupId) {
        return tx.read(c -> {
            Map<String, String> out = new TreeMap<>();
            Sql.forEach(c, "SELECT tag_key, tag_value FROM logs_group_tag WHERE group_id = ?",
                    rs -> out.put(rs.getString(1), rs.getString(2)), groupId);
            return out;
        });
    }

    /**
     * Adds or replaces tags, failing with {@code tooMany} (nothing changed) when the group would end
     * up with more than {@code maxTags}.
     */
    void tag(long groupId, Map<String, String> tags, int maxTags, RuntimeException tooMany) {
        tx.inTransaction(c -> {
            putTags(c, groupId, tags);
            int count = Sql.queryOne(c, "SELECT COUNT(*) FROM logs_group_tag WHERE group_id = ?",
                    rs -> rs.getInt(1), groupId).orElseThrow();
            if (count > maxTags) {
                throw tooMany;
            }
            return null;
        });
    }

    private static void putTags(Connection c, long groupId, Map<String, String> tags) throws SQLException {
        Sql.batch(c, "INSERT INTO logs_group_tag (group_id, tag_key, tag_value) "
                + "VALUES (?, ?, ?) ON CONFLICT (group_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
                tags.entrySet().stream().map(e -> new Object[] {groupId, e.getKey(), e.getValue()}).toList());
    }

    void untag(long groupId, Collection<String> keys) {
        tx.inTransaction(c -> {
            Sql.batch(c, "DELETE FROM logs_group_tag WHERE group_id = ? AND tag_key = ?",
                    keys.stream().map(k -> new Object[] {groupId, k}).toList());
            return null;
        });
    }

    // ---------------------------------------------------------------- streams

    /** Creates a stream; empty if one with that name exists in the group. */
    Optional<Stream> createStream(long groupId, String name, long createdAt) {
        return tx.inTransaction(c -> createStream(c, groupId, name, createdAt));
    }

    private static Optional<Stream> createStream(Connection c, long groupId, String name, long createdAt)
            throws SQLException {
        long id = Sql.randomId();
        if (Sql.update(c, "INSERT INTO logs_stream (id, group_id, name, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (group_id, name) DO NOTHING", id, groupId, name, createdAt) == 0) {
            return Optional.empty();
        }
        return Optional.of(new Stream(id, groupId, name, createdAt, null, null, null, 0));
    }

    Optional<Stream> findStream(long groupId, String name) {
        return tx.read(c -> findStream(c, groupId, name));
    }

    private static final String STREAM_SELECT = "SELECT id, group_id, name, created_at, first_event_time, "
            + "last_event_time, last_ingestion_time, stored_bytes FROM logs_stream";

    private static Optional<Stream> findStream(Connection c, long groupId, String name) throws SQLException {
        return Sql.queryOne(c, STREAM_SELECT + " WHERE group_id = ? AND name = ?", LogStore::stream, groupId, name);
    }

    private static Stream stream(ResultSet rs) throws SQLException {
        return new Stream(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), nullableLong(rs, 5),
                nullableLong(rs, 6), nullableLong(rs, 7), rs.getLong(8));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Every stream of a group, in name order. */
    List<Stream> listStreams(long groupId) {
        return tx.read(c -> {
            List<Stream> out = Sql.query(c, STREAM_SELECT + " WHERE group_id = ?", LogStore::stream, groupId);
            out.sort(Comparator.comparing(Stream::name));
            return out;
        });
    }

    boolean deleteStream(long groupId, long streamId) {
        return tx.inTransaction(c -> {
            Sql.update(c, "DELETE FROM logs_event WHERE group_id = ? AND stream_id = ?", groupId, streamId);
            return Sql.update(c, "DELETE FROM logs_stream WHERE id = ?", streamId) > 0;
        });
    }

    // ---------------------------------------------------------------- events

    /** What an append did: the group's sequence number after it, and the destination it resolved. */
    record Appended(long lastSeq, Group group, Stream stream) {
    }

    /** Thrown inside {@link #appendTo} when the group is missing and may not be created. */
    static final class MissingGroup extends RuntimeException {
        MissingGroup() {
            super(null, null, false, false);
        }
    }

    /** Thrown inside {@link #appendTo} when the stream is missing and may not be created. */
    static final class MissingStream extends RuntimeException {
        MissingStream() {
            super(null, null, false, false);
        }
    }

    /**
     * Appends events (already in timestamp order) to a stream in one transaction, creating the
     * stream and group on the way when allowed.
     *
     * @param minTimestamp events before this are dropped (retention), checked against the group
     *                     read in the same transaction; {@code null} for no check
     * @throws MissingGroup  when the group is missing and {@code createGroup} is false
     * @throws MissingStream when the stream is missing and {@code createStream} is false
     */
    Appended appendTo(String account, String region, String groupName, String streamName, boolean createGroup,
                      boolean createStream, List<LogEvent> events, long ingestionTime,
                      java.util.function.LongUnaryOperator minTimestampForRetentionDays) {
        return tx.inTransaction(c -> {
            Group group = findGroup(c, account, region, groupName).orElse(null);
            if (group == null) {
                if (!createGroup) {
                    throw new MissingGroup();
                }
                Optional<Group> created = createGroup(c, account, region, groupName, ingestionTime, null,
                        "STANDARD", Map.of());
                // Empty only if a concurrent writer (PostgreSQL) created it first: use theirs.
                group = created.isPresent() ? created.get() : findGroup(c, account, region, groupName).orElseThrow();
            }
            Stream stream = findStream(c, group.id(), streamName).orElse(null);
            if (stream == null) {
                if (!createStream) {
                    throw new MissingStream();
                }
                Optional<Stream> created = createStream(c, group.id(), streamName, ingestionTime);
                stream = created.isPresent() ? created.get() : findStream(c, group.id(), streamName).orElseThrow();
            }
            List<LogEvent> kept = events;
            if (group.retentionDays() != null && minTimestampForRetentionDays != null) {
                long min = minTimestampForRetentionDays.applyAsLong(group.retentionDays());
                kept = events.stream().filter(e -> e.timestamp() >= min).toList();
            }
            long lastSeq = insertEvents(c, group.id(), stream.id(), kept, ingestionTime);
            return new Appended(lastSeq, group, stream);
        });
    }

    private static long insertEvents(Connection c, long groupId, long streamId, List<LogEvent> events,
                                     long ingestionTime) throws SQLException {
        if (events.isEmpty()) {
            return Sql.queryOne(c, "SELECT last_seq FROM logs_group WHERE id = ?", rs -> rs.getLong(1), groupId)
                    .orElseThrow(() -> new SQLException("log group " + groupId + " vanished during an append"));
        }
        long lastSeq = Sql.queryOne(c, "UPDATE logs_group SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq",
                        rs -> rs.getLong(1), (long) events.size(), groupId)
                .orElseThrow(() -> new SQLException("log group " + groupId + " vanished during an append"));
        long seq = lastSeq - events.size();
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO logs_event (group_id, seq, stream_id, "
                + "event_time, ingestion_time, size_bytes, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (LogEvent e : events) {
                int size = e.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD_BYTES;
                bytes += size;
                first = Math.min(first, e.timestamp());
                last = Math.max(last, e.timestamp());
                Sql.bind(ps, groupId, ++seq, streamId, e.timestamp(), ingestionTime, size, e.message());
                ps.addBatch();
                if (++pending == 500) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        Sql.update(c, "UPDATE logs_stream SET "
                + "first_event_time = CASE WHEN first_event_time IS NULL OR first_event_time > ? THEN ? "
                + "ELSE first_event_time END, "
                + "last_event_time = CASE WHEN last_event_time IS NULL OR last_event_time < ? THEN ? "
                + "ELSE last_event_time END, "
                + "last_ingestion_time = ?, stored_bytes = stored_bytes + ? WHERE id = ?",
                first, first, last, last, ingestionTime, bytes, streamId);
        return lastSeq;
    }

    /**
     * Events of one stream in [startTime, endTime), after or before a position, in (timestamp, seq)
     * order; {@code forward == false} returns the {@code limit} events closest before {@code from},
     * still in ascending order.
     */
    List<StoredEvent> readStream(long groupId, long streamId, long startTime, long endTime, Position from,
                                 boolean forward, int limit) {
        String sql = "SELECT seq, stream_id, event_time, ingestion_time, message FROM logs_event "
                + "WHERE group_id = ? AND stream_id = ? AND event_time >= ? AND event_time < ? AND "
                + (forward ? "(event_time > ? OR (event_time = ? AND seq > ?)) ORDER BY event_time, seq"
                           : "(event_time < ? OR (event_time = ? AND seq < ?)) ORDER BY event_time DESC, seq DESC")
                + " LIMIT ?";
        return tx.read(c -> {
            List<StoredEvent> out = Sql.query(c, sql, LogStore::event, groupId, streamId, startTime, endTime,
                    from.timestamp(), from.timestamp(), from.seq(), limit);
            if (!forward) {
                java.util.Collections.reverse(out);
            }
            return out;
        });
    }

    /**
     * Events of a group in [startTime, endTime] strictly after {@code after}, in (timestamp, seq)
     * order, optionally only from some streams.
     */
    List<StoredEvent> scanGroup(long groupId, Collection<Long> streamIds, long startTime, long endTime,
                                Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT seq, stream_id, event_time, ingestion_time, message "
                + "FROM logs_event WHERE group_id = ? AND event_time >= ? AND event_time <= ? "
                + "AND (event_time > ? OR (event_time = ? AND seq > ?))");
        List<Object> params = new ArrayList<>(List.of(groupId, startTime, endTime, after.timestamp(),
                after.timestamp(), after.seq()));
        if (streamIds != null) {
            sql.append(" AND stream_id IN (");
            for (int i = 0; i < streamIds.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
            params.addAll(streamIds);
        }
        sql.append(" ORDER BY event_time, seq LIMIT ?");
        params.add(limit);
        return tx.read(c -> Sql.query(c, sql.toString(), LogStore::event, params.toArray()));
    }

    private static StoredEvent event(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
    }

    /**
     * Deletes the group's events with a timestamp before {@code cutoff} and brings its streams'
     * first-event times and stored bytes up to date.
     *
     * @return how many events were deleted
     */
    int expireBefore(long groupId, long cutoff) {
        return tx.inTransaction(c -> {
            Map<Long, long[]> affected = new LinkedHashMap<>();
            Sql.forEach(c, "SELECT stream_id, COUNT(*), SUM(size_bytes) "
                    + "FROM logs_event WHERE group_id = ? AND event_time < ? GROUP BY stream_id",
                    rs -> affected.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)}), groupId, cutoff);
            if (affected.isEmpty()) {
                return 0;
            }
            int deleted = Sql.update(c, "DELETE FROM logs_event WHERE group_id = ? AND event_time < ?", groupId, cutoff);
            Sql.batch(c, "UPDATE logs_stream SET stored_bytes = stored_bytes - ?, "
                    + "first_event_time = (SELECT MIN(e.event_time) FROM logs_event e "
                    + "WHERE e.group_id = ? AND e.stream_id = ?) WHERE id = ?",
                    affected.entrySet().stream()
                            .map(e -> new Object[] {e.getValue()[1], groupId, e.getKey(), e.getKey()}).toList());
            return deleted;
        });
    }
}
