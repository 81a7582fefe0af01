package dev.homeport.ecs.model;

/** A container's {@code lastStatus} in DescribeTasks: ECS reports only these three for a task's containers. */
public enum ContainerLastStatus {
    PENDING, RUNNING, STOPPED
}
