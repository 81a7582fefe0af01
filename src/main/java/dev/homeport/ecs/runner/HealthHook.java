package dev.homeport.ecs.runner;

import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.Task;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.HealthStatus;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Container health checks, as ECS reports them: each checked container's {@code healthStatus} as the runtime
 * sees it, and the task's: UNHEALTHY if any essential checked container is, HEALTHY if all of them are, UNKNOWN
 * otherwise (and when no essential container has a check).
 */
final class HealthHook implements TaskHook {
    @Override
    public UnaryOperator<Task> whileRunning(TaskLaunch launch) {
        if (launch.definition().containerDefinitions().stream().noneMatch(c -> c.healthCheck() != null)) {
            return null;
        }
        Map<String, HealthStatus> health = new HashMap<>();
        for (ContainerState s : launch.driver().inspectTask(launch.taskId())) {
            health.put(s.name(), s.health());
        }
        return task -> {
            Task t = task;
            HealthStatus taskHealth = HealthStatus.HEALTHY;
            boolean anyEssential = false;
            for (ContainerDefinition def : launch.definition().containerDefinitions()) {
                if (def.healthCheck() == null) {
                    continue;
                }
                HealthStatus h = health.getOrDefault(def.name(), HealthStatus.UNKNOWN);
                t = t.withContainer(def.name(), c -> c.with(b -> b.healthStatus(h)));
                if (def.isEssential()) {
                    anyEssential = true;
                    if (h == HealthStatus.UNHEALTHY) {
                        taskHealth = HealthStatus.UNHEALTHY;
                    } else if (h == HealthStatus.UNKNOWN && taskHealth != HealthStatus.UNHEALTHY) {
                        taskHealth = HealthStatus.UNKNOWN;
                    }
                }
            }
            HealthStatus overall = anyEssential ? taskHealth : HealthStatus.UNKNOWN;
            return t.with(b -> b.healthStatus(overall));
        };
    }
}
