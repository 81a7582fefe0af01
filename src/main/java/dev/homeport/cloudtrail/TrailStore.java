package dev.homeport.cloudtrail;

import dev.homeport.store.Database;
import dev.homeport.store.Sql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The event history, in the database: events written in batches (a row per account, region and write, see
 * {@link TrailBatch} and V10's comment), read newest first, forgotten after 90 days.
 */
final class TrailStore {
    /** Events per row at most: a LookupEvents page decodes whole rows, so they stay small. */
    static final int BATCH = 1_000;
    /** Rows read per query while a page is being filled. */
    private static final int ROWS_PER_READ = 8;
    /** Newest first; events of the same millisecond by id, so pages are stable. */
    static final Comparator<TrailEvent> NEWEST_FIRST = Comparator.comparing(TrailEvent::time).reversed()
            .thenComparing(TrailEvent::eventId);

    private final Database database;

    TrailStore(Database database) {
        this.database = database;
    }

    /** Writes the events, in one transaction: a row per account and region (and per {@link #BATCH} events). */
    void insert(List<TrailEvent> events) {
        Map<String, List<TrailEvent>> byScope = new LinkedHashMap<>();
        for (TrailEvent e : events) {
            byScope.computeIfAbsent(e.account() + ' ' + e.region(), k -> new ArrayList<>()).add(e);
        }
        List<Object[]> rows = new ArrayList<>();
        for (List<TrailEvent> scope : byScope.values()) {
            for (int from = 0; from < scope.size(); from += BATCH) {
                List<TrailEvent> part = scope.subList(from, Math.min(scope.size(), from + BATCH));
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (TrailEvent e : part) {
                    first = Math.min(first, e.time().toEpochMilli());
                    last = Math.max(last, e.time().toEpochMilli());
                }
                TrailEvent any = part.getFirst();
                rows.add(new Object[]{any.eventId(), any.account(), any.region(), first, last, part.size(),
                        TrailBatch.encode(part)});
            }
        }
        database.transactions().inTransaction(c -> {
            Sql.batch(c, "INSERT INTO cloudtrail_batch (batch_id, account_id, region, first_time, last_time, "
                    + "event_count, events) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
            return null;
        });
    }

    /**
     * Events of an account and region within [start, end] that {@code filter} accepts, newest first, starting after
     * the event {@code after} (a page token), at most {@code limit}.
     *
     * <p>Rows are read by their newest event, newest first. A row's events may be older than the next row's (a call
     * is recorded when it ends), so rows are read until the next one's newest event is older than the {@code
     * limit}-th found: nothing in it or after it can be on the page.
     */
    List<TrailEvent> page(String account, String region, Instant start, Instant end, Predicate<TrailEvent> filter,
                          Cursor after, int limit) {
        long from = start.toEpochMilli();
        long to = after == null ? end.toEpochMilli() : Math.min(end.toEpochMilli(), after.time().toEpochMilli());
        List<TrailEvent> found = new ArrayList<>();
        Row last = null;
        while (true) {
            List<Row> rows = rows(account, region, from, to, last);
            for (Row row : rows) {
                if (found.size() >= limit && row.lastTime() < found.get(limit - 1).time().toEpochMilli()) {
                    return found;
                }
                for (TrailEvent e : TrailBatch.decode(account, region, row.events())) {
                    long t = e.time().toEpochMilli();
                    if (t >= from && t <= to && (after == null || after.isBefore(e)) && filter.test(e)) {
                        found.add(e);
                    }
                }
                found.sort(NEWEST_FIRST);
                if (found.size() > limit) {
                    found.subList(limit, found.size()).clear();
                }
                last = row;
            }
            if (rows.size() < ROWS_PER_READ) {
                return found;
            }
        }
    }

    /** The next rows that may hold events in [from, to], by newest event (then id) descending, after {@code last}. */
    private List<Row> rows(String account, String region, long from, long to, Row last) {
        List<Object> params = new ArrayList<>(List.of(account, region, from, to));
        String where = "account_id = ? AND region = ? AND last_time >= ? AND first_time <= ?";
        if (last != null) {
            where += " AND (last_time < ? OR (last_time = ? AND batch_id < ?))";
            params.addAll(List.of(last.lastTime(), last.lastTime(), last.id()));
        }
        params.add(ROWS_PER_READ);
        String sql = "SELECT batch_id, last_time, events FROM cloudtrail_batch WHERE " + where
                + " ORDER BY last_time DESC, batch_id DESC LIMIT ?";
        return database.transactions().read(c -> Sql.query(c, sql,
                rs -> new Row(rs.getString(1), rs.getLong(2), rs.getBytes(3)), params.toArray()));
    }

    private record Row(String id, long lastTime, byte[] events) {
    }

    /** Where a page ended: the last event's time and id. */
    record Cursor(Instant time, String eventId) {
        /** Whether {@code e} comes after this position, newest first. */
        boolean isBefore(TrailEvent e) {
            int byTime = e.time().compareTo(time);
            return byTime < 0 || (byTime == 0 && e.eventId().compareTo(eventId) > 0);
        }
    }

    /** Forgets events older than {@code cutoff} (whole rows: a row goes when its newest event is older). */
    int purgeBefore(Instant cutoff) {
        return database.transactions().inTransaction(c -> Sql.update(c,
                "DELETE FROM cloudtrail_batch WHERE last_time < ?", cutoff.toEpochMilli()));
    }
}
