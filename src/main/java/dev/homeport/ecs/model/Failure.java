package dev.homeport.ecs.model;

/** One item an operation could not act on; {@code reason} is {@code MISSING} for unknown resources. */
public record Failure(String arn, String reason, String detail) {
}
