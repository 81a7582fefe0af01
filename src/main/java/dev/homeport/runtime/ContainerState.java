package dev.homeport.runtime;

import java.time.Instant;

/**
 * A snapshot of one container, as returned by {@link TaskDriver#inspect}.
 *
 * @param name       ECS container name
 * @param runtimeId  backend id of the container
 * @param status     lifecycle status
 * @param exitCode   exit code once EXITED and known (128+signal when killed, as Docker reports), else null
 * @param health     health verdict; UNKNOWN without a health check
 * @param startedAt  when it started, or null
 * @param finishedAt when it exited, or null
 * @param reason     ECS-style container {@code reason} when the backend knows why it ended
 *                   (e.g. "OutOfMemoryError: Container killed due to memory usage"), else null
 */
public record ContainerState(String name, String runtimeId, ContainerStatus status, Integer exitCode,
                             HealthStatus health, Instant startedAt, Instant finishedAt, String reason) {

    public boolean isRunning() {
        return status == ContainerStatus.RUNNING;
    }

    public boolean hasExited() {
        return status == ContainerStatus.EXITED;
    }
}
