package dev.homeport.ecs.model;

import java.time.Instant;

/**
 * One deployment of a service, as DescribeServices lists it: a task definition and network at a desired count, its
 * tasks started with {@code startedBy} = {@link #id}. {@code pendingCount} and {@code runningCount} are not stored:
 * they are counted from the tasks when the service is described. {@code failedTasks} counts the deployment's tasks
 * that failed to start or to stay healthy, for the circuit breaker.
 */
public record Deployment(String id, DeploymentStatus status, String taskDefinition, Integer desiredCount,
                         Integer pendingCount, Integer runningCount, Integer failedTasks, Instant createdAt,
                         Instant updatedAt, String launchType, String platformVersion, String platformFamily,
                         NetworkConfiguration networkConfiguration, RolloutState rolloutState,
                         String rolloutStateReason) {

    public Deployment withStatus(DeploymentStatus newStatus, Instant at) {
        return new Deployment(id, newStatus, taskDefinition, desiredCount, pendingCount, runningCount, failedTasks,
                createdAt, at, launchType, platformVersion, platformFamily, networkConfiguration, rolloutState,
                rolloutStateReason);
    }

    public Deployment withRollout(RolloutState state, String reason, Instant at) {
        return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, failedTasks,
                createdAt, at, launchType, platformVersion, platformFamily, networkConfiguration, state, reason);
    }

    public Deployment withDesiredCount(int count, Instant at) {
        return new Deployment(id, status, taskDefinition, count, pendingCount, runningCount, failedTasks, createdAt,
                at, launchType, platformVersion, platformFamily, networkConfiguration, rolloutState,
                rolloutStateReason);
    }

    public Deployment withFailedTasks(int failed) {
        return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, failed, createdAt,
                updatedAt, launchType, platformVersion, platformFamily, networkConfiguration, rolloutState,
                rolloutStateReason);
    }

    /** The deployment as DescribeServices shows it at this moment: with its tasks counted. */
    public Deployment withCounts(int pending, int running) {
        return new Deployment(id, status, taskDefinition, desiredCount, pending, running, failedTasks, createdAt,
                updatedAt, launchType, platformVersion, platformFamily, networkConfiguration, rolloutState,
                rolloutStateReason);
    }
}
