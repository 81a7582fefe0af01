package dev.homeport.ecs.model;

/**
 * A deployment's {@code status}: the PRIMARY one is the service's current configuration, ACTIVE ones are older
 * deployments that still have tasks, being replaced; INACTIVE ones are done with and no longer listed.
 */
public enum DeploymentStatus {
    PRIMARY, ACTIVE, INACTIVE
}
