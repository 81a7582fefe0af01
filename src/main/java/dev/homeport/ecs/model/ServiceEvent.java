package dev.homeport.ecs.model;

import java.time.Instant;

/** One entry of a service's {@code events}: what the scheduler did or saw, in ECS's sentences. */
public record ServiceEvent(String id, Instant createdAt, String message) {
}
