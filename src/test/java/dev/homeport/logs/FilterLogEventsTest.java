package dev.homeport.logs;

import dev.homeport.protocol.RequestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class FilterLogEventsTest extends LogsTestBase {
    static String group;
    static long t0;

    @BeforeAll
    static void events() {
        group = uniqueName("filter");
        logs.createLogGroup(b -> b.logGroupName(group));
        for (String s : List.of("app/web/1", "app/web/2", "app/worker/1")) {
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(s));
        }
        t0 = System.currentTimeMillis() - 60_000;
        // Interleaved in time across streams.
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName("app/web/1").logEvents(
                event(t0, "INFO started web 1"), event(t0 + 3, "ERROR request failed: timeout"),
                event(t0 + 6, "WARN slow request")));
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName("app/web/2").logEvents(
                event(t0 + 1, "INFO started web 2"), event(t0 + 4, "ERROR Exiting after fatal error")));
        logs.putLogEvents(b -> b.logGroupName(group).logStreamName("app/worker/1").logEvents(
                event(t0 + 2, "INFO worker ready"), event(t0 + 5, "error lowercase is different")));
    }

    static List<String> filter(Consumer<FilterLogEventsRequest.Builder> request) {
        return logs.filterLogEventsPaginator(b -> {
            b.logGroupName(group);
            request.accept(b);
        }).events().stream().map(FilteredLogEvent::message).toList();
    }

    @Test
    void everythingInTimestampOrderAcrossStreams() {
        FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName(group));
        assertThat(r.events()).extracting(FilteredLogEvent::logStreamName).containsExactly(
                "app/web/1", "app/web/2", "app/worker/1", "app/web/1", "app/web/2", "app/worker/1", "app/web/1");
        assertThat(r.events()).extracting(FilteredLogEvent::timestamp)
                .containsExactly(t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4, t0 + 5, t0 + 6);
        assertThat(r.nextToken()).isNull();
        assertThat(new HashSet<>(r.events().stream().map(FilteredLogEvent::eventId).toList())).hasSize(7);
        assertThat(r.events().get(0).ingestionTime()).isPositive();
    }

    @Test
    void termPatterns() {
        assertThat(filter(b -> b.filterPattern("ERROR"))).containsExactly(
                "ERROR request failed: timeout", "ERROR Exiting after fatal error");
        assertThat(filter(b -> b.filterPattern("ERROR timeout"))).containsExactly("ERROR request failed: timeout");
        assertThat(filter(b -> b.filterPattern("\"request failed\""))).containsExactly("ERROR request failed: timeout");
        assertThat(filter(b -> b.filterPattern("?WARN ?lowercase"))).containsExactly(
                "error lowercase is different", "WARN slow request");
        assertThat(filter(b -> b.filterPattern("?ERROR ?error"))).hasSize(3);
        assertThat(filter(b -> b.filterPattern("ERROR -Exiting"))).containsExactly("ERROR request failed: timeout");
        assertThat(filter(b -> b.filterPattern("nothing-matches-this"))).isEmpty();
        assertThat(filter(b -> b.filterPattern(""))).hasSize(7);
        // A JSON pattern matches no plain-text event.
        assertThat(filter(b -> b.filterPattern("{ $.level = \"x\" }"))).isEmpty();
        // "If you combine "?" with other filter patterns, all question mark terms will be ignored."
        assertThat(filter(b -> b.filterPattern("?WARN ERROR"))).containsExactly(
                "ERROR request failed: timeout", "ERROR Exiting after fatal error");
        assertThat(filter(b -> b.filterPattern("%^ERROR|^WARN%").logStreamNames("app/web/1"))).containsExactly(
                "ERROR request failed: timeout", "WARN slow request");
    }

    @Test
    void jsonPatterns() {
        String g = groupWithStream("json");
        long t = System.currentTimeMillis() - 10_000;
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(
                event(t, "{\"level\": \"error\", \"status\": 503, \"latency\": 1250.5, \"user\": {\"id\": 7, "
                        + "\"roles\": [\"admin\", \"dev\"]}, \"retry\": true, \"trace\": null}"),
                event(t + 1, "{\"level\": \"info\", \"status\": 200, \"latency\": 12, \"user\": {\"id\": 8, "
                        + "\"roles\": [\"dev\"]}, \"retry\": false}"),
                event(t + 2, "level=error status=503 not json"),
                event(t + 3, "{\"level\": \"warn\", \"status\": \"429\", \"cluster.name\": \"blue\"}")));
        List<String> levels = List.of("error", "info", "text", "warn");
        assertThat(jsonFilter(g, "{ $.level = \"error\" }", levels)).containsExactly("error");
        assertThat(jsonFilter(g, "{ $.level != \"error\" }", levels)).containsExactly("info", "warn");
        assertThat(jsonFilter(g, "{ $.status >= 400 }", levels)).containsExactly("error", "warn");
        assertThat(jsonFilter(g, "{ $.status = 5* }", levels)).containsExactly("error");
        assertThat(jsonFilter(g, "{ $.latency > 1e3 }", levels)).containsExactly("error");
        assertThat(jsonFilter(g, "{ $.user.roles[0] = \"admin\" }", levels)).containsExactly("error");
        assertThat(jsonFilter(g, "{ $.user.roles[*] = \"dev\" }", levels)).containsExactly("error", "info");
        assertThat(jsonFilter(g, "{ $.retry IS TRUE }", levels)).containsExactly("error");
        assertThat(jsonFilter(g, "{ $.retry IS FALSE }", levels)).containsExactly("info");
        assertThat(jsonFilter(g, "{ $.trace IS NULL }", levels)).containsExactly("error");
        assertThat(jsonFilter(g, "{ $.user NOT EXISTS }", levels)).containsExactly("warn");
        assertThat(jsonFilter(g, "{ $.['cluster.name'] = blue }", levels)).containsExactly("warn");
        assertThat(jsonFilter(g, "{ ($.level = info || $.level = warn) && $.status < 300 }", levels))
                .containsExactly("info");
        assertThat(jsonFilter(g, "{ $.level = %^err|^warn% }", levels)).containsExactly("error", "warn");
    }

    private static List<String> jsonFilter(String g, String pattern, List<String> levels) {
        return logs.filterLogEventsPaginator(b -> b.logGroupName(g).filterPattern(pattern)).events().stream()
                .map(e -> levels.stream().filter(l -> e.message().contains("\"" + l + "\"")).findFirst().orElse("text"))
                .toList();
    }

    @Test
    void spaceDelimitedAndRegexPatterns() {
        String g = groupWithStream("delimited");
        long t = System.currentTimeMillis() - 10_000;
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(
                event(t, "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534"),
                event(t + 1, "127.0.0.2 - alice [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324"),
                event(t + 2, "10.0.0.9 - bob [10/Oct/2000:13:50:35 -0700] \"POST /orders HTTP/1.0\" 201 15"),
                event(t + 3, "WARNING 09/25/2014 12:00:02 Invalid user request")));
        assertThat(delimited(g, "[ip, user, username, timestamp, request, status_code = 4*, bytes]"))
                .containsExactly("frank");
        assertThat(delimited(g, "[..., status_code >= 400, bytes > 2000]")).containsExactly("alice");
        assertThat(delimited(g, "[ip, user, username, timestamp, request = *html* || request = *orders*, ...]"))
                .containsExactly("frank", "bob");
        assertThat(delimited(g, "[ip = %^127\\.0\\.0\\.[0-9]$%, ...]")).containsExactly("frank", "alice");
        assertThat(delimited(g, "[w1 = WARNING, w2]")).containsExactly("WARNING");
        assertThat(delimited(g, "%\\[\\d{2}/Oct/2000:13:[35]%")).containsExactly("alice", "bob");
        assertThat(delimited(g, "%Invalid user%")).containsExactly("WARNING");
    }

    private static List<String> delimited(String g, String pattern) {
        return logs.filterLogEventsPaginator(b -> b.logGroupName(g).filterPattern(pattern)).events().stream()
                .map(e -> e.message().split(" ")[e.message().startsWith("WARNING") ? 0 : 2]).toList();
    }

    @Test
    void malformedPatternsAnswerInvalidParameterException() {
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("{ $.level = \"x\"")),
                InvalidParameterException.class, "InvalidParameterException", "If a filter pattern starts with '{' it must end with '}'");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("{ $.level IS NOT NULL }")),
                InvalidParameterException.class, "InvalidParameterException", "Invalid filter pattern");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("[a, b = ]")),
                InvalidParameterException.class, "InvalidParameterException", "Invalid filter pattern");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("?Status: timeout")),
                InvalidParameterException.class, "InvalidParameterException", "Invalid character(s) in term ':'");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("%something!%")),
                InvalidParameterException.class, "InvalidParameterException", "Invalid character(s) in term '!'");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("%a% %b% %c%")),
                InvalidParameterException.class, "InvalidParameterException", "Invalid filter pattern");
    }

    @Test
    void streamsAndTimeRange() {
        assertThat(filter(b -> b.logStreamNames("app/web/2"))).containsExactly(
                "INFO started web 2", "ERROR Exiting after fatal error");
        assertThat(filter(b -> b.logStreamNamePrefix("app/web/"))).hasSize(5);
        assertThat(filter(b -> b.logStreamNamePrefix("app/worker/").filterPattern("INFO"))).containsExactly("INFO worker ready");
        // startTime and endTime are both inclusive.
        assertThat(filter(b -> b.startTime(t0 + 2).endTime(t0 + 4))).containsExactly(
                "INFO worker ready", "ERROR request failed: timeout", "ERROR Exiting after fatal error");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).logStreamNames("x").logStreamNamePrefix("y")),
                InvalidParameterException.class, "InvalidParameterException", null);
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group + "-missing")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).limit(10_001)),
                InvalidParameterException.class, "InvalidParameterException", "1 validation error detected: Value "
                        + "'10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000");
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).nextToken("bogus")),
                InvalidParameterException.class, "InvalidParameterException", "The specified nextToken is invalid.");
    }

    @Test
    void pagesWithNextToken() {
        List<String> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName(group).limit(2).nextToken(t));
            assertThat(r.events()).hasSizeLessThanOrEqualTo(2);
            r.events().forEach(e -> all.add(e.message()));
            token = r.nextToken();
            pages++;
        } while (token != null);
        assertThat(all).hasSize(7).doesNotHaveDuplicates();
        assertThat(pages).isBetween(4, 5);
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName(group).filterPattern("ERROR").limit(1)).events())
                .hasSize(2);
    }

    @Test
    void aCatastrophicRegexAnswersAtOnce() {
        // Backtracking took over 20 s on the 40-character event; RE2/J is linear in the message.
        String g = groupWithStream("redos");
        long t = System.currentTimeMillis() - 10_000;
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(
                event(t, "a".repeat(40)), event(t + 1, "a".repeat(10_000)), event(t + 2, "aaab")));
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName(g).filterPattern("%a*a*a*a*a*a*a*a*b%")).events())
                .extracting(FilteredLogEvent::message).containsExactly("aaab");
    }

    @Test
    void aSpentEventBudgetAnswersAPartialPageThatResumes() {
        String g = groupWithStream("budget");
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(System.currentTimeMillis() - 10_000, 10)));
        // Four events a call, and a clock that never moves: only the count decides.
        LogEventOperations ops = new LogEventOperations(server.homeport().logs(),
                new FilterScanBudget(4, Duration.ofSeconds(1), () -> 0L));
        List<LogsShapes.FilterLogEventsResponse> pages = pages(ops, g, "?m1 ?m5 ?m9");
        // m0..m3, m4..m7, then m8 and m9 and the end of the group.
        assertThat(pages).extracting(p -> p.events().stream().map(LogsShapes.FilteredLogEvent::message).toList())
                .containsExactly(List.of("m1"), List.of("m5"), List.of("m9"));
        assertThat(pages.get(2).nextToken()).isNull();
    }

    @Test
    void aSpentTimeBudgetAnswersPartialAndEmptyPagesThatResume() {
        String g = groupWithStream("budget-time");
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(System.currentTimeMillis() - 10_000, 10)));
        // A clock that moves one second each time it is read, against a budget of 1.5 s: two events a call.
        AtomicLong now = new AtomicLong();
        LogEventOperations ops = new LogEventOperations(server.homeport().logs(),
                new FilterScanBudget(10_000, Duration.ofMillis(1_500), () -> now.getAndAdd(1_000_000_000L)));
        List<LogsShapes.FilterLogEventsResponse> pages = pages(ops, g, null);
        assertThat(pages).extracting(p -> p.events().size()).containsExactly(2, 2, 2, 2, 2, 0);
        assertThat(pages.stream().flatMap(p -> p.events().stream()).map(LogsShapes.FilteredLogEvent::message).toList())
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    /** Every page of a FilterLogEvents, following nextToken to the end. */
    private static List<LogsShapes.FilterLogEventsResponse> pages(LogEventOperations ops, String g, String pattern) {
        RequestContext ctx = new RequestContext("test", dev.homeport.protocol.Principal.root(ACCOUNT), REGION, "AKIDEXAMPLE", "FilterLogEvents", Instant.now(), null, null);
        List<LogsShapes.FilterLogEventsResponse> pages = new ArrayList<>();
        String token = null;
        do {
            LogsShapes.FilterLogEventsResponse page = ops.filterLogEvents(ctx, new LogsShapes.FilterLogEventsRequest(g, null, null, null,
                    null, null, pattern, token, null, null, null));
            pages.add(page);
            token = page.nextToken();
            assertThat(pages).as("pages before the end").hasSizeLessThan(20);
        } while (token != null);
        return pages;
    }

    @Test
    void largeGroupIsScannedInChunks() {
        String g = groupWithStream("large");
        long start = System.currentTimeMillis() - 3_600_000;
        for (int batch = 0; batch < 3; batch++) {
            long from = start + batch * 10_000L;
            logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(from, 5_000)));
        }
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName(g)).events()).hasSize(15_000);
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName(g).filterPattern("m4999")).events()).hasSize(3);
    }
}
