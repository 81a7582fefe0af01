package dev.homeport.ecs;

import dev.homeport.ecs.model.ContainerLastStatus;
import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;

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
            Task task = repository.task(t.taskArn()).orElse(null);
            if (task == null) {
                continue;
            }
            Instant now = clock.instant();
            repository.updateTask(task.withContainers(c -> c.with(b -> b.lastStatus(ContainerLastStatus.STOPPED)))
                    .with(b -> b.desiredStatus(TaskStatus.STOPPED).lastStatus(TaskStatus.STOPPED)
                            .stopCode(StopCode.TASK_FAILED_TO_START)
                            .stoppedReason("ResourceInitializationError: no task runtime is available in this Homeport")
                            .stoppingAt(now).executionStoppedAt(now).stoppedAt(now).version(task.version() + 1)));
        }
    }

    @Override
    public synchronized Task requestStop(String taskArn, StopCode code, String reason) {
        return repository.task(taskArn).orElseThrow(EcsErrors::taskNotFound);
    }
}
