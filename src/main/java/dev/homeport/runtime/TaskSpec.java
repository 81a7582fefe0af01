package dev.homeport.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a driver needs to run one ECS task. Immutable.
 *
 * @param taskId     the task id (last segment of the task ARN); the driver's key for the task.
 *                   Letters, digits, '-' and '_' only, because it becomes part of container names
 * @param taskArn    full task ARN, written to the {@code dev.homeport.task-arn} label
 * @param cluster    cluster ARN or name, written to the {@code dev.homeport.cluster} label
 * @param network    subnet for the task's interface; null means {@link NetworkRequest#DEFAULT}
 * @param containers the containers, at least one, unique names, in task-definition order
 * @param cpuUnits   task-level cpu (1024 = one vCPU), or null; caps every container
 * @param memoryMiB  task-level memory in MiB, or null; caps every container without its own hard limit
 * @param registryLogin the login for images in Homeport's registry, which are then always pulled (as Fargate
 *                   pulls), or null
 */
public record TaskSpec(
        String taskId,
        String taskArn,
        String cluster,
        NetworkRequest network,
        List<ContainerSpec> containers,
        Integer cpuUnits,
        Integer memoryMiB,
        RegistryLogin registryLogin) {

    /** A task whose images need no login. */
    public TaskSpec(String taskId, String taskArn, String cluster, NetworkRequest network,
                    List<ContainerSpec> containers, Integer cpuUnits, Integer memoryMiB) {
        this(taskId, taskArn, cluster, network, containers, cpuUnits, memoryMiB, null);
    }

    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    public TaskSpec {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskArn, "taskArn");
        Objects.requireNonNull(cluster, "cluster");
        if (!TASK_ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("invalid task id: " + taskId);
        }
        network = network == null ? NetworkRequest.DEFAULT : network;
        containers = List.copyOf(containers);
        if (containers.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one container");
        }
        Set<String> names = new HashSet<>();
        for (ContainerSpec c : containers) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate container name: " + c.name());
            }
        }
    }

    /** The container with this name, if the task has one. */
    public Optional<ContainerSpec> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
