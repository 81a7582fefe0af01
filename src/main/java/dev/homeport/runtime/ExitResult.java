package dev.homeport.runtime;

import java.time.Instant;

/**
 * How a container ended.
 *
 * @param exitCode   exit code (128+signal when killed by a signal), or null when unknown, for instance
 *                   because the container vanished (removed outside Homeport)
 * @param finishedAt when it ended, or null when unknown
 * @param reason     ECS-style reason when known (out of memory, container missing), else null
 */
public record ExitResult(Integer exitCode, Instant finishedAt, String reason) {

    /** The result for a container the backend no longer knows: treated as exited so that a task
     *  never shows RUNNING when nothing runs. */
    public static ExitResult missing(String containerName) {
        return new ExitResult(null, null, "Container " + containerName + " no longer exists in the runtime");
    }
}
