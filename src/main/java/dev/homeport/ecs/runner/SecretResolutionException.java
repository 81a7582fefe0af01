package dev.homeport.ecs.runner;

/**
 * Secrets of a task could not be resolved. {@link #getMessage()} is the task's {@code stoppedReason},
 * worded as the ECS agent words it; it names secrets and causes, never values.
 */
public final class SecretResolutionException extends RuntimeException {
    public SecretResolutionException(String reason) {
        super(reason, null, false, false);
    }
}
