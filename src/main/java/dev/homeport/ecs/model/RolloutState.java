package dev.homeport.ecs.model;

/** A deployment's {@code rolloutState} (the ECS deployment type's, with or without the circuit breaker). */
public enum RolloutState {
    IN_PROGRESS, COMPLETED, FAILED
}
