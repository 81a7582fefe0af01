package dev.homeport.logs;

import dev.homeport.common.PageTokens;
import dev.homeport.logs.LogStore.Group;
import dev.homeport.logs.LogStore.Position;
import dev.homeport.logs.LogStore.StoredEvent;
import dev.homeport.logs.LogStore.Stream;
import dev.homeport.logs.LogsShapes.FilterLogEventsRequest;
import dev.homeport.logs.LogsShapes.FilterLogEventsResponse;
import dev.homeport.logs.LogsShapes.FilteredLogEvent;
import dev.homeport.logs.LogsShapes.GetLogEventsRequest;
import dev.homeport.logs.LogsShapes.GetLogEventsResponse;
import dev.homeport.logs.LogsShapes.InputLogEvent;
import dev.homeport.logs.LogsShapes.OutputLogEvent;
import dev.homeport.logs.LogsShapes.PutLogEventsRequest;
import dev.homeport.logs.LogsShapes.PutLogEventsResponse;
import dev.homeport.logs.LogsShapes.RejectedLogEventsInfo;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutLogEvents, GetLogEvents, FilterLogEvents. */
final class LogEventOperations {
    static final int MAX_BATCH_EVENTS = 10_000;
    static final long MAX_BATCH_BYTES = 1_048_576;
    static final long MAX_PAGE_BYTES = 1_048_576;
    static final long TOO_NEW_MILLIS = Duration.ofHours(2).toMillis();
    static final long TOO_OLD_MILLIS = Duration.ofDays(14).toMillis();
    static final long MAX_SPAN_MILLIS = Duration.ofHours(24).toMillis();
    private static final int SCAN_CHUNK = 1_000;

    private final LogsService service;
    private final LogStore store;
    private final FilterScanBudget filterBudget;

    LogEventOperations(LogsService service, FilterScanBudget filterBudget) {
        this.service = service;
        this.store = service.store();
        this.filterBudget = filterBudget;
    }

    void register(OperationRegistry registry) {
        registry.add("PutLogEvents", PutLogEventsRequest.class,
                LogsAccess.onStream("PutLogEvents", PutLogEventsRequest::logGroupName, PutLogEventsRequest::logStreamName),
                this::putLogEvents);
        registry.add("GetLogEvents", GetLogEventsRequest.class,
                LogsAccess.onStream("GetLogEvents", in -> in.logGroupIdentifier() != null ? in.logGroupIdentifier()
                        : in.logGroupName(), GetLogEventsRequest::logStreamName),
                this::getLogEvents);
        registry.add("FilterLogEvents", FilterLogEventsRequest.class,
                LogsAccess.onGroup("FilterLogEvents", FilterLogEventsRequest::logGroupIdentifier,
                        FilterLogEventsRequest::logGroupName),
                this::filterLogEvents);
    }

    // ---------------------------------------------------------------- PutLogEvents

    PutLogEventsResponse putLogEvents(RequestContext ctx, PutLogEventsRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        LogsInputs.streamName("logStreamName", in.logStreamName(), true);
        Validation v = Validation.of().notNull("logEvents", in.logEvents())
                .size("logEvents", in.logEvents(), 1, MAX_BATCH_EVENTS);
        if (in.logEvents() != null && in.logEvents().size() <= MAX_BATCH_EVENTS) {
            for (int i = 0; i < in.logEvents().size(); i++) {
                InputLogEvent e = in.logEvents().get(i);
                String member = "logEvents." + (i + 1) + ".member";
                v.notNull(member + ".timestamp", e.timestamp()).notNull(member + ".message", e.message());
                if (e.message() != null && e.message().isEmpty()) {
                    // The value is a log message: never echoed, even when empty.
                    v.sensitiveViolation(member + ".message", "Member must have length greater than or equal to 1");
                }
                if (e.timestamp() != null && e.timestamp() < 0) {
                    v.violation(member + ".timestamp", String.valueOf(e.timestamp()),
                            "Member must have value greater than or equal to 0");
                }
            }
        }
        LogsInputs.check(v);
        List<InputLogEvent> input = in.logEvents();
        long bytes = 0;
        long previous = Long.MIN_VALUE;
        for (InputLogEvent e : input) {
            long size = e.message().getBytes(StandardCharsets.UTF_8).length + LogStore.EVENT_OVERHEAD_BYTES;
            if (size > MAX_BATCH_BYTES) {
                throw LogsErrors.eventTooLarge(size, MAX_BATCH_BYTES);
            }
            bytes += size;
            if (e.timestamp() < previous) {
                throw LogsErrors.notChronological();
            }
            previous = e.timestamp();
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw LogsErrors.uploadTooLarge(bytes, MAX_BATCH_BYTES);
        }

        Group group = service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName());
        long now = ctx.receivedAt().toEpochMilli();
        int n = input.size();
        int tooOldEnd = 0;
        while (tooOldEnd < n && input.get(tooOldEnd).timestamp() < now - TOO_OLD_MILLIS) {
            tooOldEnd++;
        }
        int expiredEnd = 0;
        if (group.retentionDays() != null) {
            long cutoff = now - Duration.ofDays(group.retentionDays()).toMillis();
            while (expiredEnd < n && input.get(expiredEnd).timestamp() < cutoff) {
                expiredEnd++;
            }
        }
        int tooNewStart = n;
        while (tooNewStart > 0 && input.get(tooNewStart - 1).timestamp() > now + TOO_NEW_MILLIS) {
            tooNewStart--;
        }
        int from = Math.max(tooOldEnd, expiredEnd);
        List<LogEvent> accepted = new ArrayList<>(Math.max(0, tooNewStart - from));
        for (int i = from; i < tooNewStart; i++) {
            accepted.add(new LogEvent(input.get(i).timestamp(), input.get(i).message()));
        }
        if (accepted.size() > 1
                && accepted.get(accepted.size() - 1).timestamp() - accepted.get(0).timestamp() > MAX_SPAN_MILLIS) {
            throw LogsErrors.spanTooLong();
        }
        LogStore.Appended appended;
        try {
            appended = store.appendTo(ctx.accountId(), ctx.region(), in.logGroupName(), in.logStreamName(), false,
                    false, accepted, now, null);
        } catch (LogStore.MissingGroup e) {
            throw LogsErrors.groupNotFound();
        } catch (LogStore.MissingStream e) {
            throw LogsErrors.streamNotFound();
        }
        RejectedLogEventsInfo rejected = null;
        if (tooOldEnd > 0 || expiredEnd > 0 || tooNewStart < n) {
            rejected = new RejectedLogEventsInfo(tooNewStart < n ? tooNewStart : null,
                    tooOldEnd > 0 ? tooOldEnd : null, expiredEnd > 0 ? expiredEnd : null);
        }
        return new PutLogEventsResponse(LogsService.sequenceToken(appended.lastSeq()), rejected);
    }

    // ---------------------------------------------------------------- GetLogEvents

    GetLogEventsResponse getLogEvents(RequestContext ctx, GetLogEventsRequest in) {
        LogsInputs.streamName("logStreamName", in.logStreamName(), true);
        LogsInputs.check(Validation.of().range("limit", in.limit(), 1, MAX_BATCH_EVENTS)
                .range("startTime", in.startTime(), 0, Long.MAX_VALUE).range("endTime", in.endTime(), 0, Long.MAX_VALUE));
        LogsInputs.nextToken(in.nextToken());
        EventTokens.Token token = null;
        if (in.nextToken() != null) {
            token = EventTokens.parse(in.nextToken()).orElseThrow(LogsErrors::invalidNextToken);
        }
        Group g = service.requireGroup(ctx, in.logGroupName(), in.logGroupIdentifier());
        Stream s = store.findStream(g.id(), in.logStreamName()).orElseThrow(LogsErrors::streamNotFound);
        long start = in.startTime() == null ? Long.MIN_VALUE : in.startTime();
        long end = in.endTime() == null ? Long.MAX_VALUE : in.endTime();
        int limit = in.limit() == null ? MAX_BATCH_EVENTS : in.limit();

        boolean forward;
        Position from;
        if (token != null) {
            forward = token.forward();
            from = token.position();
        } else {
            forward = Boolean.TRUE.equals(in.startFromHead());
            from = forward ? Position.START : Position.END;
        }
        List<StoredEvent> events = store.readStream(g.id(), s.id(), start, end, from, forward, limit);
        events = capBytes(events, forward);

        List<OutputLogEvent> out = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            out.add(new OutputLogEvent(e.timestamp(), e.message(), e.ingestionTime()));
        }
        String nextForward;
        String nextBackward;
        if (events.isEmpty()) {
            // Nothing there: the token the caller holds stays the answer in its direction (that is how
            // callers see they reached the end), and the other direction starts from the same place.
            Position p = token != null ? token.position() : Position.START;
            if (token == null && !forward) {
                nextForward = EventTokens.forward(Position.START);
                nextBackward = EventTokens.backward(Position.START);
            } else if (forward) {
                nextForward = EventTokens.forward(p);
                nextBackward = EventTokens.backward(justAfter(p));
            } else {
                nextBackward = EventTokens.backward(p);
                nextForward = EventTokens.forward(justBefore(p));
            }
        } else {
            StoredEvent first = events.get(0);
            StoredEvent last = events.get(events.size() - 1);
            nextForward = EventTokens.forward(new Position(last.timestamp(), last.seq()));
            nextBackward = EventTokens.backward(new Position(first.timestamp(), first.seq()));
        }
        return new LogsShapes.GetLogEventsResponse(out, nextForward, nextBackward);
    }

    private static Position justAfter(Position p) {
        return p.seq() == Long.MAX_VALUE ? p : new Position(p.timestamp(), p.seq() + 1);
    }

    private static Position justBefore(Position p) {
        return p.seq() == Long.MIN_VALUE ? p : new Position(p.timestamp(), p.seq() - 1);
    }

    /** A page holds at most 1 MB of messages: keep the events nearest the starting point. */
    private static List<StoredEvent> capBytes(List<StoredEvent> events, boolean forward) {
        long total = 0;
        int n = events.size();
        for (int k = 0; k < n; k++) {
            int i = forward ? k : n - 1 - k;
            total += events.get(i).message().getBytes(StandardCharsets.UTF_8).length + LogStore.EVENT_OVERHEAD_BYTES;
            if (total > MAX_PAGE_BYTES && k > 0) {
                return forward ? events.subList(0, k) : events.subList(n - k, n);
            }
        }
        return events;
    }

    // ---------------------------------------------------------------- FilterLogEvents

    FilterLogEventsResponse filterLogEvents(RequestContext ctx, FilterLogEventsRequest in) {
        if (in.logStreamNamePrefix() != null) {
            LogsInputs.streamName("logStreamNamePrefix", in.logStreamNamePrefix(), false);
        }
        LogsInputs.check(Validation.of().range("limit", in.limit(), 1, MAX_BATCH_EVENTS)
                .size("logStreamNames", in.logStreamNames(), 1, 100)
                .length("filterPattern", in.filterPattern(), 0, 1024)
                .range("startTime", in.startTime(), 0, Long.MAX_VALUE).range("endTime", in.endTime(), 0, Long.MAX_VALUE));
        LogsInputs.nextToken(in.nextToken());
        if (in.logStreamNames() != null && in.logStreamNamePrefix() != null) {
            throw LogsErrors.streamNamesAndPrefix();
        }
        FilterPattern pattern = FilterPattern.parse(in.filterPattern());
        Position after = Position.START;
        if (in.nextToken() != null) {
            after = decodeFilterToken(in.nextToken());
        }
        Group g = service.requireGroup(ctx, in.logGroupName(), in.logGroupIdentifier());

        Map<Long, String> streamNames = new HashMap<>();
        Set<Long> selected = null;
        List<Stream> streams = store.listStreams(g.id());
        if (in.logStreamNames() != null || in.logStreamNamePrefix() != null) {
            selected = new LinkedHashSet<>();
            Set<String> wanted = in.logStreamNames() == null ? null : Set.copyOf(in.logStreamNames());
            for (Stream s : streams) {
                boolean match = wanted != null ? wanted.contains(s.name()) : s.name().startsWith(in.logStreamNamePrefix());
                if (match) {
                    selected.add(s.id());
                }
            }
            if (wanted != null && selected.size() < wanted.size()) {
                throw LogsErrors.streamNotFound();
            }
        }
        for (Stream s : streams) {
            streamNames.put(s.id(), s.name());
        }
        long start = in.startTime() == null ? Long.MIN_VALUE : in.startTime();
        long end = in.endTime() == null ? Long.MAX_VALUE : in.endTime();
        int limit = in.limit() == null ? MAX_BATCH_EVENTS : in.limit();

        List<FilteredLogEvent> out = new ArrayList<>();
        String nextToken = null;
        if (selected == null || !selected.isEmpty()) {
            long startedAt = filterBudget.start();
            int scanned = 0;
            long bytes = 0;
            Position cursor = after;
            scan:
            while (true) {
                // Never read more than the budget lets this call examine.
                int want = Math.min(SCAN_CHUNK, filterBudget.maxEvents() - scanned);
                List<StoredEvent> chunk = store.scanGroup(g.id(), selected, start, end, cursor, want);
                for (StoredEvent e : chunk) {
                    scanned++;
                    if (pattern.matches(e.message())) {
                        long size = e.message().getBytes(StandardCharsets.UTF_8).length + LogStore.EVENT_OVERHEAD_BYTES;
                        if (!out.isEmpty() && bytes + size > MAX_PAGE_BYTES) {
                            nextToken = encodeFilterToken(cursor);
                            break scan;
                        }
                        bytes += size;
                        out.add(new FilteredLogEvent(streamNames.get(e.streamId()), e.timestamp(), e.message(),
                                e.ingestionTime(), eventId(g, e)));
                    }
                    cursor = new Position(e.timestamp(), e.seq());
                    if (out.size() == limit) {
                        // More may follow; AWS, too, may hand out a token that leads to an empty page.
                        nextToken = encodeFilterToken(cursor);
                        break scan;
                    }
                    if (filterBudget.spent(scanned, startedAt)) {
                        // AWS, too, answers a partial (even empty) page with a token when its scan window ends.
                        nextToken = encodeFilterToken(cursor);
                        break scan;
                    }
                }
                if (chunk.size() < want) {
                    break;
                }
            }
        }
        return new FilterLogEventsResponse(out, List.of(), nextToken);
    }

    /** Unique and stable per event, as {@code aws logs tail --follow} relies on to drop repeats. */
    private static String eventId(Group g, StoredEvent e) {
        return Long.toUnsignedString(g.id() % 1_000_000_000L) + String.format("%020d", e.seq());
    }

    private static String encodeFilterToken(Position p) {
        return PageTokens.encode("e|" + p.timestamp() + "|" + p.seq());
    }

    private static Position decodeFilterToken(String token) {
        String text = PageTokens.decode(token).filter(t -> t.startsWith("e|")).orElseThrow(LogsErrors::invalidNextToken);
        String[] parts = text.split("\\|");
        if (parts.length != 3) {
            throw LogsErrors.invalidNextToken();
        }
        try {
            return new Position(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw LogsErrors.invalidNextToken();
        }
    }
}
