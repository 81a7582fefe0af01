package dev.homeport.ecs;

import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The supervisor of a task runtime that is still starting: each call waits for it. ECS operations reach
 * it only through a {@link dev.homeport.protocol.GatedModule} that has waited already, so in practice
 * the wait is over; it is here so that no call can reach a runtime that is not there yet. Closing the
 * real supervisor is the business of whoever started it.
 */
public final class PendingTaskSupervisor implements TaskSupervisor {
    private final CompletableFuture<? extends TaskSupervisor> supervisor;

    public PendingTaskSupervisor(CompletableFuture<? extends TaskSupervisor> supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void launch(List<Task> tasks) {
        supervisor.join().launch(tasks);
    }

    @Override
    public Task requestStop(String taskArn, StopCode code, String reason) {
        return supervisor.join().requestStop(taskArn, code, reason);
    }
}
