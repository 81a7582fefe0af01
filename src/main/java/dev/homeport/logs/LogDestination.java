package dev.homeport.logs;

import java.util.Objects;

/**
 * Where a producer's events go: a log stream of a log group, in one account and region. This is
 * what an ECS container's {@code awslogs} options name: {@code awslogs-group},
 * {@code awslogs-region}, the stream {@code <awslogs-stream-prefix>/<container-name>/<task-id>} and
 * {@code awslogs-create-group}.
 *
 * @param createGroup create the log group when it does not exist ({@code awslogs-create-group: true});
 *                    when false a missing group is an error
 */
public record LogDestination(String account, String region, String group, String stream, boolean createGroup) {
    public LogDestination {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(stream, "stream");
    }

    /** The stream name ECS gives a container's output: {@code <prefix>/<container-name>/<task-id>}. */
    public static String awslogsStreamName(String prefix, String containerName, String taskId) {
        return prefix + "/" + containerName + "/" + taskId;
    }
}
