package dev.homeport.logs;

import dev.homeport.testing.HomeportServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One in-process Homeport per test class, reached through the AWS SDK for Java v2 (CloudWatch Logs
 * client) over real HTTP. Every test makes its own groups with {@link #uniqueName}.
 */
abstract class LogsTestBase {
    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";
    static final String GROUP_NOT_FOUND = "The specified log group does not exist.";
    static final String STREAM_NOT_FOUND = "The specified log stream does not exist.";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static HomeportServer server;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void startServer() {
        server = HomeportServer.start();
        logs = server.client(CloudWatchLogsClient.builder());
    }

    @AfterAll
    static void stopServer() {
        if (logs != null) {
            logs.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** A new group with one stream {@code s}. */
    static String groupWithStream(String prefix) {
        String g = uniqueName(prefix);
        logs.createLogGroup(b -> b.logGroupName(g));
        logs.createLogStream(b -> b.logGroupName(g).logStreamName("s"));
        return g;
    }

    static InputLogEvent event(long timestamp, String message) {
        return InputLogEvent.builder().timestamp(timestamp).message(message).build();
    }

    /** {@code n} events "m0".."m(n-1)", one millisecond apart, starting at {@code start}. */
    static List<InputLogEvent> events(long start, int n) {
        List<InputLogEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(start + i, "m" + i));
        }
        return out;
    }

    static <T extends AwsServiceException> T assertAwsError(ThrowingCallable call, Class<T> type, String code,
                                                          String message) {
        T e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s from the call", type.getSimpleName()).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(400);
        if (message != null) {
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        }
        assertThat(e.requestId()).isNotBlank();
        return e;
    }
}
