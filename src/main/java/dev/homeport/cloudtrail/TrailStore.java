package dev.homeport.cloudtrail;

import dev.homeport.store.Database;
import dev.homeport.store.Sql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The event history, in the database: written in batches, read newest first, forgotten after 90 days. */
final class TrailStore {
    private static final String COLUMNS = "event_id, account_id, region, event_time, event_name, event_source, "
            + "read_only, username, access_key_id, resources, principal_kind, principal_arn, principal_id, source_ip, "
            + "user_agent, request_id, error_code, error_message, parameters";

    private final Database database;

    TrailStore(Database database) {
        this.database = database;
    }

    void insert(List<TrailEvent> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (TrailEvent e : events) {
            StringBuilder resources = new StringBuilder();
            e.resources().forEach(r -> resources.append(r.type()).append('|').append(r.arn()).append('\n'));
            rows.add(new Object[]{e.eventId(), e.account(), e.region(), e.time(), e.name(), e.source(),
                    Boolean.toString(e.readOnly()), e.username(), e.accessKeyId(), resources.toString(),
                    e.principalKind(), e.principalArn(), e.principalId(), e.sourceIp(), e.userAgent(), e.requestId(),
                    e.errorCode(), e.errorMessage(), e.parameters()});
        }
        database.transactions().inTransaction(c -> {
            Sql.batch(c, "INSERT INTO cloudtrail_event (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
            return null;
        });
    }

    /**
     * Events of an account and region within [start, end], newest first (then by id, so pages are stable), starting
     * after the event {@code after} (a page token), at most {@code limit}.
     */
    List<TrailEvent> page(String account, String region, Instant start, Instant end, Filter filter, Cursor after,
                          int limit) {
        List<Object> params = new ArrayList<>(List.of(account, region, start, end));
        String where = "account_id = ? AND region = ? AND event_time >= ? AND event_time <= ?";
        if (filter != null) {
            where += " AND " + filter.condition();
            params.add(filter.value());
        }
        if (after != null) {
            where += " AND (event_time < ? OR (event_time = ? AND event_id > ?))";
            params.addAll(List.of(after.time(), after.time(), after.eventId()));
        }
        params.add(limit);
        String sql = "SELECT " + COLUMNS + " FROM cloudtrail_event WHERE " + where
                + " ORDER BY event_time DESC, event_id ASC LIMIT ?";
        return database.transactions().read(c -> Sql.query(c, sql, rs -> {
            List<TrailEvent.TrailResource> resources = new ArrayList<>();
            for (String line : rs.getString(10).split("\n")) {
                int bar = line.indexOf('|');
                if (bar > 0) {
                    resources.add(new TrailEvent.TrailResource(line.substring(0, bar), line.substring(bar + 1)));
                }
            }
            return new TrailEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                    Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getString(6),
                    Boolean.parseBoolean(rs.getString(7)), rs.getString(8), rs.getString(9), resources,
                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                    rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19));
        }, params.toArray()));
    }

    /** One LookupEvents attribute, as a condition on a column and the value it binds. */
    record Filter(String condition, Object value) {
        static Filter of(String attributeKey, String value) {
            return switch (attributeKey) {
                case "EventId" -> new Filter("event_id = ?", value);
                case "EventName" -> new Filter("event_name = ?", value);
                case "ReadOnly" -> new Filter("read_only = ?", value);
                case "Username" -> new Filter("username = ?", value);
                case "EventSource" -> new Filter("event_source = ?", value);
                case "AccessKeyId" -> new Filter("access_key_id = ?", value);
                case "ResourceType" -> new Filter("resources LIKE ? ESCAPE '\\'", "%" + escape(value) + "|%");
                case "ResourceName" -> new Filter("resources LIKE ? ESCAPE '\\'", "%|" + escape(value) + "\n%");
                default -> null;
            };
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }

    /** Where a page ended: the last event's time and id. */
    record Cursor(Instant time, String eventId) {
    }

    /** Forgets events older than {@code cutoff}. */
    int purgeBefore(Instant cutoff) {
        return database.transactions().inTransaction(c -> Sql.update(c,
                "DELETE FROM cloudtrail_event WHERE event_time < ?", cutoff));
    }
}
