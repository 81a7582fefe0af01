package dev.homeport.ecs.runner;

import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerDependency;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.HealthStatus;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * When a container may start, by its {@code dependsOn} conditions (ECS's ContainerDependency): START once the
 * dependency has started, COMPLETE once it has exited, SUCCESS once it has exited with 0, HEALTHY once its health
 * check passes. A condition that can no longer be met (a SUCCESS dependency exited non-zero, a HEALTHY one exited
 * or turned unhealthy) means the container never starts.
 */
final class DependsOnGate {
    enum Readiness { READY, WAITING, NEVER }

    private DependsOnGate() {
    }

    /**
     * @param started the containers started so far
     * @param exits   the exits seen so far, by container
     * @param state   a container's state as the runtime sees it now (for health)
     */
    static Readiness check(ContainerDefinition container, Set<String> started, Map<String, ExitResult> exits,
                           Function<String, Optional<ContainerState>> state) {
        if (container.dependsOn() == null) {
            return Readiness.READY;
        }
        for (ContainerDependency d : container.dependsOn()) {
            String dep = d.containerName();
            ExitResult exit = exits.get(dep);
            Readiness r = switch (d.condition()) {
                case "START" -> started.contains(dep) ? Readiness.READY : Readiness.WAITING;
                case "COMPLETE" -> exit == null ? Readiness.WAITING : Readiness.READY;
                case "SUCCESS" -> exit == null ? Readiness.WAITING
                        : exit.exitCode() != null && exit.exitCode() == 0 ? Readiness.READY : Readiness.NEVER;
                case "HEALTHY" -> healthy(dep, exit, started, state);
                default -> Readiness.NEVER;
            };
            if (r != Readiness.READY) {
                return r;
            }
        }
        return Readiness.READY;
    }

    private static Readiness healthy(String dep, ExitResult exit, Set<String> started,
                                     Function<String, Optional<ContainerState>> state) {
        if (exit != null) {
            return Readiness.NEVER;
        }
        if (!started.contains(dep)) {
            return Readiness.WAITING;
        }
        Optional<ContainerState> s = state.apply(dep);
        if (s.isEmpty() || s.get().health() == HealthStatus.UNHEALTHY) {
            return Readiness.NEVER;
        }
        return s.get().health() == HealthStatus.HEALTHY ? Readiness.READY : Readiness.WAITING;
    }
}
