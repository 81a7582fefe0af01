package dev.homeport.ecs;

import dev.homeport.ecs.model.Deployment;
import dev.homeport.ecs.model.Service;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.runtime.HealthStatus;

import java.util.List;

/**
 * A service's tasks at one moment (its group's, stopped ones included until purged), counted the way ECS counts them:
 * a deployment's tasks are those started by its id; running ones are in RUNNING, pending ones on their way there
 * (PROVISIONING, PENDING, ACTIVATING) and still wanted.
 */
record ServiceTasks(List<Task> all) {

    static String group(String serviceName) {
        return "service:" + serviceName;
    }

    static ServiceTasks of(EcsRepository repository, Service service) {
        return new ServiceTasks(repository.groupTasks(service.clusterArn(), group(service.serviceName())));
    }

    /** The service's tasks that are wanted and not stopping, whatever their deployment: what counts towards it. */
    List<Task> live() {
        return all.stream().filter(ServiceTasks::isLive).toList();
    }

    int running(Deployment d) {
        return (int) all.stream().filter(t -> d.id().equals(t.startedBy()) && t.lastStatus() == TaskStatus.RUNNING)
                .count();
    }

    int pending(Deployment d) {
        return (int) all.stream().filter(t -> d.id().equals(t.startedBy()) && isLive(t)
                && t.lastStatus().compareTo(TaskStatus.RUNNING) < 0).count();
    }

    int running() {
        return (int) all.stream().filter(t -> t.lastStatus() == TaskStatus.RUNNING).count();
    }

    int pending() {
        return (int) all.stream().filter(t -> isLive(t) && t.lastStatus().compareTo(TaskStatus.RUNNING) < 0).count();
    }

    static boolean isLive(Task t) {
        return t.desiredStatus() == TaskStatus.RUNNING && !t.lastStatus().isStopping();
    }

    /**
     * Healthy as a rolling deployment counts it: RUNNING, and HEALTHY when its containers have health checks (a
     * task without any has health UNKNOWN for good).
     */
    static boolean isHealthy(Task t) {
        return isLive(t) && t.lastStatus() == TaskStatus.RUNNING
                && (!hasHealthChecks(t) || t.healthStatus() == HealthStatus.HEALTHY);
    }

    static boolean hasHealthChecks(Task t) {
        return t.containers().stream().anyMatch(c -> c.healthStatus() != null);
    }
}
