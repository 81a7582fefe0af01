package dev.homeport.ecs.model;

/**
 * A task's {@code lastStatus} and {@code desiredStatus}, in the order of the ECS task lifecycle ("Amazon ECS task
 * lifecycle"): PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED.
 * A desired status is RUNNING or STOPPED (PENDING only as a ListTasks filter).
 */
public enum TaskStatus {
    PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED;

    /** True from DEACTIVATING on: the task is on its way down (or down), whatever brought it there. */
    public boolean isStopping() {
        return compareTo(DEACTIVATING) >= 0;
    }
}
