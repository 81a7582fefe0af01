package dev.homeport.ecs.model;


import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded task, its definition and the environment the runner adds, turned into what a task driver runs:
 * container definitions with the task's overrides applied (command, environment, cpu and memory, as ECS applies
 * RunTask's {@code overrides}), health checks, {@code dependsOn}, stop timeouts.
 */
public final class TaskSpecs {
    private TaskSpecs() {
    }

    /**
     * @param network     the subnet the task runs in, with its block
     * @param environment per container, what the runner adds to its environment (secrets, ECS's variables); it
     *                    wins over the definition's and the override's variables of the same name
     */
    public static TaskSpec of(Task task, TaskDefinitionView definition, NetworkRequest network,
                              Map<String, Map<String, String>> environment) {
        return of(task, definition, network, environment, null);
    }

    /** The same, with the login for images in Homeport's registry ({@code null}: none of its images is there). */
    public static TaskSpec of(Task task, TaskDefinitionView definition, NetworkRequest network,
                              Map<String, Map<String, String>> environment,
                              dev.homeport.runtime.RegistryLogin registryLogin) {
        TaskOverride overrides = task.overrides();
        List<ContainerSpec> containers = new ArrayList<>();
        for (ContainerDefinition c : definition.containerDefinitions()) {
            ContainerOverride o = overrides == null ? null : overrides.containerOverride(c.name());
            Map<String, String> env = new LinkedHashMap<>();
            if (c.environment() != null) {
                c.environment().forEach(kv -> env.put(kv.name(), kv.value() == null ? "" : kv.value()));
            }
            if (o != null && o.environment() != null) {
                o.environment().forEach(kv -> env.put(kv.name(), kv.value() == null ? "" : kv.value()));
            }
            env.putAll(environment.getOrDefault(c.name(), Map.of()));
            List<dev.homeport.runtime.StartDependency> deps = new ArrayList<>();
            if (c.dependsOn() != null) {
                c.dependsOn().forEach(d -> deps.add(new dev.homeport.runtime.StartDependency(d.containerName(),
                        dev.homeport.runtime.StartDependency.Condition.valueOf(d.condition()))));
            }
            containers.add(ContainerSpec.builder(c.name(), c.image())
                    .entryPoint(c.entryPoint() == null ? List.of() : c.entryPoint())
                    .command(o != null && o.command() != null ? o.command()
                            : c.command() == null ? List.of() : c.command())
                    .environment(env)
                    .workingDirectory(c.workingDirectory())
                    .user(c.user())
                    .cpuUnits(o != null && o.cpu() != null ? o.cpu() : c.cpu())
                    .memoryMiB(o != null && o.memory() != null ? o.memory() : c.memory())
                    .memoryReservationMiB(o != null && o.memoryReservation() != null ? o.memoryReservation()
                            : c.memoryReservation())
                    .healthCheck(healthCheck(c.healthCheck()))
                    .stopTimeout(stopTimeout(c))
                    .essential(c.isEssential())
                    .dependsOn(deps)
                    .build());
        }
        return new TaskSpec(task.taskId(), task.taskArn(), task.clusterArn(), network, containers,
                FargateSizes.parseCpu(task.cpu()).stream().boxed().findFirst().orElse(null),
                FargateSizes.parseMemory(task.memory()).stream().boxed().findFirst().orElse(null), registryLogin);
    }

    /** ECS's default stop timeout on Fargate is 30 seconds. */
    public static Duration stopTimeout(ContainerDefinition c) {
        return c.stopTimeout() == null ? ContainerSpec.DEFAULT_STOP_TIMEOUT : Duration.ofSeconds(c.stopTimeout());
    }

    /** A container definition's health check with ECS's defaults (interval 30 s, timeout 5 s, 3 retries). */
    static dev.homeport.runtime.HealthProbe healthCheck(HealthCheck h) {
        if (h == null || h.command() == null || h.command().size() < 2) {
            return null;
        }
        return new dev.homeport.runtime.HealthProbe(h.command(),
                Duration.ofSeconds(h.interval() == null ? 30 : h.interval()),
                Duration.ofSeconds(h.timeout() == null ? 5 : h.timeout()), h.retries() == null ? 3 : h.retries(),
                Duration.ofSeconds(h.startPeriod() == null ? 0 : h.startPeriod()));
    }
}
