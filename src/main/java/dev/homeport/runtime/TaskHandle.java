package dev.homeport.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TaskDriver#provision} created for a task.
 *
 * @param taskId        the task id
 * @param network       the task's interface (private IP, MAC)
 * @param containers    the created containers, in spec order
 * @param pullStartedAt when image resolution began (ECS {@code pullStartedAt})
 * @param pullStoppedAt when every image was present locally (ECS {@code pullStoppedAt})
 */
public record TaskHandle(String taskId, NetworkAttachment network, List<ContainerHandle> containers,
                         Instant pullStartedAt, Instant pullStoppedAt) {

    public TaskHandle {
        containers = List.copyOf(containers);
    }

    public Optional<ContainerHandle> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
