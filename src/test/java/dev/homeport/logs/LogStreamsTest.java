package dev.homeport.logs;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogStreamsTest extends LogsTestBase {

    @Test
    void createDescribeAndDelete() {
        String g = uniqueName("streams");
        logs.createLogGroup(b -> b.logGroupName(g));
        logs.createLogStream(b -> b.logGroupName(g).logStreamName("web/app/0123456789abcdef"));
        LogStream s = logs.describeLogStreams(b -> b.logGroupName(g)).logStreams().get(0);
        assertThat(s.logStreamName()).isEqualTo("web/app/0123456789abcdef");
        assertThat(s.arn()).isEqualTo("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + g
                + ":log-stream:web/app/0123456789abcdef");
        assertThat(s.storedBytes()).isZero();
        assertThat(s.firstEventTimestamp()).isNull();
        assertThat(s.creationTime()).isPositive();

        assertAwsError(() -> logs.createLogStream(b -> b.logGroupName(g).logStreamName("web/app/0123456789abcdef")),
                ResourceAlreadyExistsException.class, "ResourceAlreadyExistsException",
                "The specified log stream already exists");
        assertAwsError(() -> logs.createLogStream(b -> b.logGroupName(g + "-missing").logStreamName("x")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
        assertAwsError(() -> logs.createLogStream(b -> b.logGroupName(g).logStreamName("a:b")),
                InvalidParameterException.class, "InvalidParameterException", null);

        logs.deleteLogStream(b -> b.logGroupName(g).logStreamName("web/app/0123456789abcdef"));
        assertThat(logs.describeLogStreams(b -> b.logGroupName(g)).logStreams()).isEmpty();
        assertAwsError(() -> logs.deleteLogStream(b -> b.logGroupName(g).logStreamName("web/app/0123456789abcdef")),
                ResourceNotFoundException.class, "ResourceNotFoundException", STREAM_NOT_FOUND);
    }

    @Test
    void eventTimesAndBytesAreTracked() {
        String g = groupWithStream("stats");
        long now = System.currentTimeMillis();
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(event(now - 5000, "abc"), event(now - 10, "de")));
        LogStream s = logs.describeLogStreams(b -> b.logGroupName(g)).logStreams().get(0);
        assertThat(s.firstEventTimestamp()).isEqualTo(now - 5000);
        assertThat(s.lastEventTimestamp()).isEqualTo(now - 10);
        assertThat(s.lastIngestionTime()).isGreaterThanOrEqualTo(now - 1000);
        assertThat(s.storedBytes()).isEqualTo(3 + 2 + 2 * 26);
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups().get(0).storedBytes())
                .isEqualTo(3 + 2 + 2 * 26);
    }

    @Test
    void orderByNameOrLastEventTimeBothWaysWithPages() {
        String g = uniqueName("order");
        logs.createLogGroup(b -> b.logGroupName(g));
        long now = System.currentTimeMillis();
        // Names in one order, last event times in another.
        String[] names = {"a", "b", "c", "d", "e"};
        long[] lastTimes = {now - 100, now - 500, now - 300, now - 400, now - 200};
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            long t = lastTimes[i];
            logs.createLogStream(b -> b.logGroupName(g).logStreamName(n));
            logs.putLogEvents(b -> b.logGroupName(g).logStreamName(n).logEvents(event(t, "x")));
        }
        logs.createLogStream(b -> b.logGroupName(g).logStreamName("empty"));

        assertThat(names(g, OrderBy.LOG_STREAM_NAME, false, 2)).containsExactly("a", "b", "c", "d", "e", "empty");
        assertThat(names(g, OrderBy.LOG_STREAM_NAME, true, 4)).containsExactly("empty", "e", "d", "c", "b", "a");
        assertThat(names(g, OrderBy.LAST_EVENT_TIME, false, 2)).containsExactly("empty", "b", "d", "c", "e", "a");
        assertThat(names(g, OrderBy.LAST_EVENT_TIME, true, 5)).containsExactly("a", "e", "c", "d", "b", "empty");

        assertThat(logs.describeLogStreams(b -> b.logGroupName(g).logStreamNamePrefix("e")).logStreams())
                .extracting(LogStream::logStreamName).containsExactly("e", "empty");
        assertAwsError(() -> logs.describeLogStreams(b -> b.logGroupName(g).orderBy(OrderBy.LAST_EVENT_TIME)
                .logStreamNamePrefix("e")), InvalidParameterException.class, "InvalidParameterException",
                "Cannot order by LastEventTime with a logStreamNamePrefix.");
        assertAwsError(() -> logs.describeLogStreams(b -> b.logGroupName(g).nextToken("nope")),
                InvalidParameterException.class, "InvalidParameterException", "The specified nextToken is invalid.");
    }

    private static List<String> names(String g, OrderBy order, boolean descending, int limit) {
        return logs.describeLogStreamsPaginator(b -> b.logGroupName(g).orderBy(order).descending(descending).limit(limit))
                .logStreams().stream().map(LogStream::logStreamName).toList();
    }

    @Test
    void groupByIdentifierNameOrArn() {
        String g = groupWithStream("ident");
        String arn = "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + g;
        assertThat(logs.describeLogStreams(b -> b.logGroupIdentifier(g)).logStreams()).hasSize(1);
        assertThat(logs.describeLogStreams(b -> b.logGroupIdentifier(arn)).logStreams()).hasSize(1);
        assertThat(logs.describeLogStreams(b -> b.logGroupIdentifier(arn + ":*")).logStreams()).hasSize(1);
        assertAwsError(() -> logs.describeLogStreams(b -> b.logGroupName(g).logGroupIdentifier(arn)),
                CloudWatchLogsException.class, "ValidationException",
                "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        assertAwsError(() -> logs.describeLogStreams(b -> b.logGroupName(g + "-missing")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
    }
}
