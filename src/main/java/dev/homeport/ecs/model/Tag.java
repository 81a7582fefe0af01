package dev.homeport.ecs.model;

/** A resource tag; ECS spells its members {@code key} and {@code value}. */
public record Tag(String key, String value) {
}
