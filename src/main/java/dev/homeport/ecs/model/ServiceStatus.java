package dev.homeport.ecs.model;

/**
 * A service's {@code status}: ACTIVE until DeleteService, DRAINING while its tasks stop, INACTIVE once they have
 * (an INACTIVE service stays describable for a while, as on ECS).
 */
public enum ServiceStatus {
    ACTIVE, DRAINING, INACTIVE
}
