package dev.homeport.logs;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** PutRetentionPolicy deletes for real: the expiry job, driven with a fixed clock. */
class RetentionExpiryTest extends LogsTestBase {
    static final long DAY = Duration.ofDays(1).toMillis();

    static RetentionJob jobAt(long millis) {
        return new RetentionJob(server.homeport().logs(), Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    @Test
    void eventsOlderThanTheRetentionAreDeleted() {
        String g = groupWithStream("expiry");
        String keep = groupWithStream("no-retention");
        long now = System.currentTimeMillis();
        for (String group : new String[] {g, keep}) {
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s").logEvents(
                    event(now - 10 * DAY, "ten days"), event(now - 10 * DAY + 5, "ten days too")));
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s").logEvents(event(now - 4 * DAY, "four days")));
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName("s").logEvents(event(now - 1000, "today")));
        }
        logs.putRetentionPolicy(b -> b.logGroupName(g).retentionInDays(7));

        RetentionJob job = jobAt(now);
        assertThat(job.expire()).isEqualTo(2);
        assertThat(job.expire()).isZero();
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("s").startFromHead(true)).events())
                .extracting(OutputLogEvent::message).containsExactly("four days", "today");
        LogStream s = logs.describeLogStreams(b -> b.logGroupName(g)).logStreams().get(0);
        assertThat(s.firstEventTimestamp()).isEqualTo(now - 4 * DAY);
        assertThat(s.storedBytes()).isEqualTo("four days".length() + "today".length() + 2 * 26);

        // Time passes: five days later the four-day-old event is past seven days too.
        assertThat(jobAt(now + 5 * DAY).expire()).isEqualTo(1);
        assertThat(logs.filterLogEvents(b -> b.logGroupName(g)).events()).extracting(OutputLogEventView::of)
                .containsExactly("today");
        // A group without a policy keeps everything.
        assertThat(logs.filterLogEvents(b -> b.logGroupName(keep)).events()).hasSize(4);

        // Removing the policy stops expiry.
        logs.deleteRetentionPolicy(b -> b.logGroupName(g));
        assertThat(jobAt(now + 400 * DAY).expire()).isZero();
        assertThat(logs.filterLogEvents(b -> b.logGroupName(g)).events()).hasSize(1);
    }

    /** Message of a filtered event, for extracting(). */
    static final class OutputLogEventView {
        static String of(software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent e) {
            return e.message();
        }
    }
}
