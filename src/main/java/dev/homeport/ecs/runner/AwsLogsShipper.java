package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.logs.LogDestination;
import dev.homeport.logs.LogEvent;
import dev.homeport.logs.LogSink;
import dev.homeport.logs.LogWriter;
import dev.homeport.protocol.AwsServiceException;
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

    private final LogSink sink;
    private final TaskDriver driver;

    public AwsLogsShipper(LogSink sink, TaskDriver driver) {
        this.sink = sink;
        this.driver = driver;
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
     * Opens a writer for every {@code awslogs} container of the task definition document.
     *
     * @throws SetupFailure when a group is missing and may not be created, or the options are unusable
     */
    public Shipping prepare(String account, String taskRegion, String taskId, JsonNode taskDefinition)
            throws SetupFailure {
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
                try {
                    writers.put(name, sink.open(new LogDestination(account, region, group, stream, create)));
                } catch (AwsServiceException e) {
                    throw new SetupFailure("ResourceInitializationError: failed to validate logger args: "
                            + "create stream has been retried 1 times: failed to create Cloudwatch log stream: "
                            + e.errorType() + ": " + e.getMessage() + " : exit status 1", name);
                }
            }
        } catch (SetupFailure e) {
            writers.values().forEach(LogWriter::close);
            throw e;
        }
        return new Shipping(taskId, writers);
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
