package dev.homeport.logs;

import dev.homeport.common.PageTokens;
import dev.homeport.logs.LogStore.Group;
import dev.homeport.logs.LogStore.Stream;
import dev.homeport.logs.LogsShapes.CreateLogStreamRequest;
import dev.homeport.logs.LogsShapes.DeleteLogStreamRequest;
import dev.homeport.logs.LogsShapes.DescribeLogStreamsRequest;
import dev.homeport.logs.LogsShapes.DescribeLogStreamsResponse;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** CreateLogStream, DeleteLogStream, DescribeLogStreams. */
final class LogStreamOperations {
    private static final List<String> ORDER_BY = List.of("LogStreamName", "LastEventTime");
    private static final Comparator<Stream> BY_LAST_EVENT = Comparator
            .comparingLong((Stream s) -> s.lastEventTime() == null ? Long.MIN_VALUE : s.lastEventTime())
            .thenComparing(Stream::name);

    private final LogsService service;
    private final LogStore store;

    LogStreamOperations(LogsService service) {
        this.service = service;
        this.store = service.store();
    }

    void register(OperationRegistry registry) {
        registry.add("CreateLogStream", CreateLogStreamRequest.class,
                LogsAccess.onStream("CreateLogStream", CreateLogStreamRequest::logGroupName,
                        CreateLogStreamRequest::logStreamName),
                this::createLogStream);
        registry.add("DeleteLogStream", DeleteLogStreamRequest.class,
                LogsAccess.onStream("DeleteLogStream", DeleteLogStreamRequest::logGroupName,
                        DeleteLogStreamRequest::logStreamName),
                this::deleteLogStream);
        registry.add("DescribeLogStreams", DescribeLogStreamsRequest.class,
                LogsAccess.onGroup("DescribeLogStreams", DescribeLogStreamsRequest::logGroupIdentifier,
                        DescribeLogStreamsRequest::logGroupName),
                this::describeLogStreams);
    }

    Void createLogStream(RequestContext ctx, CreateLogStreamRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        LogsInputs.streamName("logStreamName", in.logStreamName(), true);
        Group g = service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName());
        store.createStream(g.id(), in.logStreamName(), ctx.receivedAt().toEpochMilli())
                .orElseThrow(LogsErrors::streamExists);
        return null;
    }

    Void deleteLogStream(RequestContext ctx, DeleteLogStreamRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        LogsInputs.streamName("logStreamName", in.logStreamName(), true);
        Group g = service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName());
        Stream s = store.findStream(g.id(), in.logStreamName()).orElseThrow(LogsErrors::streamNotFound);
        if (!store.deleteStream(g.id(), s.id())) {
            throw LogsErrors.streamNotFound();
        }
        return null;
    }

    DescribeLogStreamsResponse describeLogStreams(RequestContext ctx, DescribeLogStreamsRequest in) {
        if (in.logStreamNamePrefix() != null) {
            LogsInputs.streamName("logStreamNamePrefix", in.logStreamNamePrefix(), false);
        }
        LogsInputs.check(Validation.of().oneOf("orderBy", in.orderBy(), ORDER_BY).range("limit", in.limit(), 1, 50));
        LogsInputs.nextToken(in.nextToken());
        boolean byLastEvent = "LastEventTime".equals(in.orderBy());
        if (byLastEvent && in.logStreamNamePrefix() != null) {
            throw LogsErrors.orderByWithPrefix();
        }
        Group g = service.requireGroup(ctx, in.logGroupName(), in.logGroupIdentifier());
        boolean descending = Boolean.TRUE.equals(in.descending());
        int limit = in.limit() == null ? 50 : in.limit();

        List<Stream> streams = new ArrayList<>(store.listStreams(g.id()));
        if (in.logStreamNamePrefix() != null) {
            streams.removeIf(s -> !s.name().startsWith(in.logStreamNamePrefix()));
        }
        Comparator<Stream> order = byLastEvent ? BY_LAST_EVENT : Comparator.comparing(Stream::name);
        if (descending) {
            order = order.reversed();
        }
        streams.sort(order);

        int start = 0;
        if (in.nextToken() != null) {
            Stream after = decode(in.nextToken(), byLastEvent, descending);
            start = streams.size();
            for (int i = 0; i < streams.size(); i++) {
                if (order.compare(streams.get(i), after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(streams.size(), start + limit);
        List<LogsShapes.LogStream> page = new ArrayList<>();
        for (Stream s : streams.subList(start, end)) {
            page.add(new LogsShapes.LogStream(s.name(), s.createdAt(), s.firstEventTime(), s.lastEventTime(),
                    s.lastIngestionTime(), null, LogsService.streamArn(g, s.name()), s.storedBytes()));
        }
        String nextToken = end < streams.size() ? encode(streams.get(end - 1), byLastEvent, descending) : null;
        return new DescribeLogStreamsResponse(page, nextToken);
    }

    /** The token names the last stream of the page by its sort key, so pages stay right as streams come and go. */
    private static String encode(Stream s, boolean byLastEvent, boolean descending) {
        long last = s.lastEventTime() == null ? Long.MIN_VALUE : s.lastEventTime();
        return PageTokens.encode("s|" + (byLastEvent ? "t" : "n") + (descending ? "d" : "a") + "|" + last + "|" + s.name());
    }

    private static Stream decode(String token, boolean byLastEvent, boolean descending) {
        String expected = "s|" + (byLastEvent ? "t" : "n") + (descending ? "d" : "a") + "|";
        String text = PageTokens.decode(token).filter(t -> t.startsWith(expected))
                .orElseThrow(LogsErrors::invalidNextToken);
        String rest = text.substring(expected.length());
        int bar = rest.indexOf('|');
        if (bar < 0) {
            throw LogsErrors.invalidNextToken();
        }
        long last;
        try {
            last = Long.parseLong(rest.substring(0, bar));
        } catch (NumberFormatException e) {
            throw LogsErrors.invalidNextToken();
        }
        return new Stream(0, 0, rest.substring(bar + 1), 0, null, last == Long.MIN_VALUE ? null : last, null, 0);
    }
}
