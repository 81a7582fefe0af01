package dev.homeport.ecs.runner;

/**
 * A task cannot start, for a reason ECS reports: the task stops with {@code TaskFailedToStart} and this
 * reason, and the container it names (if any) carries it too.
 */
public final class TaskStartFailure extends Exception {
    private final String containerName;

    /** @param containerName the container the failure belongs to, or null for the whole task */
    public TaskStartFailure(String reason, String containerName) {
        super(reason);
        this.containerName = containerName;
    }

    public String reason() {
        return getMessage();
    }

    public String containerName() {
        return containerName;
    }
}
