package dev.homeport.logs;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogEventsTest extends LogsTestBase {

    @Test
    void putThenGetInTimeOrderWithIngestionTime() {
        String g = groupWithStream("put");
        long now = System.currentTimeMillis();
        PutLogEventsResponse r = logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s")
                .logEvents(event(now - 30, "first"), event(now - 20, "second"), event(now - 20, "third")));
        assertThat(r.nextSequenceToken()).matches("\\d{56}");
        assertThat(r.rejectedLogEventsInfo()).isNull();
        // A second batch with older timestamps than the first still sorts by timestamp.
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").sequenceToken("ignored-as-on-aws")
                .logEvents(event(now - 25, "between")));
        List<OutputLogEvent> got = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").startFromHead(true)).events();
        assertThat(got).extracting(OutputLogEvent::message).containsExactly("first", "between", "second", "third");
        assertThat(got.get(0).timestamp()).isEqualTo(now - 30);
        assertThat(got.get(0).ingestionTime()).isBetween(now - 5000, System.currentTimeMillis() + 1000);
        // Unicode survives the round trip.
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(event(now, "héllo wörld ✓ 日本")));
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").limit(1)).events().get(0).message())
                .isEqualTo("héllo wörld ✓ 日本");
    }

    @Test
    void putRejectsBatchesAwsRejects() {
        String g = groupWithStream("rules");
        long now = System.currentTimeMillis();
        assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s")
                        .logEvents(event(now, "b"), event(now - 1, "a"))), InvalidParameterException.class,
                "InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order.");
        assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g).logStreamName("missing")
                        .logEvents(event(now, "a"))), ResourceNotFoundException.class,
                "ResourceNotFoundException", STREAM_NOT_FOUND);
        assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g + "-missing").logStreamName("s")
                        .logEvents(event(now, "a"))), ResourceNotFoundException.class,
                "ResourceNotFoundException", GROUP_NOT_FOUND);
        InvalidParameterException tooMany = assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g)
                        .logStreamName("s").logEvents(events(now - 20_000, 10_001))), InvalidParameterException.class,
                "InvalidParameterException", null);
        assertThat(tooMany.awsErrorDetails().errorMessage()).contains("at 'logEvents' failed to satisfy constraint: "
                + "Member must have length less than or equal to 10000");
        String big = "x".repeat(600_000);
        assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s")
                        .logEvents(event(now, big), event(now, big))), InvalidParameterException.class,
                "InvalidParameterException", "Upload too large: 1200052 bytes exceeds limit of 1048576");
        assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s")
                        .logEvents(event(now - Duration.ofHours(25).toMillis(), "a"), event(now, "b"))),
                InvalidParameterException.class, "InvalidParameterException", null);
        InvalidParameterException empty = assertAwsError(() -> logs.putLogEvents(b -> b.logGroupName(g)
                .logStreamName("s").logEvents(event(now, ""))), InvalidParameterException.class,
                "InvalidParameterException", null);
        assertThat(empty.awsErrorDetails().errorMessage()).contains("logEvents.1.member.message");
        // Nothing of the refused batches was stored.
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s")).events()).isEmpty();
        // 10,000 events is the limit, not over it.
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(now - 20_000, 10_000)));
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s")).events()).hasSize(10_000);
    }

    @Test
    void tooOldTooNewAndExpiredEventsAreReportedNotStored() {
        String g = groupWithStream("reject");
        long now = System.currentTimeMillis();
        long day = Duration.ofDays(1).toMillis();
        PutLogEventsResponse r = logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(
                event(now - 15 * day, "too old 1"), event(now - 15 * day + 1, "too old 2"),
                event(now - 1000, "kept"), event(now + Duration.ofHours(3).toMillis(), "too new")));
        assertThat(r.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(2);
        assertThat(r.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isEqualTo(3);
        assertThat(r.rejectedLogEventsInfo().expiredLogEventEndIndex()).isNull();
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s")).events())
                .extracting(OutputLogEvent::message).containsExactly("kept");

        logs.putRetentionPolicy(b -> b.logGroupName(g).retentionInDays(1));
        PutLogEventsResponse r2 = logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(
                event(now - 2 * day, "expired"), event(now - 500, "kept too")));
        assertThat(r2.rejectedLogEventsInfo().expiredLogEventEndIndex()).isEqualTo(1);
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s")).events())
                .extracting(OutputLogEvent::message).containsExactly("kept", "kept too");
    }

    @Test
    void getPagesForwardAndBackwardWithAwsShapedTokens() {
        String g = groupWithStream("tokens");
        long start = System.currentTimeMillis() - 100_000;
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(start, 25)));

        // Default (startFromHead false): the latest events.
        GetLogEventsResponse latest = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").limit(10));
        assertThat(latest.events()).extracting(OutputLogEvent::message).containsExactlyElementsOf(range(15, 25));
        assertThat(latest.nextForwardToken()).matches("f/\\d{56}/s");
        assertThat(latest.nextBackwardToken()).matches("b/\\d{56}/s");

        // Walk backward to the beginning; at the end the same token comes back.
        List<String> backward = new ArrayList<>(messages(latest));
        String token = latest.nextBackwardToken();
        while (true) {
            String t = token;
            GetLogEventsResponse page = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").limit(10).nextToken(t));
            if (page.events().isEmpty()) {
                assertThat(page.nextBackwardToken()).isEqualTo(t);
                break;
            }
            backward.addAll(0, messages(page));
            token = page.nextBackwardToken();
        }
        assertThat(backward).containsExactlyElementsOf(range(0, 25));

        // From the head forward, pages of 7, until the forward token repeats.
        GetLogEventsResponse head = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").startFromHead(true).limit(7));
        List<String> forward = new ArrayList<>(messages(head));
        token = head.nextForwardToken();
        while (true) {
            String t = token;
            GetLogEventsResponse page = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").startFromHead(true)
                    .limit(7).nextToken(t));
            forward.addAll(messages(page));
            if (page.nextForwardToken().equals(t)) {
                break;
            }
            token = page.nextForwardToken();
        }
        assertThat(forward).containsExactlyElementsOf(range(0, 25));

        // A forward token at the end picks up events that arrive later (how a follower polls).
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(event(start + 50, "late")));
        String end = token;
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").nextToken(end)).events())
                .extracting(OutputLogEvent::message).containsExactly("late");

        // The backward token of a forward page goes back from that page's first event.
        GetLogEventsResponse second = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s")
                .nextToken(head.nextForwardToken()).limit(5));
        assertThat(messages(second)).containsExactlyElementsOf(range(7, 12));
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s")
                .nextToken(second.nextBackwardToken()).limit(3)))).containsExactlyElementsOf(range(4, 7));
    }

    @Test
    void getHonoursTimeRangeAndValidatesInput() {
        String g = groupWithStream("range");
        long start = System.currentTimeMillis() - 100_000;
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(start, 10)));
        // startTime inclusive, endTime exclusive.
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").startFromHead(true)
                .startTime(start + 2).endTime(start + 5)))).containsExactly("m2", "m3", "m4");
        assertAwsError(() -> logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").limit(10_001)),
                InvalidParameterException.class, "InvalidParameterException", "1 validation error detected: Value "
                        + "'10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000");
        assertAwsError(() -> logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").nextToken("f/123")),
                InvalidParameterException.class, "InvalidParameterException", "The specified nextToken is invalid.");
        assertAwsError(() -> logs.getLogEvents(b -> b.logGroupName(g).logStreamName("nope")),
                ResourceNotFoundException.class, "ResourceNotFoundException", STREAM_NOT_FOUND);
        assertAwsError(() -> logs.getLogEvents(b -> b.logGroupName(g + "-missing").logStreamName("s")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
        // An empty stream answers no events and usable tokens.
        logs.createLogStream(b -> b.logGroupName(g).logStreamName("empty"));
        GetLogEventsResponse empty = logs.getLogEvents(b -> b.logGroupName(g).logStreamName("empty"));
        assertThat(empty.events()).isEmpty();
        assertThat(empty.nextForwardToken()).startsWith("f/");
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("empty").logEvents(event(start, "now there")));
        assertThat(messages(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("empty")
                .nextToken(empty.nextForwardToken())))).containsExactly("now there");
    }

    static List<String> messages(GetLogEventsResponse r) {
        return r.events().stream().map(OutputLogEvent::message).toList();
    }

    static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("m" + i);
        }
        return out;
    }

    static List<InputLogEvent> shuffled(List<InputLogEvent> events) {
        List<InputLogEvent> copy = new ArrayList<>(events);
        Collections.shuffle(copy);
        return copy;
    }
}
