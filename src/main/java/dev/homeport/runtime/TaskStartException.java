package dev.homeport.runtime;

import java.util.Objects;

/**
 * A task or container could not be provisioned or started. {@link #reason()} is the text ECS puts
 * in the container's {@code reason} and the task's {@code stoppedReason}, e.g.
 * {@code "CannotPullContainerError: Error response from daemon: pull access denied for foo"}.
 */
public class TaskStartException extends TaskDriverException {

    /** ECS's error prefixes for tasks that fail to start (stopCode TaskFailedToStart). */
    public enum Kind {
        CANNOT_PULL_CONTAINER("CannotPullContainerError"),
        CANNOT_CREATE_CONTAINER("CannotCreateContainerError"),
        CANNOT_START_CONTAINER("CannotStartContainerError"),
        RESOURCE_INITIALIZATION("ResourceInitializationError");

        private final String ecsName;

        Kind(String ecsName) {
            this.ecsName = ecsName;
        }

        public String ecsName() {
            return ecsName;
        }
    }

    private final Kind kind;
    private final String containerName;
    private final String detail;

    public TaskStartException(Kind kind, String containerName, String detail, Throwable cause) {
        super(kind.ecsName() + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind);
        this.containerName = containerName;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The container that failed, or null for task-level failures (network sandbox). */
    public String containerName() {
        return containerName;
    }

    /** The ECS-style reason: {@code "<Kind>: <detail>"}. */
    public String reason() {
        return getMessage();
    }

    public String detail() {
        return detail;
    }
}
