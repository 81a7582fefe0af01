package dev.homeport.logs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        assertAwsError(() -> logs.filterLogEvents(b -> b.logGroupName(group).filterPattern("{ $.level = \"x\" }")),
                InvalidParameterException.class, "InvalidParameterException", null);
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
