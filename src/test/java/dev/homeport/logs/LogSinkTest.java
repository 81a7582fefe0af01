package dev.homeport.logs;

import dev.homeport.protocol.AwsServiceException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The in-process {@link LogSink} ECS ships container output through, read back with the SDK. */
class LogSinkTest extends LogsTestBase {

    static LogSink sink() {
        return server.homeport().logs();
    }

    static LogDestination to(String group, String stream, boolean createGroup) {
        return new LogDestination(ACCOUNT, REGION, group, stream, createGroup);
    }

    @Test
    void appendCreatesTheStreamAndSortsByTimestamp() {
        String g = uniqueName("/ecs/sink");
        logs.createLogGroup(b -> b.logGroupName(g));
        String stream = LogDestination.awslogsStreamName("ecs", "web", "0123456789abcdef0123456789abcdef");
        assertThat(stream).isEqualTo("ecs/web/0123456789abcdef0123456789abcdef");
        long now = System.currentTimeMillis();
        sink().append(to(g, stream, false), List.of(new LogEvent(now, "b"), new LogEvent(now - 5, "a"),
                new LogEvent(now, "c")));
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName(stream).startFromHead(true)).events())
                .extracting(OutputLogEvent::message).containsExactly("a", "b", "c");
    }

    @Test
    void aMissingGroupIsAnErrorUnlessItMayBeCreated() {
        String g = uniqueName("/ecs/missing");
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                () -> sink().open(to(g, "p/c/t", false)));
        assertThat(e.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(e.getMessage()).isEqualTo(GROUP_NOT_FOUND);
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups()).isEmpty();

        try (LogWriter w = sink().open(to(g, "p/c/t", true))) {
            w.add(new LogEvent(System.currentTimeMillis(), "hello"));
        }
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups()).hasSize(1);
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("p/c/t")).events())
                .extracting(OutputLogEvent::message).containsExactly("hello");
    }

    @Test
    void writerFlushesOnItsOwnAndOnClose() throws Exception {
        String g = uniqueName("/ecs/writer");
        LogWriter w = sink().open(to(g, "p/c/t", true));
        long now = System.currentTimeMillis();
        w.add(new LogEvent(now, "line 1"));
        w.add(new LogEvent(now, "line 2"));
        long deadline = System.currentTimeMillis() + 5_000;
        while (logs.getLogEvents(b -> b.logGroupName(g).logStreamName("p/c/t")).events().size() < 2) {
            assertThat(System.currentTimeMillis()).as("flushed within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        w.add(new LogEvent(now + 1, "line 3"));
        w.close();
        w.add(new LogEvent(now + 2, "after close is ignored"));
        w.flush();
        assertThat(logs.getLogEvents(b -> b.logGroupName(g).logStreamName("p/c/t").startFromHead(true)).events())
                .extracting(OutputLogEvent::message).containsExactly("line 1", "line 2", "line 3");
    }

    @Test
    void concurrentWritersLoseNothingAndIngestFast() throws Exception {
        String g = uniqueName("/ecs/load");
        int writers = 8;
        int perWriter = 25_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            done.add(pool.submit(() -> {
                try (LogWriter writer = sink().open(to(g, "p/c/" + id, true))) {
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < perWriter; i++) {
                        writer.add(new LogEvent(now, "writer " + id + " line " + i + " some typical output text"));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        pool.shutdown();
        int total = writers * perWriter;
        System.out.printf("LogSink: %d events from %d writers in %d ms (%.0f events/s)%n", total, writers, millis,
                total * 1000.0 / Math.max(1, millis));
        assertThat(logs.describeLogStreams(b -> b.logGroupName(g)).logStreams()).hasSize(writers);
        for (int w = 0; w < writers; w++) {
            String stream = "p/c/" + w;
            List<OutputLogEvent> head = logs.getLogEvents(b -> b.logGroupName(g).logStreamName(stream)
                    .startFromHead(true).limit(3)).events();
            assertThat(head).extracting(OutputLogEvent::message).containsExactly(
                    "writer " + w + " line 0 some typical output text", "writer " + w + " line 1 some typical output text",
                    "writer " + w + " line 2 some typical output text");
        }
        long stored = logs.describeLogStreams(b -> b.logGroupName(g)).logStreams().stream()
                .mapToLong(s -> s.storedBytes()).sum();
        assertThat(stored).isPositive();
        assertThat(logs.filterLogEventsPaginator(b -> b.logGroupName(g).filterPattern("\"line 24999 \"")).events())
                .hasSize(writers);
        // 200,000 lines is far more than task output at start-up; well under a minute even on slow disks.
        assertThat(millis).isLessThan(60_000);
    }
}
