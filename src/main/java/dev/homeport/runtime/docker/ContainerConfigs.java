package dev.homeport.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.HealthProbe;
import dev.homeport.runtime.TaskSpec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translates a {@link ContainerSpec} into a Docker create request, the way the ECS agent maps a task definition. */
final class ContainerConfigs {

    private static final long MIB = 1024L * 1024L;
    /** The engine's minimum CpuShares; the ECS agent raises smaller values to it too. */
    private static final int MIN_CPU_SHARES = 2;

    private final int hostCpus;
    private final String instance;

    ContainerConfigs(int hostCpus, String instance) {
        this.hostCpus = Math.max(1, hostCpus);
        this.instance = instance;
    }

    static String containerName(String taskId, String containerName) {
        return "homeport-" + taskId + "-" + containerName;
    }

    CreateContainerCmd createCmd(DockerClient client, TaskSpec task, int index, Sandbox sandbox) {
        ContainerSpec c = task.containers().get(index);
        CreateContainerCmd cmd = client.createContainerCmd(c.image())
                .withName(containerName(task.taskId(), c.name()))
                .withLabels(labels(task, index, sandbox))
                .withEnv(c.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withStopTimeout(ceilSeconds(c.stopTimeout()))
                .withHostConfig(hostConfig(task, c, sandbox));
        if (!c.entryPoint().isEmpty()) {
            cmd.withEntrypoint(c.entryPoint());
        }
        if (!c.command().isEmpty()) {
            cmd.withCmd(c.command());
        }
        if (c.workingDirectory() != null) {
            cmd.withWorkingDir(c.workingDirectory());
        }
        if (c.user() != null) {
            cmd.withUser(c.user());
        }
        if (c.healthCheck() != null) {
            cmd.withHealthcheck(healthCheck(c.healthCheck()));
        }
        return cmd;
    }

    private Map<String, String> labels(TaskSpec task, int index, Sandbox sandbox) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.ROLE, Labels.ROLE_CONTAINER);
        labels.put(Labels.INSTANCE, instance);
        labels.put(Labels.TASK_ARN, task.taskArn());
        labels.put(Labels.CLUSTER, task.cluster());
        labels.put(Labels.TASK_ID, task.taskId());
        labels.put(Labels.CONTAINER_NAME, task.containers().get(index).name());
        labels.put(Labels.CONTAINER_INDEX, Integer.toString(index));
        labels.put(Labels.SANDBOX, sandbox.id());
        labels.put(Labels.SUBNET, sandbox.subnetId());
        return labels;
    }

    private HostConfig hostConfig(TaskSpec task, ContainerSpec c, Sandbox sandbox) {
        HostConfig host = HostConfig.newHostConfig()
                // awsvpc: every container of the task lives in the sandbox's network namespace
                .withNetworkMode("container:" + sandbox.id())
                // json-file is what `docker logs` and our log streaming read; bound it, since the engine
                // never rotates by default and a chatty task could fill the disk
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "10m", "max-file", "3")));
        if (c.initProcessEnabled()) {
            host.withInit(true);
        }
        if (c.cpuUnits() != null && c.cpuUnits() > 0) {
            // ECS on EC2 maps container cpu to CpuShares: a relative weight between the task's containers
            host.withCpuShares(Math.max(MIN_CPU_SHARES, c.cpuUnits()));
        }
        if (task.cpuUnits() != null && task.cpuUnits() > 0) {
            // Fargate caps the task at its cpu; without a shared cgroup parent each container gets that cap.
            // The engine refuses more CPUs than the host has, so clamp to the host.
            long nanos = Math.min(task.cpuUnits() * 1_000_000_000L / 1024, hostCpus * 1_000_000_000L);
            host.withNanoCPUs(nanos);
        }
        Integer hard = c.memoryMiB() != null ? c.memoryMiB() : task.memoryMiB();
        if (hard != null) {
            host.withMemory(hard * MIB);
            host.withMemorySwap(hard * MIB); // swap = memory: Fargate has no swap
        }
        if (c.memoryReservationMiB() != null) {
            host.withMemoryReservation(c.memoryReservationMiB() * MIB);
        }
        return host;
    }

    private static com.github.dockerjava.api.model.HealthCheck healthCheck(HealthProbe h) {
        // ECS's command form ([CMD-SHELL, script] / [CMD, argv...]) is Docker's Healthcheck.Test as is
        return new com.github.dockerjava.api.model.HealthCheck()
                .withTest(List.copyOf(h.command()))
                .withInterval(h.interval().toNanos())
                .withTimeout(h.timeout().toNanos())
                .withRetries(h.retries())
                .withStartPeriod(h.startPeriod().toNanos());
    }

    /** The engine counts stop grace in whole seconds; round up so a grace is never cut short. */
    static int ceilSeconds(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, (ms + 999) / 1000);
    }
}
