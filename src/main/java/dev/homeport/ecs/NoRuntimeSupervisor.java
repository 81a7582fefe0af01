package dev.homeport.ecs;

import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.Task;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The supervisor used when no task runtime is available: every task fails to start, honestly,
 * instead of pretending to run. Tasks still pass PROVISIONING → STOPPED with stopCode TaskFailedToStart.
 */
public final class NoRuntimeSupervisor implements TaskSupervisor {
    private final EcsRepository repository;
    private final Clock clock;

    public NoRuntimeSupervisor(EcsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public synchronized void launch(List<Task> tasks) {
        for (Task t : tasks) {
            Task task = repository.task(t.taskArn).orElse(null);
            if (task == null) {
                continue;
            }
            Instant now = clock.instant();
            task.desiredStatus = "STOPPED";
            task.lastStatus = "STOPPED";
            task.stopCode = "TaskFailedToStart";
            task.stoppedReason = "ResourceInitializationError: no task runtime is available in this Homeport";
            task.stoppingAt = now;
            task.executionStoppedAt = now;
            task.stoppedAt = now;
            for (Container c : task.containers) {
                c.lastStatus = "STOPPED";
            }
            task.version = task.version + 1;
            repository.updateTask(task);
        }
    }

    @Override
    public synchronized Task requestStop(String taskArn, String reason) {
        return repository.task(taskArn).orElseThrow(EcsErrors::taskNotFound);
    }
}
