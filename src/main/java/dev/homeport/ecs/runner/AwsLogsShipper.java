package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.logs.LogDestination;
import dev.homeport.logs.LogEvent;
import dev.homeport.logs.LogSink;
import dev.homeport.logs.LogWriter;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.runtime.LogSubscription;
import dev.homeport.runtime.TaskDriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code awslogs} log driver: ships the stdout and stderr of containers whose
 * {@code logConfiguration.logDriver} is {@code awslogs} to CloudWatch Logs, in stream
 * {@code <awslogs-stream-prefix>/<container-name>/<task-id>} of group {@code awslogs-group}, in region
 * {@code awslogs-region} (default: the task's), creating the group when {@code awslogs-create-group}
 * is {@code "true"}. Lines go through the in-process {@link LogSink}, never over HTTP.
 *
 * <p>Use: {@link #prepare} once the task is provisioned (it creates every stream, so a missing
 * group fails the task start as on ECS), {@link Shipping#follow} after each container starts, and
 * {@link Shipping#close} when the task stops, before the driver destroys it. Thread-safe.
 */
public final class AwsLogsShipper {
    private static final Logger LOG = Logger.getLogger(AwsLogsShipper.class.getName());
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private static final String CREATE_LOG_STREAM = "Logs_20140328.CreateLogStream";
    private static final String CREATE_LOG_GROUP = "Logs_20140328.CreateLogGroup";

    private final LogSink sink;
    private final TaskDriver driver;
    private final AgentApi api;

    /** @param api where the streams (and groups) are created, as the task's execution role */
    public AwsLogsShipper(LogSink sink, TaskDriver driver, AgentApi api) {
        this.sink = sink;
        this.driver = driver;
        this.api = api;
    }

    /** A task's log shipping could not be set up: the reason, worded as ECS words it. */
    public static final class SetupFailure extends Exception {
        private final String containerName;

        SetupFailure(String reason, String containerName) {
            super(reason, null, false, false);
            this.containerName = containerName;
        }

        public String containerName() {
            return containerName;
        }
    }

    /**
     * Creates the stream of every {@code awslogs} container of the task, as its execution role, and opens a writer
     * for it.
     *
     * @throws SetupFailure when a group is missing and may not be created, the execution role may not create the
     *                      stream (or the group), or the options are unusable
     */
    public Shipping prepare(TaskLaunch launch) throws SetupFailure {
        String account = launch.account();
        String taskRegion = launch.region();
        String taskId = launch.taskId();
        JsonNode taskDefinition = launch.definitionDocument();
        Map<String, LogWriter> writers = new LinkedHashMap<>();
        try {
            for (JsonNode c : taskDefinition.path("containerDefinitions")) {
                JsonNode config = c.path("logConfiguration");
                if (!"awslogs".equals(config.path("logDriver").asText())) {
                    continue;
                }
                String name = c.path("name").asText();
                JsonNode options = config.path("options");
                String group = options.path("awslogs-group").asText("");
                if (group.isEmpty()) {
                    throw new SetupFailure("ResourceInitializationError: failed to validate logger args: "
                            + "awslogs-group is a required option for the awslogs log driver", name);
                }
                String region = options.path("awslogs-region").asText(taskRegion);
                String stream = streamName(options, name, taskId);
                boolean create = "true".equalsIgnoreCase(options.path("awslogs-create-group").asText("false"));
                Credentials role;
                try {
                    role = launch.executionRole();
                } catch (TaskStartFailure e) {
                    throw new SetupFailure(e.getMessage(), name);
                }
                createStream(role, region, group, stream, create, name);
                writers.put(name, sink.open(new LogDestination(account, region, group, stream, false)));
            }
        } catch (SetupFailure e) {
            writers.values().forEach(LogWriter::close);
            throw e;
        }
        return new Shipping(taskId, writers);
    }

    /**
     * Creates the stream as Docker's awslogs driver does, through the Logs API as the execution role: CreateLogStream;
     * when the group is missing and {@code awslogs-create-group} is set, CreateLogGroup and CreateLogStream again. So
     * the role needs {@code logs:CreateLogStream}, and {@code logs:CreateLogGroup} only for a group that is missing.
     */
    private void createStream(Credentials role, String region, String group, String stream, boolean createGroup,
                              String container) throws SetupFailure {
        ObjectNode streamInput = JsonNodeFactory.instance.objectNode().put("logGroupName", group)
                .put("logStreamName", stream);
        try {
            call(role, region, CREATE_LOG_STREAM, streamInput);
            return;
        } catch (AwsServiceException e) {
            if (!createGroup || !"ResourceNotFoundException".equals(e.errorType())) {
                throw startFailure("log stream", e, container);
            }
        }
        try {
            call(role, region, CREATE_LOG_GROUP, JsonNodeFactory.instance.objectNode().put("logGroupName", group));
        } catch (AwsServiceException e) {
            throw startFailure("log group", e, container);
        }
        try {
            call(role, region, CREATE_LOG_STREAM, streamInput);
        } catch (AwsServiceException e) {
            throw startFailure("log stream", e, container);
        }
    }

    /** A call whose "already exists" answer is success: a stream or group made by an earlier try is as good. */
    private void call(Credentials role, String region, String target, JsonNode input) {
        try {
            api.call(role, region, target, input);
        } catch (AwsServiceException e) {
            if (!"ResourceAlreadyExistsException".equals(e.errorType())) {
                throw e;
            }
        }
    }

    private static SetupFailure startFailure(String what, AwsServiceException e, String container) {
        return new SetupFailure("ResourceInitializationError: failed to validate logger args: create stream has been "
                + "retried 1 times: failed to create Cloudwatch " + what + ": " + e.errorType() + ": " + e.getMessage()
                + " : exit status 1", container);
    }

    /** The stream a container's output goes to, given its {@code awslogs} options. */
    static String streamName(JsonNode options, String container, String taskId) {
        String prefix = options.path("awslogs-stream-prefix").asText("");
        return prefix.isEmpty() ? container + "/" + taskId : LogDestination.awslogsStreamName(prefix, container, taskId);
    }

    /** The log shipping of one task. */
    public final class Shipping {
        private final String taskId;
        private final Map<String, LogWriter> writers;
        private final List<LogSubscription> subscriptions = new ArrayList<>();

        Shipping(String taskId, Map<String, LogWriter> writers) {
            this.taskId = taskId;
            this.writers = writers;
        }

        /** Starts shipping one started container's output; nothing for containers without awslogs. */
        public synchronized void follow(String containerName) {
            LogWriter writer = writers.get(containerName);
            if (writer == null) {
                return;
            }
            subscriptions.add(driver.logs(taskId, containerName,
                    line -> writer.add(new LogEvent(line.timestamp().toEpochMilli(), line.message()))));
        }

        /** Waits briefly for the last lines of stopped containers, then flushes and closes every writer. */
        public synchronized void close() {
            for (LogSubscription s : subscriptions) {
                try {
                    s.awaitCompletion(DRAIN);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    s.close();
                }
            }
            subscriptions.clear();
            for (LogWriter w : writers.values()) {
                try {
                    w.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "closing the log writer of task " + taskId + " failed", e);
                }
            }
        }
    }
}
