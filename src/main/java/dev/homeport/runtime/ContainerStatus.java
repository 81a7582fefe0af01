package dev.homeport.runtime;

/** Lifecycle of one container as the backend sees it (ECS maps these to PENDING/RUNNING/STOPPED). */
public enum ContainerStatus {
    /** Created by {@link TaskDriver#provision}, not started yet. */
    CREATED,
    /** Its main process runs. */
    RUNNING,
    /** Its main process has ended; an exit code may be known. Final. */
    EXITED
}
