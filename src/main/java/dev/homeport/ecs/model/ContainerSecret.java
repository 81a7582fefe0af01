package dev.homeport.ecs.model;

/** A container secret: an environment variable filled from Secrets Manager or SSM at task start. */
public record ContainerSecret(String name, String valueFrom) {
}
