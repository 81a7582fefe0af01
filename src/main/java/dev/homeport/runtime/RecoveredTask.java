package dev.homeport.runtime;

import java.util.List;

/**
 * A task that {@link TaskDriver#recover()} found in the backend, from labels alone.
 *
 * @param taskId     the task id
 * @param taskArn    the task ARN label
 * @param cluster    the cluster label
 * @param network    the task's interface, or null when its sandbox is gone (then nothing can be reached)
 * @param containers the containers found, any status
 */
public record RecoveredTask(String taskId, String taskArn, String cluster, NetworkAttachment network,
                            List<ContainerState> containers) {

    public RecoveredTask {
        containers = List.copyOf(containers);
    }

    /** True when at least one container still runs. */
    public boolean anyRunning() {
        return containers.stream().anyMatch(ContainerState::isRunning);
    }
}
