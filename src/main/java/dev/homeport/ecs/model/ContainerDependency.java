package dev.homeport.ecs.model;

/** {@code dependsOn} entry: START, COMPLETE, SUCCESS or HEALTHY. */
public record ContainerDependency(String containerName, String condition) {
}
