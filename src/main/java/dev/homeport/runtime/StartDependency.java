package dev.homeport.runtime;

import java.util.Objects;

/**
 * ECS {@code dependsOn}: carried in the spec for the supervisor; drivers never act on it.
 * The supervisor sequences {@link TaskDriver#startContainer} calls to honour it.
 */
public record StartDependency(String containerName, Condition condition) {

    /** ECS's dependency conditions. */
    public enum Condition { START, COMPLETE, SUCCESS, HEALTHY }

    public StartDependency {
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(condition, "condition");
    }
}
