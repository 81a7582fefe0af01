package dev.homeport.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.protocol.Authorizer;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.ServiceModule;

/**
 * Amazon CloudWatch Logs ({@code X-Amz-Target: Logs_20140328.*}, signing name {@code logs}):
 * groups, streams, events, retention and tags, over one {@link LogsService}.
 */
public final class LogsModule implements ServiceModule {
    private static final ObjectMapper MAPPER = Json.mapper(PropertyNamingStrategies.LOWER_CAMEL_CASE);

    private final LogGroupOperations groups;
    private final LogStreamOperations streams;
    private final LogEventOperations events;
    private final LogsTagOperations tags;

    public LogsModule(LogsService service) {
        this.groups = new LogGroupOperations(service);
        this.streams = new LogStreamOperations(service);
        this.events = new LogEventOperations(service, FilterScanBudget.STANDARD);
        this.tags = new LogsTagOperations(service);
    }

    @Override
    public String targetPrefix() {
        return "Logs_20140328";
    }

    @Override
    public String signingName() {
        return "logs";
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * PutLogEvents carries up to 1 MiB of messages (UTF-8) plus 26 bytes an event of accounting; as
     * JSON with escapes and members that is more. The HTTP server's hard cap (4 MiB) stays the outer bound.
     */
    @Override
    public java.util.OptionalLong maxRequestBytes() {
        return java.util.OptionalLong.of(4L * 1024 * 1024);
    }

    /**
     * A CreateLogGroup refused only for its tags is answered in CloudWatch Logs' own words, not IAM's (as AWS answers
     * it: "User with accountId: … is not authorized to perform CreateLogGroup with Tags. An additional permission
     * "logs:TagResource" is required.").
     */
    @Override
    public AwsServiceException accessDenied(RequestContext ctx, Authorizer.Denial denial) {
        if (ctx.operation().equals("CreateLogGroup") && denial.action().equals("logs:TagResource")) {
            return LogsErrors.createLogGroupWithTagsDenied(ctx.accountId());
        }
        return ServiceModule.super.accessDenied(ctx, denial);
    }

    @Override
    public void register(OperationRegistry registry) {
        groups.register(registry);
        streams.register(registry);
        events.register(registry);
        tags.register(registry);
    }
}
