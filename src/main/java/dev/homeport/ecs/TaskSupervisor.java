package dev.homeport.ecs;

import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;

import java.util.List;

/**
 * Owns every task after RunTask recorded it: moves it through its states on a runtime, persisting
 * each, and stops it when asked or when it must. The only writer of a task's record once the task
 * exists, so API calls that change a task (StopTask) go through it.
 *
 * <p>Thread-safe. Methods return at once; the work happens on the supervisor's own threads.
 */
public interface TaskSupervisor extends AutoCloseable {

    /** Takes charge of tasks just recorded with lastStatus PROVISIONING and desiredStatus RUNNING. */
    void launch(List<Task> tasks);

    /**
     * Records that the task should stop (desiredStatus STOPPED, the stop code and reason: UserInitiated for StopTask,
     * ServiceSchedulerInitiated when a service's scheduler stops it) and starts stopping it. A task already stopping
     * or stopped is returned unchanged.
     *
     * @return the task as recorded after the request
     */
    Task requestStop(String taskArn, StopCode code, String reason);

    /** Re-adopts or settles tasks recorded by an earlier run of Homeport. Called once at startup. */
    default void recover() {
    }

    @Override
    default void close() {
    }
}
