package dev.homeport.ecs.runner;

import dev.homeport.ecs.model.Task;

import java.util.function.UnaryOperator;

/**
 * One concern of a task's life (secrets, logs, health, ...) as the runner calls it, in the manner of Nomad's task
 * runner hooks: the core ({@link TaskRun}) owns the states and their order and calls each hook at these points;
 * a hook owns everything else about its concern. A new concern (task-role credentials, secrets as files) is a new
 * hook, not a change of the core. A new instance is made for each task, so a hook may keep that task's state in
 * its fields. Methods are called on the task's own thread, in the order hooks were given to the runner.
 */
public interface TaskHook {
    /** A hook that does nothing (in place of one not wired yet). */
    TaskHook NONE = new TaskHook() {
    };

    /**
     * Before the task's sandbox exists: add to the containers' environment ({@link TaskLaunch#environment}), or
     * refuse the start.
     */
    default void beforeProvision(TaskLaunch launch) throws TaskStartFailure {
    }

    /** The sandbox exists and no container has started: prepare what the containers will need. */
    default void afterProvision(TaskLaunch launch) throws TaskStartFailure {
    }

    /** {@code container} has just been started. */
    default void containerStarted(TaskLaunch launch, String container) {
    }

    /** A task recorded by an earlier run of Homeport is running again under this one. */
    default void adopted(TaskLaunch launch) {
    }

    /**
     * About once a second while the task's containers run.
     *
     * @return a change to record, or null for none
     */
    default UnaryOperator<Task> whileRunning(TaskLaunch launch) {
        return null;
    }

    /** Every container has exited; the sandbox is about to be removed. */
    default void beforeDestroy(TaskLaunch launch) {
    }
}
