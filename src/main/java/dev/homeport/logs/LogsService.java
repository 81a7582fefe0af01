package dev.homeport.logs;

import dev.homeport.common.Arn;
import dev.homeport.logs.LogStore.Group;
import dev.homeport.protocol.RequestContext;
import dev.homeport.store.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * CloudWatch Logs' state and rules shared by the API operations and the in-process {@link LogSink}:
 * finding groups by name or ARN, appending events, ARNs. Thread-safe.
 */
public final class LogsService implements LogSink, AutoCloseable {
    private final LogStore store;
    private final Clock clock;
    private final ScheduledExecutorService flusher = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "homeport-logs-flusher");
        t.setDaemon(true);
        return t;
    });

    public LogsService(Database database, Clock clock) {
        this.store = new LogStore(database);
        this.clock = clock;
    }

    LogStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- LogSink

    @Override
    public void append(LogDestination destination, List<LogEvent> events) {
        List<LogEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(LogEvent::timestamp)); // stable: lines of one instant keep their order
        long now = clock.millis();
        try {
            store.appendTo(destination.account(), destination.region(), destination.group(), destination.stream(),
                    destination.createGroup(), true, sorted, now, days -> now - Duration.ofDays(days).toMillis());
        } catch (LogStore.MissingGroup e) {
            throw LogsErrors.groupNotFound();
        }
    }

    @Override
    public LogWriter open(LogDestination destination) {
        append(destination, List.of());
        return new BufferedLogWriter(this, destination);
    }

    // ---------------------------------------------------------------- lookups

    /**
     * The tags of the log group an ARN names ({@code arn:aws:logs:<region>:<account>:log-group:<name>}, with or without
     * {@code :*} or a stream after it), for {@code aws:ResourceTag} conditions; empty when there is none.
     */
    public Map<String, String> groupTags(String arn) {
        Arn parsed = Arn.parse(arn).orElse(null);
        if (parsed == null || !parsed.resource().startsWith("log-group:")) {
            return Map.of();
        }
        String name = parsed.resource().substring("log-group:".length());
        int stream = name.indexOf(":log-stream:");
        name = stream >= 0 ? name.substring(0, stream) : name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
        return store.findGroup(parsed.account(), parsed.region(), name).map(g -> store.tags(g.id())).orElse(Map.of());
    }

    Group requireGroup(String account, String region, String name) {
        return store.findGroup(account, region, name).orElseThrow(LogsErrors::groupNotFound);
    }

    /**
     * The group named by exactly one of {@code logGroupName} and {@code logGroupIdentifier} (a name or
     * an ARN, with or without the trailing {@code :*}).
     */
    Group requireGroup(RequestContext ctx, String logGroupName, String logGroupIdentifier) {
        String account = ctx.accountId();
        String region = ctx.region();
        if (logGroupName != null && logGroupIdentifier != null) {
            throw LogsErrors.nameAndIdentifier();
        }
        if (logGroupName == null && logGroupIdentifier == null) {
            throw LogsErrors.nameOrIdentifierRequired();
        }
        if (logGroupName != null) {
            LogsInputs.groupName("logGroupName", logGroupName, true);
            return requireGroup(account, region, logGroupName);
        }
        if (logGroupIdentifier.startsWith("arn:")) {
            return requireGroup(account, region, groupNameFromArn(logGroupIdentifier, account, region)
                    .orElseThrow(LogsErrors::groupNotFound));
        }
        LogsInputs.groupName("logGroupIdentifier", logGroupIdentifier, true);
        return requireGroup(account, region, logGroupIdentifier);
    }

    /** The group name in a log group ARN of this account and region, if it is one. */
    static Optional<String> groupNameFromArn(String text, String account, String region) {
        Optional<Arn> arn = Arn.parse(text);
        if (arn.isEmpty() || !arn.get().service().equals("logs") || !arn.get().resource().startsWith("log-group:")
                || !arn.get().account().equals(account) || !arn.get().region().equals(region)) {
            return Optional.empty();
        }
        String name = arn.get().resource().substring("log-group:".length());
        if (name.endsWith(":*")) {
            name = name.substring(0, name.length() - 2);
        }
        return name.isEmpty() || name.contains(":") ? Optional.empty() : Optional.of(name);
    }

    /** {@code arn:aws:logs:<region>:<account>:log-group:<name>}; DescribeLogGroups' {@code arn} adds {@code :*}. */
    static String groupArn(Group g) {
        return "arn:aws:logs:" + g.region() + ":" + g.account() + ":log-group:" + g.name();
    }

    static String streamArn(Group g, String stream) {
        return groupArn(g) + ":log-stream:" + stream;
    }

    /** AWS still returns a sequence token, though it ignores the one it gets: 56 digits. */
    static String sequenceToken(long seq) {
        String s = Long.toString(seq);
        return "4" + "0".repeat(55 - s.length()) + s;
    }

    @Override
    public void close() {
        flusher.shutdown();
    }

    void scheduleFlush(Runnable flush, long delayMillis) {
        if (!flusher.isShutdown()) {
            try {
                flusher.schedule(flush, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down: close() of each writer flushes what is left
            }
        }
    }
}
